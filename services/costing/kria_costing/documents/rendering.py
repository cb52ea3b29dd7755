"""PDFs rendered in worker processes. WeasyPrint holds the GIL for seconds per прейскурант: in a thread it would
stall the service's event loop (HTTP, the Kafka consumer) and use one core however many lists are asked for.

The workers die with the service: a SIGKILLed or stopped service must not leave orphans rendering on
(seen: 14 of them at 30-60 % CPU). See ``worker_lifeline`` and ``shutdown``.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from kria_costing.documents.lifeline import worker_lifeline
from kria_costing.documents.pdf import pdf_bytes

T = TypeVar("T")
WORKERS = max(1, min(4, os.cpu_count() or 1))
_pools: list[ProcessPoolExecutor] = []


def _pool() -> ProcessPoolExecutor:
    if not _pools:  # started on the first PDF: a service nobody asks for documents keeps no idle processes
        # spawn, not fork: a fork of a process running threads (the Kafka client's) may inherit their held locks
        _pools.append(ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"),
                                          initializer=worker_lifeline, initargs=(os.getpid(),)))
    return _pools[0]


def _discard(pool: ProcessPoolExecutor) -> None:
    if _pools and _pools[0] is pool:
        _pools.pop()
    pool.shutdown(wait=False)


def _processes(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    return list((getattr(pool, "_processes", None) or {}).values())  # the executor does not list them publicly


def worker_pids() -> list[int]:
    """The pids of the live PDF workers (none before the first PDF and after ``shutdown``)."""
    return [p.pid for pool in _pools for p in _processes(pool) if p.pid is not None and p.is_alive()]


def shutdown() -> None:
    """Stop the workers (the service's stop): queued renders are dropped, running ones end with their worker."""
    while _pools:
        pool = _pools.pop()
        workers = _processes(pool)  # taken before shutdown forgets them
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:  # a worker in the middle of a render would finish it first: not worth waiting
            if process.is_alive():
                process.terminate()


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
