"""A poison record reaches the DLQ once, however often its batch is retried or read again: the DLQ (and what
``kria dlq replay`` re-publishes) must not fill with copies while the database is down."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError
from aiokafka.structs import ConsumerRecord
from faststream import ContextRepo
from sqlmodel import Field, SQLModel, select

from kria_shared.consumer import EventConsumer
from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher, DeadLetterUnavailable, make_error_middleware
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError, TransientError
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory

TOPIC = "kria.certificates.v1"


class OnceApplied(SQLModel, table=True):
    __tablename__ = "kit_unit_dlq_once_applied"
    id: int | None = Field(default=None, primary_key=True)
    seq: int


class FlakyProducer:
    """Fails the sends whose number (1-based) is in ``fail_on``."""

    def __init__(self, fail_on: set[int] | None = None) -> None:
        self.fail_on = fail_on or set()
        self.attempts = 0
        self.sent: list[bytes] = []

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes, headers: Any) -> None:
        self.attempts += 1
        if self.attempts in self.fail_on:
            raise KafkaTimeoutError()
        self.sent.append(value)


def good(offset: int) -> ConsumerRecord[Any, Any]:
    env = Envelope(type="TravelRecorded", source="kria/test", subject="c", correlation_id="t",
                   data=TravelRecorded(certificate_id="c", line_id=str(offset), kind="ticket", amount_kopecks=offset,
                                       on=date(2026, 11, 1)).model_dump(mode="json"))
    return raw(offset, env.to_bytes())


def raw(offset: int, value: bytes) -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(TOPIC, 0, offset, 0, 0, b"c", value, None, 1, len(value), [])


class Msg:
    def __init__(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None:
        self.raw_message = records


async def _setup(tmp_path: Path, producer: FlakyProducer, transient_failures: int = 0,
                 ) -> tuple[EventConsumer, Any, Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/o.sqlite3", [OutboxRecord, InboxRecord, OnceApplied])
    await db.create_tables()
    left = [transient_failures]

    async def handler(uow: UnitOfWork, env: Envelope, payload: Any) -> None:
        if left[0] > 0:
            left[0] -= 1
            raise TransientError("database unavailable")
        if payload.line_id == "13":
            raise DomainError("poison", "record 13 can never be applied")
        uow.session.add(OnceApplied(seq=int(payload.line_id)))

    dlq = DeadLetterPublisher(producer, "g", "test")  # type: ignore[arg-type]
    consumer = EventConsumer("test", "g", {"TravelRecorded": handler}, UnitOfWorkFactory(db, "kria/test"), dlq)
    middleware = make_error_middleware(dlq, attempts=3, base_delay_s=0)(None, context=ContextRepo())

    async def deliver(records: tuple[ConsumerRecord[Any, Any], ...]) -> Any:
        async def call_next(msg: Msg) -> None:
            await consumer.process(msg.raw_message)

        return await middleware.consume_scope(call_next, Msg(records))

    return consumer, deliver, db


async def _applied(db: Database) -> list[int]:
    async with db.session() as s:
        return sorted(r.seq for r in (await s.exec(select(OnceApplied))).all())


async def test_a_malformed_record_is_dead_lettered_once_when_its_batch_is_retried(tmp_path: Path) -> None:
    producer = FlakyProducer()
    _, deliver, db = await _setup(tmp_path, producer, transient_failures=1)
    malformed = raw(0, b"{not json")
    await deliver((malformed, good(1)))  # the good record's handler fails transiently once: the batch is retried
    assert producer.sent == [malformed.value]
    assert await _applied(db) == [1]
    await db.close()


async def test_a_poison_record_is_dead_lettered_once_when_its_batch_is_read_again(tmp_path: Path) -> None:
    producer = FlakyProducer()
    _, deliver, db = await _setup(tmp_path, producer)
    batch = (good(12), good(13), raw(14, b""))
    await deliver(batch)
    await deliver(batch)  # e.g. the offsets were not committed before a rebalance
    assert producer.sent == [batch[1].value, batch[2].value]
    assert await _applied(db) == [12]
    await db.close()


async def test_a_dlq_blip_mid_batch_does_not_duplicate_the_records_already_dead_lettered(tmp_path: Path) -> None:
    producer = FlakyProducer(fail_on={2})  # the first poison record goes through, the second send times out
    _, deliver, db = await _setup(tmp_path, producer)
    first, second = raw(0, b"{not json"), raw(1, b"[]")
    await deliver((first, good(2), second))
    assert producer.sent == [first.value, second.value]
    assert await _applied(db) == [2]
    await db.close()


async def test_while_the_database_stays_down_nothing_is_dead_lettered(tmp_path: Path) -> None:
    producer = FlakyProducer()
    _, deliver, db = await _setup(tmp_path, producer, transient_failures=100)
    with pytest.raises(TransientError):
        await deliver((raw(0, b"{not json"), good(1)))  # NACK: the batch is read again later
    assert producer.sent == [], "dead-lettered before the batch it belongs to was committed"
    await db.close()


async def test_a_dlq_that_stays_down_is_still_not_acknowledged(tmp_path: Path) -> None:
    producer = FlakyProducer(fail_on=set(range(1, 10)))
    _, deliver, db = await _setup(tmp_path, producer)
    with pytest.raises(DeadLetterUnavailable):
        await deliver((raw(0, b"{not json"),))
    assert producer.sent == []
    await db.close()
