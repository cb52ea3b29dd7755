"""A service without its broker: the real HTTP app, the real consumer code path, a SQLite store.

``broker_free(app)`` starts only the store (migrations run); the relay, the consumer and the background jobs
are not started, and nothing connects to Kafka. Events are handed to the service's own ``EventConsumer`` (the
same decode, inbox, handler table and commit as a batch from the broker), and what the service emitted is read
from its outbox. A record the consumer dead-letters is kept in ``dead_letters`` instead of being sent.

This is the same case in memory and real, not an imitation broker: ordering, redelivery, DLQ topics and
restarts stay in the real-broker tests.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI
from sqlmodel import SQLModel, col, select

from kria_shared.consumer import EventConsumer
from kria_shared.contracts.common import Payload
from kria_shared.contracts.registry import REGISTRY, payload_type
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings
from kria_shared.uow import UnitOfWorkFactory

_offsets = itertools.count()


@dataclass(frozen=True)
class DeadLetter:
    envelope_type: str | None
    reason: str
    detail: str


class _KeptDeadLetters:
    """Stands where the DLQ producer would: keeps what the consumer dead-letters, for the test to read."""

    def __init__(self) -> None:
        self.kept: list[DeadLetter] = []

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes, headers: Any) -> None:
        named = {k: bytes(v).decode() for k, v in headers}
        self.kept.append(DeadLetter(named.get("ce_type"), named["dlq_reason"], named["dlq_detail"]))


def broker_free_settings(service: str, tmp_path: Path, **changes: Any) -> ServiceSettings:
    """Settings of a service on a fresh SQLite file, with the adjustable development clock."""
    values: dict[str, Any] = {"service": service, "database_url": f"sqlite+aiosqlite:///{tmp_path}/{service}.sqlite3",
                              "var_dir": tmp_path, "dev_clock": True, **changes}
    return ServiceSettings(**values)


def runtime_of(target: FastAPI | ServiceRuntime) -> ServiceRuntime:
    runtime = target.state.runtime if isinstance(target, FastAPI) else target
    assert isinstance(runtime, ServiceRuntime), "not an app built by ServiceRuntime.http_app"
    return runtime


def envelope_of(event: Payload | Envelope, *, subject: str | None = None, cause: str | None = None) -> Envelope:
    """An event as its producer would send it: the subject defaults to the payload's ``certificate_id``."""
    if isinstance(event, Envelope):
        return event
    name = payload_type(event)
    producer = REGISTRY.topic_of[name].split(".")[1]  # kria.<service>.v1
    subject = subject or getattr(event, "certificate_id", None)
    if not subject:
        raise ValueError(f"{name} has no certificate_id: pass subject=")
    return Envelope(type=name, source=f"kria/{producer}", subject=str(subject), correlation_id=str(uuid.uuid4()),
                    causation_id=cause, data=event.model_dump(mode="json"))


async def deliver(target: FastAPI | ServiceRuntime, *events: Payload | Envelope,
                  subject: str | None = None, cause: str | None = None) -> list[DeadLetter]:
    """Run ``events`` as one batch through the service's consumer; what it dead-lettered is returned."""
    runtime = runtime_of(target)
    kept = _KeptDeadLetters()
    dlq = DeadLetterPublisher(kept, runtime.group_id, runtime.service)
    consumer = EventConsumer(runtime.service, runtime.group_id, runtime.handlers, runtime.uows, dlq)
    records = []
    for event in events:
        env = envelope_of(event, subject=subject, cause=cause)
        value = env.to_bytes()
        topic = runtime.settings.topic_prefix + REGISTRY.topic_of.get(env.type, "kria.unknown.v1")
        records.append(ConsumerRecord(topic, 0, next(_offsets), 0, 0, env.key, value, None, len(env.key),
                                      len(value), env.headers()))
    await consumer.process(records)
    return kept.kept


async def outbox(target: FastAPI | ServiceRuntime, type_: str | None = None,
                 subject: str | None = None) -> list[Envelope]:
    """The events the service committed for publication, oldest first, of one type and subject if given."""
    runtime = runtime_of(target)
    query = select(OutboxRecord).order_by(col(OutboxRecord.id))
    if type_ is not None:
        query = query.where(OutboxRecord.type == type_)
    if subject is not None:
        query = query.where(OutboxRecord.key == subject.encode())
    async with runtime.db.session() as s:
        rows = (await s.exec(query)).all()
    return [Envelope.from_bytes(r.payload) for r in rows]


@dataclass
class Harness:
    app: FastAPI
    runtime: ServiceRuntime
    client: httpx.AsyncClient
    dead_letters: list[DeadLetter] = field(default_factory=list)

    async def deliver(self, *events: Payload | Envelope, subject: str | None = None,
                      cause: str | None = None) -> list[DeadLetter]:
        sent = await deliver(self.runtime, *events, subject=subject, cause=cause)
        self.dead_letters.extend(sent)
        return sent

    async def outbox(self, type_: str | None = None, subject: str | None = None) -> list[Envelope]:
        return await outbox(self.runtime, type_, subject)


@asynccontextmanager
async def broker_free(app: FastAPI) -> AsyncIterator[Harness]:
    """The app with its store started and migrated, an HTTP client over it, and no broker lifespan."""
    runtime = runtime_of(app)
    await runtime.start_store()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Harness(app, runtime, client)
    finally:
        await runtime.db.close()


@asynccontextmanager
async def sqlite_uows(tmp_path: Path, tables: Sequence[type[SQLModel]],
                      source: str = "kria/test") -> AsyncIterator[UnitOfWorkFactory]:
    """A unit-of-work factory over a fresh SQLite store holding ``tables`` (with the outbox and the inbox)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/uow-{uuid.uuid4().hex[:8]}.sqlite3",
                  [OutboxRecord, InboxRecord, *tables])
    await db.create_tables()
    try:
        yield UnitOfWorkFactory(db, source)
    finally:
        await db.close()
