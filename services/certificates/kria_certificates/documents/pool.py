"""Worker processes that render the MSE documents side by side: WeasyPrint's layout is pure Python and holds the
interpreter lock, so a batch (an import's certificates, the CLI, the demo, the benchmark) is spread over one
process per core. Each worker exits when the process that started it dies, even by SIGKILL, and the pool is shut
down (pending work cancelled) when the ``with`` block is left by an error or Ctrl-C.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from types import TracebackType

from kria_certificates.documents import mse
from kria_shared.documents import Document, Paragraph

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """The initializer: the kernel signals this worker when its parent exits (Linux); elsewhere, or if the
    parent was already gone, a watch thread notices that the worker has been re-parented."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    # load the fonts, styles and templates now, not inside the first timed document
    for fmt in mse.Format:
        mse.RENDERERS[fmt](Document(title="Прогрев", number="", blocks=(Paragraph("текст"),)))


def _pid_after(seconds: float) -> int:
    """Which worker answered; the pause lets a worker still warming up take its share."""
    time.sleep(seconds)
    return os.getpid()


def _render(doc: Document, fmt: mse.Format) -> tuple[bytes, float]:
    """The document and the CPU seconds it took in this worker."""
    started = time.process_time()
    return mse.RENDERERS[fmt](doc), time.process_time() - started


class RenderPool:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.cpu_seconds = 0.0  # the workers' CPU time spent on documents, for the benchmark
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> RenderPool:
        # spawn, not fork: a fork of a process with pango, threads or an event loop is not safe
        self._executor = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"), initializer=_die_with,
                                             initargs=(os.getpid(),))
        # start every worker now (and wait for its warm-up), so that a caller timing a batch times documents only
        try:
            answered: set[int] = set()
            deadline = time.monotonic() + 120
            while len(answered) < self.workers and time.monotonic() < deadline:
                answered |= {f.result() for f in [self._executor.submit(_pid_after, 0.05)
                                                  for _ in range(self.workers)]}
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def render(self, jobs: Iterable[tuple[Document, mse.Format]]) -> Iterator[bytes]:
        """Each job's bytes, in the order of the jobs; every job is queued at once."""
        if self._executor is None:
            raise RuntimeError("RenderPool is used outside its with block")
        futures: list[Future[tuple[bytes, float]]] = [self._executor.submit(_render, d, f) for d, f in jobs]
        try:
            for future in futures:
                data, cpu = future.result()
                self.cpu_seconds += cpu
                yield data
        finally:
            for future in futures:
                future.cancel()
