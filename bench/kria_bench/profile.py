"""Where the services' CPU goes: py-spy samples each service process, stacks are bucketed by module.

py-spy (a sampling profiler that attaches from outside; the services are not changed) records 100 stacks
a second per thread. Its own idle detection misses threads parked in Python-level waits (the aiosqlite
worker on its queue, thread pools, ``Condition.wait``, the event loop's ``epoll``), so samples whose
innermost frame is such a wait are dropped here: what is left is proportional to CPU time (the report
shows samples/rate next to the CPU seconds the kernel counted). A busy sample is charged to the first
frame, walking from the innermost one outwards, that belongs to a known library or to our code; neutral
standard-library frames (``re``, ``copy``, ``datetime``...) are charged to their caller.
"""

from __future__ import annotations

import inspect
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kria_bench.procstats import cpu_seconds

# (bucket, path fragments), first match wins; checked frame by frame from the innermost.
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("signing", ("/kria_gost/", "/gostcrypto/", "/asn1crypto/", "/pyhanko_certvalidator/",
                 "/cryptography/", "/oscrypto/")),
    ("JSON", ("/json/", "/orjson", "/rfc8785/", "/fastapi/encoders.py", "kria_shared/envelope.py")),
    ("validation", ("/pydantic/", "/pydantic_core/", "/annotated_types/", "/fastapi/_compat",
                    "/fastapi/dependencies/", "/pydantic_settings/")),
    ("DB", ("/sqlalchemy/", "/sqlmodel/", "/aiosqlite/", "/sqlite3/", "/asyncpg/")),
    ("Kafka", ("/aiokafka/", "/faststream/", "/kafka/")),
    ("HTTP", ("/uvicorn/", "/starlette/", "/fastapi/", "/h11/", "/httptools/", "/anyio/", "/multipart/")),
    ("logging", ("/logging/", "kria_shared/logging.py")),
    ("metrics", ("/prometheus_client/",)),
    ("event loop", ("/asyncio/", "/selectors.py", "/uvloop/")),
    ("app", ("/kria_",)),
]
ENTRY = ("kria_shared/serve.py", "/cli.py")  # process entry points: every stack has them
AUTH = ("/jwt/", "kria_shared/auth/")  # token checks anywhere in the stack (their RSA work is in cryptography)


def bucket_of(frames: list[str]) -> str:
    """``frames`` outermost first, as py-spy writes them: ``function (path)``."""
    if any(a in f for f in frames for a in AUTH):
        return "auth (JWT)"
    for frame in reversed(frames):
        for name, fragments in RULES:
            if any(x in frame for x in fragments):
                return name
    return "other"


# Innermost frames of a thread that waits (function, path suffix); the aiosqlite line is found at run time.
WAITS = (("Condition.wait", "/threading.py"), ("Event.wait", "/threading.py"), ("_worker", "/futures/thread.py"),
         ("select", "/selectors.py"), ("Queue.get", "/queue.py"), ("_wait_for_tstate_lock", "/threading.py"))


@cache
def _aiosqlite_wait() -> str:
    """``aiosqlite/core.py:<line>`` of the worker thread's blocking ``tx.get()``."""
    from aiosqlite import core

    lines, first = inspect.getsourcelines(core._connection_worker_thread)
    line = next((first + i for i, text in enumerate(lines) if "tx.get(" in text), 0)
    return f"aiosqlite/core.py:{line})"


def is_wait(leaf: str) -> bool:
    func, _, path = leaf.partition(" (")
    if leaf.endswith(_aiosqlite_wait()):
        return True
    path = path.rsplit(":", 1)[0]
    name = func.rsplit(".", 1)[-1]  # py-spy qualifies methods: EpollSelector.select
    return any((func == f or name == f) and path.endswith(p) for f, p in WAITS)


@dataclass
class Parsed:
    buckets: Counter[str] = field(default_factory=Counter)  # stage -> samples
    leaves: Counter[str] = field(default_factory=Counter)  # innermost function -> samples
    ours: Counter[str] = field(default_factory=Counter)  # innermost function of our code (kria_*) -> samples
    waiting: int = 0


