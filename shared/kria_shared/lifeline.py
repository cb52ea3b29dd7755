"""Child processes that end when the process that started them ends.

`kria demo`, the tests and the benchmark start Kafka and the services as children in their own sessions (so
that a Ctrl-C in the terminal reaches the parent only, which stops them in order). When the parent is killed
instead (SIGKILL, a CI timeout), those children used to live on with PPID 1, holding the demo's ports
8100–8104. On Linux the kernel can send them SIGTERM the moment their parent dies: ``prctl(PR_SET_PDEATHSIG)``,
set between fork and exec (it survives exec). It fires when the *thread* that started the child ends, so start
such children from a thread that lives as long as the parent wants them (the main thread, the event loop).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def ask_kernel_for_sigterm_when_parent_dies() -> None:
    """Best effort: elsewhere than on Linux, or without a libc, nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


def dies_with_this_process() -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets SIGTERM when this process ends."""
    parent = os.getpid()

    def in_child() -> None:
        ask_kernel_for_sigterm_when_parent_dies()
        if os.getppid() != parent:  # the parent died between fork and prctl: no signal will come
            os._exit(1)

    return in_child
