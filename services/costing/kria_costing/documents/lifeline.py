"""A worker process that ends when the process that started it ends.

A ProcessPoolExecutor's workers are plain children: when the service is SIGKILLed they are re-parented and go
on with what they were doing, then wait forever on a queue whose other end they hold themselves. Two guards,
installed by the pool's initializer in each worker:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGTERM)`` — the kernel sends SIGTERM the moment the parent dies, even in
  the middle of a render. (It fires when the *thread* that started the worker ends: the pool starts its
  workers from the thread that submits, the service's event loop, which lives as long as the service.)
- Everywhere: a daemon thread that polls ``os.getppid()`` and exits the worker once it is no longer the
  parent it was started by (other systems; a parent that died before the prctl took effect).
"""

from __future__ import annotations

import os
import threading
import time

from kria_shared.lifeline import ask_kernel_for_sigterm_when_parent_dies

POLL_S = 1.0  # how often the fallback looks at the parent; a worker outlives its parent by at most this


def _orphaned(parent_pid: int) -> bool:
    return os.getppid() != parent_pid


def _watch(parent_pid: int) -> None:
    while not _orphaned(parent_pid):
        time.sleep(POLL_S)
    os._exit(1)  # nothing to clean up: the work was for a parent that is gone


def worker_lifeline(parent_pid: int) -> None:
    """The pool's initializer: tie this worker's life to ``parent_pid`` (the service's pid)."""
    ask_kernel_for_sigterm_when_parent_dies()
    if _orphaned(parent_pid):  # the parent died before the prctl: no signal will come
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True).start()
