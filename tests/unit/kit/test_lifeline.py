"""A child started with the kit's lifeline ends when its parent is SIGKILLed (the demo's orphaned services and
brokers, PPID 1 and holding ports 8100-8104, after a killed run)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import subprocess, sys, time
from kria_shared.lifeline import dies_with_this_process
preexec = dies_with_this_process() if sys.argv[1] == "tied" else None
child = subprocess.Popen(["sleep", "120"], start_new_session=True, preexec_fn=preexec)
print(child.pid, flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; its new parent has not reaped it yet


def _orphan_after_parent_killed(mode: str) -> int:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, mode], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=10)
    return child


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_child_tied_to_its_parent_ends_when_the_parent_is_killed() -> None:
    child = _orphan_after_parent_killed("tied")
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def test_without_the_lifeline_the_child_lives_on() -> None:
    """The control: what the demo's children did before (so the test above can fail)."""
    child = _orphan_after_parent_killed("loose")
    try:
        time.sleep(0.5)
        assert _running(child)
    finally:
        os.kill(child, signal.SIGKILL)
