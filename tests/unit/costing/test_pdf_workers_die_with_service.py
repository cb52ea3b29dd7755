"""The PDF workers die with the service (the bug: a SIGKILLed costing left its workers rendering on as orphans).

Real processes: a child process plays the service, starts the pool and keeps its workers busy; the test kills
the child with SIGKILL (no clean-up of any kind runs) and watches the workers through /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kria_costing.documents import rendering

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")

SERVICE = """
import asyncio, os, sys, time
from kria_costing.documents import rendering

async def main() -> None:
    await rendering.in_worker(os.getpid)  # a worker is up and has run its initializer
    busy = [asyncio.ensure_future(rendering.in_worker(time.sleep, 600)) for _ in range(rendering.WORKERS)]
    await asyncio.sleep(0.5)  # the sleeps are handed to the workers: they are "rendering"
    print("busy", flush=True)
    await asyncio.gather(*busy)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie no longer runs anything; reaping it is its new parent's business


def _workers_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if ppid == parent and b"spawn_main" in command:  # not the resource tracker, which exits on its own
            found.append(int(entry.name))
    return found


def _poll(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_busy_workers_die_when_the_service_is_killed() -> None:
    service = subprocess.Popen([sys.executable, "-c", SERVICE], stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert service.stdout is not None
        assert service.stdout.readline().strip() == "busy"
        workers = _workers_of(service.pid)
        assert workers, "the service started no worker process"
        os.kill(service.pid, signal.SIGKILL)
        service.wait(timeout=10)
        assert _poll(lambda: not any(_alive(pid) for pid in workers), 10), (
            f"workers outlived the killed service: {[pid for pid in workers if _alive(pid)]}")
    finally:
        if service.poll() is None:
            service.kill()
        for pid in workers:  # never leave a stray process behind, whatever happened above
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


async def test_the_service_stop_ends_the_workers() -> None:
    await rendering.in_worker(os.getpid)
    workers = rendering.worker_pids()
    assert workers and set(workers) <= set(_workers_of(os.getpid()))
    rendering.shutdown()
    assert _poll(lambda: not any(_alive(pid) for pid in workers), 10)
    assert rendering.worker_pids() == []
    assert await rendering.in_worker(os.getpid) != os.getpid()  # a later PDF starts a fresh pool
    rendering.shutdown()


def test_a_worker_whose_parent_is_already_gone_exits_at_once() -> None:
    """The race the kernel's signal cannot cover: the service died before the worker asked for it."""
    started_by_someone_else = """
import time
from kria_costing.documents.lifeline import worker_lifeline
worker_lifeline(1)  # not this process's parent: as if the service that started it were gone
time.sleep(60)
"""
    worker = subprocess.run([sys.executable, "-c", started_by_someone_else], timeout=30, check=False)
    assert worker.returncode == 1
