"""A DLQ that cannot take a record during a broker blip must not make the batch count as handled: the good
records of the batch are applied, the poison one is retried later, and nothing is acknowledged unhandled."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, RecordTooLargeError, RequestTimedOutError
from aiokafka.structs import ConsumerRecord
from faststream import ContextRepo
from sqlmodel import Field, SQLModel, select

from kria_shared.consumer import EventConsumer
from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher, DeadLetterUnavailable, make_error_middleware
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError, is_transient
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory


class DlqUnitApplied(SQLModel, table=True):
    __tablename__ = "kit_unit_dlq_applied"
    id: int | None = Field(default=None, primary_key=True)
    seq: int


class FakeProducer:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.sent: list[tuple[str, bytes]] = []

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes, headers: Any) -> None:
        if self.error is not None:
            raise self.error
        self.sent.append((topic, value))


def record(seq: int) -> ConsumerRecord[Any, Any]:
    env = Envelope(type="TravelRecorded", source="kria/test", subject="c", correlation_id="t",
                   data=TravelRecorded(certificate_id="c", line_id=str(seq), kind="ticket", amount_kopecks=seq,
                                       on=date(2026, 11, 1)).model_dump(mode="json"))
    value = env.to_bytes()
    return ConsumerRecord("kria.certificates.v1", 0, seq, 0, 0, b"c", value, None, 1, len(value), [])


@pytest.mark.parametrize("exc", [KafkaTimeoutError(), KafkaConnectionError(), RequestTimedOutError(),
                                 DeadLetterUnavailable("x")])
def test_broker_blips_are_transient(exc: Exception) -> None:
    assert is_transient(exc)


def test_a_broker_refusal_of_the_record_itself_is_not_transient() -> None:
    assert not is_transient(RecordTooLargeError())


async def _consumer(tmp_path: Path, producer: FakeProducer) -> tuple[EventConsumer, Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3", [OutboxRecord, InboxRecord, DlqUnitApplied])
    await db.create_tables()

    async def handler(uow: UnitOfWork, env: Envelope, payload: Any) -> None:
        if payload.line_id == "2":
            raise DomainError("poison", "record 2 can never be applied")
        uow.session.add(DlqUnitApplied(seq=int(payload.line_id)))

    dlq = DeadLetterPublisher(producer, "g", "test")  # type: ignore[arg-type]
    return EventConsumer("test", "g", {"TravelRecorded": handler}, UnitOfWorkFactory(db, "kria/test"), dlq), db


async def _applied(db: Database) -> list[int]:
    async with db.session() as s:
        return sorted(r.seq for r in (await s.exec(select(DlqUnitApplied))).all())


class Msg:
    def __init__(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None:
        self.raw_message = records


async def test_dlq_down_during_a_batch_is_retried_then_not_acknowledged(tmp_path: Path) -> None:
    producer = FakeProducer(KafkaTimeoutError())
    consumer, db = await _consumer(tmp_path, producer)
    middleware = make_error_middleware(consumer.dlq, attempts=3, base_delay_s=0)(None, context=ContextRepo())
    poison = record(2)
    batch = Msg((record(1), poison, record(3)))

    async def call_next(msg: Msg) -> None:
        await consumer.process(msg.raw_message)

    with pytest.raises(DeadLetterUnavailable):
        await middleware.consume_scope(call_next, batch)  # raising = NACK: the batch is read again
    assert producer.sent == []
    # The good records are committed before the poison one is dead-lettered; the batch is not acked, so the
    # poison record is read again, and the inbox keeps the good ones from being applied twice.
    assert await _applied(db) == [1, 3]
    # The broker is back: the redelivered batch dead-letters the poison record, applies the rest once.
    producer.error = None
    await middleware.consume_scope(call_next, batch)
    assert [v for _, v in producer.sent] == [poison.value]
    assert await _applied(db) == [1, 3]


async def test_an_error_not_attributable_to_one_record_nacks_instead_of_dead_lettering_the_batch() -> None:
    producer = FakeProducer()
    dlq = DeadLetterPublisher(producer, "g", "test")  # type: ignore[arg-type]
    middleware = make_error_middleware(dlq, attempts=2, base_delay_s=0)(None, context=ContextRepo())

    async def broken(_: Msg) -> None:
        raise RuntimeError("a bug outside the per-record handling")

    with pytest.raises(RuntimeError):
        await middleware.consume_scope(broken, Msg((record(1), record(2), record(3))))
    assert producer.sent == [], "good records were dead-lettered and acknowledged"
    # A message of one record: the failure can only be about that record.
    single = record(4)
    assert await middleware.consume_scope(broken, Msg((single,))) is None
    assert [v for _, v in producer.sent] == [single.value]
