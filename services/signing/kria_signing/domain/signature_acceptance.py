"""When a signature of a conclusion is accepted (made here or uploaded): it passed verification, it was not made
in the future, and it was made by the caller. Each refusal carries the reason it is counted under."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kria_shared.errors import DomainError, Forbidden

# A signingTime ahead of our clock by more than this is refused: a signature cannot be made in the future.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class CheckedSignature:
    """The verification's outcome, reduced to what acceptance needs."""

    passed: bool
    sub_indication: str | None
    signer_snils: str | None
    signing_time: datetime | None
    report: dict[str, Any]


class SignatureRejected(DomainError):
    """``signature_rejected`` (422); ``counted_as`` is the metric's low-cardinality reason."""

    def __init__(self, counted_as: str, message: str, report: dict[str, Any]) -> None:
        super().__init__("signature_rejected", message, report=report)
        self.counted_as = counted_as


class SignatureNotByCaller(Forbidden):
    counted_as = "SIGNER_NOT_CALLER"

    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__("signature_not_by_caller", "the signature was made by someone other than the caller",
                         report=report)


def accept(checked: CheckedSignature, caller_snils: str | None, now: datetime) -> str:
    """The signer's SNILS of an acceptable signature; otherwise the refusal."""
    if not checked.passed:
        raise SignatureRejected(checked.sub_indication or "FAILED",
                                f"the signature failed verification: {checked.sub_indication}", checked.report)
    if checked.signing_time is not None and checked.signing_time > now + CLOCK_SKEW:
        raise SignatureRejected("SIGNING_TIME_IN_FUTURE", "the signature's signingTime is in the future",
                                checked.report)
    if checked.signer_snils is None or checked.signer_snils != caller_snils:
        raise SignatureNotByCaller(checked.report)
    return checked.signer_snils
