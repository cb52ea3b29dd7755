"""The PDF is rendered in a worker process (WeasyPrint holds the GIL for seconds: in the service's own process it
would stall the event loop), and a worker that dies does not leave the service unable to render."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from kria_costing.documents import rendering


async def test_the_call_runs_in_another_process() -> None:
    assert await rendering.in_worker(os.getpid) != os.getpid()


async def test_a_dead_worker_is_replaced_by_a_fresh_pool() -> None:
    with pytest.raises(BrokenProcessPool):  # dies on the first pool and on the retry's
        await rendering.in_worker(os._exit, 3)
    assert isinstance(await rendering.in_worker(os.getpid), int)

