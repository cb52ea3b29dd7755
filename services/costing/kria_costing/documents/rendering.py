"""PDFs rendered in worker processes. WeasyPrint holds the GIL for seconds per прейскурант: in a thread it would
stall the service's event loop (HTTP, the Kafka consumer) and use one core however many lists are asked for."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from kria_costing.documents.pdf import pdf_bytes

T = TypeVar("T")
WORKERS = max(1, min(4, os.cpu_count() or 1))
_pools: list[ProcessPoolExecutor] = []


def _pool() -> ProcessPoolExecutor:
    if not _pools:  # started on the first PDF: a service nobody asks for documents keeps no idle processes
        # spawn, not fork: a fork of a process running threads (the Kafka client's) may inherit their held locks
        _pools.append(ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")))
    return _pools[0]


def _discard(pool: ProcessPoolExecutor) -> None:
    if _pools and _pools[0] is pool:
        _pools.pop()
    pool.shutdown(wait=False)


async def in_worker(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a worker process; a pool broken by a dead worker (killed, out of memory) is replaced and the
    call tried once more on the fresh one."""
    loop = asyncio.get_running_loop()
    pool = _pool()
    try:
        return await loop.run_in_executor(pool, fn, *args)
    except BrokenProcessPool:
        _discard(pool)
    pool = _pool()
    try:
        return await loop.run_in_executor(pool, fn, *args)
    except BrokenProcessPool:
        _discard(pool)
        raise


async def render_pdf(doc: dict[str, Any]) -> bytes:
    return await in_worker(pdf_bytes, doc)