def parse_raw(text: str) -> Parsed:
    """Busy samples per stage, per innermost function and per innermost function of ours (py-spy raw output)."""
    out = Parsed()
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        n = int(count)
        if is_wait(frames[-1]):
            out.waiting += n
            continue
        out.buckets[bucket_of(frames)] += n
        out.leaves[_short(frames[-1])] += n
        own = next((f for f in reversed(frames) if "/kria_" in f and not any(x in f for x in ENTRY)), None)
        out.ours[_short(own) if own else "(framework or worker thread only)"] += n
    return out


def _short(frame: str) -> str:
    func, _, path = frame.partition(" (")
    path = path.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/services/", "/shared/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{func} ({path})"


OUTSIDE_GIL = "outside the GIL (SQLite engine, socket and file syscalls)"


class Profiler:
    """One ``py-spy record --gil`` per service: only the thread holding the GIL is sampled, so the samples
    measure Python-level CPU; the rest of the CPU the kernel counted for the process ran outside the GIL
    (SQLite's engine between its GIL releases, socket and file syscalls) and is reported as such."""

    def __init__(self, pids: dict[str, int], workdir: Path, rate: int = 100) -> None:
        self.pids = pids
        self.files = {name: workdir / f"profile-{name}.txt" for name in pids}
        self.rate = rate
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self._cpu0: dict[str, float] = {}

    def start(self) -> None:
        self._cpu0 = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        exe = str(Path(sys.executable).with_name("py-spy"))
        for name, pid in self.pids.items():
            self.procs[name] = subprocess.Popen(
                [exe, "record", "-p", str(pid), "-o", str(self.files[name]), "--format", "raw", "--full-filenames",
                 "--gil", "-r", str(self.rate)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> dict[str, Any]:
        cpu = {name: cpu_seconds(pid) - self._cpu0[name] for name, pid in self.pids.items()}
        for p in self.procs.values():
            p.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        errors = {}
        for name, p in self.procs.items():
            try:
                _, err = p.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                _, err = p.communicate()
            if not self.files[name].exists():
                errors[name] = err.decode(errors="replace")[-300:]
        raw = {n: f.read_text() for n, f in self.files.items() if f.exists()}
        return summarise(raw, cpu, self.rate, errors)


def summarise(raw: dict[str, str], cpu: dict[str, float], rate: int,
              errors: dict[str, str] | None = None) -> dict[str, Any]:
    """CPU seconds per stage and service: GIL samples / rate per bucket, plus the CPU counted outside the GIL."""
    per: dict[str, Any] = {}
    total: dict[str, float] = {}
    for name, text in raw.items():
        parsed = parse_raw(text)
        n = sum(parsed.buckets.values())
        seconds = {k: v / rate for k, v in parsed.buckets.items()}
        seconds[OUTSIDE_GIL] = max(0.0, cpu.get(name, 0.0) - n / rate)
        for k, v in seconds.items():
            total[k] = total.get(k, 0.0) + v
        per[name] = {"cpu_s_counted": round(cpu.get(name, 0.0), 2), "gil_samples": n,
                     "waiting_samples_dropped": parsed.waiting, "stages_pct": _pct(seconds),
                     "top_functions_pct_of_gil": _top(parsed.leaves, n),
                     "top_own_code_pct_of_gil": _top(parsed.ours, n)}
    return {"method": f"py-spy --gil {rate} Hz per service; innermost known frame; CPU outside the GIL from the "
                      "kernel's count", "all_services_pct": _pct(total),
            "all_services_cpu_s": round(sum(total.values()), 2), "services": per, "errors": errors or {}}


def _top(c: Counter[str], n: int, k: int = 10) -> dict[str, float]:
    return {f: round(100 * v / n, 1) for f, v in c.most_common(k)} if n else {}


def _pct(c: dict[str, float]) -> dict[str, float]:
    n = sum(c.values())
    return {k: round(100 * v / n, 1) for k, v in sorted(c.items(), key=lambda kv: -kv[1])} if n else {}
