"""RED per handler: the consumer counts events by event type and outcome and times each handler call by type;
labels stay bounded (an undecodable record is 'unknown', never its raw type or an id)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from aiokafka.structs import ConsumerRecord

from kria_shared.consumer import EventConsumer
from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError
from kria_shared.inbox import InboxRecord
from kria_shared.metrics import registry
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory

SERVICE = "metrics-test"
TOPIC = "kria.certificates.v1"


class _Sent:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes, headers: Any) -> None:
        self.sent.append(topic)


def travel(seq: int) -> Envelope:
    return Envelope(type="TravelRecorded", source="kria/test", subject="c", correlation_id="t",
                    data=TravelRecorded(certificate_id="c", line_id=str(seq), kind="ticket", amount_kopecks=seq,
                                        on=date(2026, 11, 1)).model_dump(mode="json"))


def record(offset: int, value: bytes) -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(TOPIC, 0, offset, 0, 0, b"c", value, None, 1, len(value), [])


def events(event_type: str, outcome: str) -> float:
    labels = {"service": SERVICE, "topic": TOPIC, "type": event_type, "outcome": outcome}
    return registry.get_sample_value("kria_consumer_events_total", labels) or 0.0


def handled(event_type: str) -> float:
    labels = {"service": SERVICE, "type": event_type}
    return registry.get_sample_value("kria_consumer_handler_duration_seconds_count", labels) or 0.0


async def test_events_are_counted_and_timed_by_event_type(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/m.sqlite3", [OutboxRecord, InboxRecord])
    await db.create_tables()

    async def handler(uow: UnitOfWork, env: Envelope, payload: Any) -> None:
        if payload.line_id == "2":
            raise DomainError("poison", "record 2 can never be applied")

    dlq = DeadLetterPublisher(_Sent(), "g", SERVICE)  # type: ignore[arg-type]
    consumer = EventConsumer(SERVICE, "g", {"TravelRecorded": handler}, UnitOfWorkFactory(db, "kria/test"), dlq)
    good, poison = travel(1), travel(2)
    await consumer.process([record(0, good.to_bytes()), record(1, poison.to_bytes()), record(2, b"{not json")])
    await consumer.process([record(0, good.to_bytes())])  # redelivered: the inbox absorbs it

    assert events("TravelRecorded", "processed") == 1
    assert events("TravelRecorded", "dead_lettered") == 1
    assert events("TravelRecorded", "duplicate") == 1
    assert events("unknown", "dead_lettered") == 1  # undecodable: its type cannot be trusted
    # batch (2 calls, rolled back) + replay of each record (2 calls); the duplicate is not handled
    assert handled("TravelRecorded") == 4
    assert handled("unknown") == 0
    await db.close()
