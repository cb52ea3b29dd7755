"""The MSE documents' pool of worker processes: the same documents as rendered in-process, in the order asked,
and no worker outliving the process that started it (killed with SIGKILL, which runs no clean-up)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kria_certificates.documents import mse, wordml
from kria_certificates.documents.pool import RenderPool
from kria_certificates.domain.mse_forms import Addressee, build
from kria_shared.testing.documents import pdf_text
from tests.unit.certificates.test_mse_forms import DATA
from tests.unit.certificates.test_mse_renderers import _parts

pytestmark = pytest.mark.slow  # workers are spawned processes that load WeasyPrint

ROOT = Path(__file__).resolve().parents[3]
ORPHAN = """
import sys, time
from kria_certificates.documents.pool import RenderPool
with RenderPool(2) as pool:
    print(" ".join(str(p) for p in pool._executor._processes), flush=True)
    time.sleep(600)
"""


def test_the_pool_renders_what_the_process_renders_in_the_order_asked() -> None:
    docs = [build(DATA, to) for to in Addressee]
    jobs = [(d, fmt) for d in docs for fmt in (mse.Format.DOCX, mse.Format.PDF)]
    with RenderPool(2) as pool:
        out = list(pool.render(jobs))
    assert pool.cpu_seconds > 0
    for (doc, fmt), data in zip(jobs, out, strict=True):
        if fmt is mse.Format.DOCX:
            assert _parts(data) == _parts(wordml.to_docx_fast(doc))  # the zip's times differ
        else:
            assert pdf_text(data) == pdf_text(mse.RENDERERS[fmt](doc))


def test_a_pool_used_outside_its_with_block_says_so() -> None:
    with pytest.raises(RuntimeError, match="outside its with block"):
        next(RenderPool(1).render([]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its dead parent's reaper) counts as gone
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_workers_die_with_the_process_that_started_them() -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 30
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in workers), "a worker outlived its parent"
    finally:
        parent.kill()
        parent.wait()
