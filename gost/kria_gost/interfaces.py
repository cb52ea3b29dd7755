"""The two roles other code depends on: a `Signer` makes a detached CMS, a `Verifier` checks one.

Typed protocols rather than loose callables, so a service (or a test stand-in) is checked against them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Protocol, runtime_checkable

from kria_gost.report import VerificationReport
from kria_gost.trust import TrustConfig

AuthorisedAt = Callable[[datetime], Collection[str]]  # signingTime -> the SNILS authorised at that moment


@runtime_checkable
class Signer(Protocol):
    name: str  # "soft-gost" ...
    is_qualified: bool  # False for the software backend: production refuses it

    def signer_certificate(self) -> bytes: ...  # DER

    async def sign_detached(self, content: bytes, *, signing_time: datetime) -> bytes: ...  # DER CMS


class Verifier(Protocol):
    """The shape of `verify_detached`: never raises on hostile input, only on a naive `at`."""

    async def __call__(
        self,
        content: bytes,
        cms_der: bytes,
        trust: TrustConfig,
        *,
        authorised_snils: set[str] | None = None,
        authorised_at: AuthorisedAt | None = None,
        bureau_ogrn: str | None = None,
        organisation_id: str | None = None,
        at: datetime | None = None,
    ) -> VerificationReport: ...
