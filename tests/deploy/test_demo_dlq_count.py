"""The demo's `no_event_in_dlq` counts this run's dead letters only, not those an earlier run left on the broker."""

from __future__ import annotations

import asyncio
import time

import pytest

from kria_cli.demo.topics import dlq_events
from kria_shared.testing.kafka import unique

from .test_dlq_cli import dead_letter, event

pytestmark = pytest.mark.kafka


async def test_letters_of_an_earlier_run_are_not_counted(kafka_bootstrap: str) -> None:
    # A local broker keeps unprefixed DLQ topics between `kria demo` runs.
    await dead_letter(kafka_bootstrap, unique("old") + ".kria.certificates.v1",
                      [(event("ReservationRequested", "c-old-1"), "malformed"), (b"{", "malformed")])
    await asyncio.sleep(0.05)
    since_ms = int(time.time() * 1000)
    assert await dlq_events(kafka_bootstrap, "", since_ms) == 0
    await dead_letter(kafka_bootstrap, unique("new") + ".kria.certificates.v1", [(b"{", "malformed")])
    assert await dlq_events(kafka_bootstrap, "", since_ms) == 1
    assert await dlq_events(kafka_bootstrap, "") >= 3  # without the run's start every old letter counts
