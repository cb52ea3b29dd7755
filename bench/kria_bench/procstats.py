"""CPU seconds and peak resident memory of the processes taking part (services, relays, broker, driver)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import psutil


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (its threads included); 0 once it is gone."""
    try:
        t = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(t.user + t.system)


def tree_cpu_seconds(pid: int) -> float:
    """CPU of a server and its live children (a PostgreSQL postmaster and its backends)."""
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of the resident set (VmHWM, Linux); the current RSS where that is not available."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except psutil.Error:
        return 0.0


def listener_pid(bootstrap: str) -> int | None:
    """The process listening on a server's port when it runs on this machine (for its CPU share)."""
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    if not port or host not in ("127.0.0.1", "localhost", "0.0.0.0", "::1", ""):
        return None
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == int(port) and conn.pid:
                return int(conn.pid)
    except (psutil.Error, ValueError):
        return None
    return None


@dataclass
class Meter:
    """CPU used by named processes between ``start()`` and ``stop()``, and their peak RSS at ``stop()``."""

    pids: dict[str, int]
    trees: frozenset[str] = frozenset()  # names whose children's CPU counts too
    _cpu0: dict[str, float] | None = None
    cpu_s: dict[str, float] | None = None
    peak_mb: dict[str, float] | None = None

    def _cpu(self, name: str, pid: int) -> float:
        return tree_cpu_seconds(pid) if name in self.trees else cpu_seconds(pid)

    def start(self) -> Meter:
        self._cpu0 = {n: self._cpu(n, p) for n, p in self.pids.items()}
        return self

    def stop(self) -> Meter:
        assert self._cpu0 is not None, "Meter.stop() before start()"
        self.cpu_s = {n: round(self._cpu(n, p) - self._cpu0[n], 2) for n, p in self.pids.items()}
        self.peak_mb = {n: round(peak_rss_mb(p), 1) for n, p in self.pids.items()}
        return self


def own_pid() -> int:
    return os.getpid()
