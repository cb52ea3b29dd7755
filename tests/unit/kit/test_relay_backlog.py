"""The outbox backlog gauge shows the real number of unsent events, and keeps showing it while Kafka is down
(the `> 1000` alert depends on it)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError

from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.metrics import registry
from kria_shared.outbox import OutboxRecord
from kria_shared.relay import OutboxRelay
from kria_shared.uow import UnitOfWorkFactory


class Producer:
    def __init__(self) -> None:
        self.down = True
        self.sent = 0

    async def send(self, topic: str, **_: Any) -> asyncio.Future[None]:
        if self.down:
            raise KafkaConnectionError("broker unreachable")
        self.sent += 1
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


def backlog(service: str) -> float | None:
    return registry.get_sample_value("kria_outbox_pending_events", {"service": service})


async def test_the_backlog_gauge_counts_every_pending_event_even_with_kafka_down(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/o.sqlite3", [OutboxRecord])
    await db.create_tables()
    uows = UnitOfWorkFactory(db, "kria/test")
    for seq in range(1500):
        async with uows() as uow:
            uow.emit(TravelRecorded(certificate_id="c", line_id=str(seq), kind="ticket", amount_kopecks=1,
                                    on=date(2026, 11, 1)), subject="c")
    producer = Producer()
    relay = OutboxRelay(db, producer, "backlog-test", batch=100)  # type: ignore[arg-type]

    for _ in range(2):  # pass after pass with the broker down: still the whole backlog, not 0 nor 100
        with pytest.raises(KafkaConnectionError):
            await relay.publish_pending()
        assert backlog("backlog-test") == 1500

    producer.down = False
    assert await relay.publish_pending() == 100
    assert backlog("backlog-test") == 1400
    while await relay.publish_pending():
        pass
    assert producer.sent == 1500 and backlog("backlog-test") == 0
    await db.close()
