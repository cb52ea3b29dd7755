"""The crypto the service calls, gathered in one typed object so tests can hand in a stand-in.

The real ones live in the workspace package ``kria_gost`` (GOST CMS, verification, dev PKI); each field is
typed with that package's protocols, so a stand-in is checked against the same shapes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # the GOST stack (gostcrypto, pyhanko) loads only when real_crypto() is called
    from kria_gost import DevPki, Signer, TrustConfig, Verifier

T = TypeVar("T")


class SignerLoader(Protocol):
    def __call__(self, keystore: Path, password: bytes, chain: list[Path]) -> Signer: ...


class DevPkiMaker(Protocol):
    def __call__(self, directory: Path, *, now: datetime, bureau_ogrn: str = ...) -> DevPki: ...


class TrustMaker(Protocol):
    def __call__(self, *, trust_roots: list[bytes], intermediates: list[bytes], crls: list[bytes],
                 production: bool = ...) -> TrustConfig: ...


@dataclass(frozen=True)
class CryptoPort:
    verify_detached: Verifier
    load_soft_backend: SignerLoader
    init_dev_pki: DevPkiMaker
    load_dev_pki: Callable[[Path], DevPki]
    trust_config: TrustMaker


def real_crypto() -> CryptoPort:
    import kria_gost

    return CryptoPort(
        verify_detached=kria_gost.verify_detached,
        load_soft_backend=kria_gost.load_soft_backend,
        init_dev_pki=kria_gost.init_dev_pki,
        load_dev_pki=kria_gost.load_dev_pki,
        trust_config=kria_gost.TrustConfig,
    )


async def off_the_loop(call: Callable[[], Awaitable[T]]) -> T:
    """Run a CPU-bound GOST coroutine (pure Python: ~0.1 s per operation, a verification makes several) in a
    worker thread with its own event loop, so the consumer, relay and other requests keep running meanwhile."""
    return await asyncio.to_thread(lambda: asyncio.run(_awaited(call)))


async def _awaited(call: Callable[[], Awaitable[T]]) -> T:
    return await call()
