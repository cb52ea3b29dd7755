"""The crypto functions the service calls, gathered in one object so tests can hand in a stand-in.

The real ones live in ``kria_signing.crypto`` (GOST CMS, verification, dev PKI), written to the
interface agreed between the two signing engineers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class CryptoPort:
    verify_detached: Callable[..., Awaitable[Any]]
    load_soft_backend: Callable[..., Any]
    init_dev_pki: Callable[..., Any]
    load_dev_pki: Callable[..., Any]
    trust_config: Callable[..., Any]


def real_crypto() -> CryptoPort:
    from kria_signing import crypto

    return CryptoPort(
        verify_detached=crypto.verify_detached,
        load_soft_backend=crypto.load_soft_backend,
        init_dev_pki=crypto.init_dev_pki,
        load_dev_pki=crypto.load_dev_pki,
        trust_config=crypto.TrustConfig,
    )


async def off_the_loop(call: Callable[[], Awaitable[T]]) -> T:
    """Run a CPU-bound GOST coroutine (pure Python: ~0.1 s per operation, a verification makes several) in a
    worker thread with its own event loop, so the consumer, relay and other requests keep running meanwhile."""
    return await asyncio.to_thread(lambda: asyncio.run(_awaited(call)))


async def _awaited(call: Callable[[], Awaitable[T]]) -> T:
    return await call()
