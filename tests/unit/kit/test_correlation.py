"""One correlation id follows a flow: the HTTP request's X-Correlation-Id is on the events its command emits,
and a consumed event's id is current (logs, units of work) while its handler runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
from aiokafka.structs import ConsumerRecord
from fastapi import APIRouter
from sqlmodel import select

from kria_shared.consumer import EventConsumer
from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.http import create_http_app
from kria_shared.inbox import InboxRecord
from kria_shared.logging import correlation_id
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory


def travel(seq: int) -> TravelRecorded:
    return TravelRecorded(certificate_id="c", line_id=str(seq), kind="ticket", amount_kopecks=seq, on=date(2026, 11, 1))


async def ready() -> dict[str, bool]:
    return {}


async def emitted(db: Database) -> list[Envelope]:
    async with db.session() as s:
        rows = (await s.exec(select(OutboxRecord).order_by(OutboxRecord.id))).all()  # type: ignore[arg-type]
        return [Envelope.from_bytes(r.payload) for r in rows]


async def test_an_http_commands_events_carry_the_requests_correlation_id(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/h.sqlite3", [OutboxRecord])
    await db.create_tables()
    uows = UnitOfWorkFactory(db, "kria/test")
    router = APIRouter()

    @router.post("/cmd")
    async def command() -> dict[str, str]:
        async with uows() as uow:  # as the services' use cases call it: no id passed
            uow.emit(travel(1), subject="c")
        return {}

    app = create_http_app(service="t", title="t", routers=[router], ready=ready, lifespan=None)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        given = await client.post("/cmd", headers={"X-Correlation-Id": "req-42"})
        generated = await client.post("/cmd")
    assert given.status_code == generated.status_code == 200
    events = await emitted(db)
    assert [e.correlation_id for e in events] == ["req-42", generated.headers["x-correlation-id"]]
    await db.close()


async def test_a_consumed_events_correlation_id_is_current_while_its_handler_runs(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3", [OutboxRecord, InboxRecord])
    await db.create_tables()
    uows = UnitOfWorkFactory(db, "kria/test")
    seen: list[str | None] = []

    async def handler(uow: UnitOfWork, env: Envelope, payload: Any) -> None:
        seen.append(correlation_id.get())
        async with uows() as side:  # a unit of work a handler opens on its own follows the event too
            side.emit(travel(9), subject="c")

    envs = [Envelope(type="TravelRecorded", source="kria/test", subject="c", correlation_id=f"flow-{i}",
                     data=travel(i).model_dump(mode="json")) for i in (1, 2)]
    records = [ConsumerRecord("t", 0, i, 0, 0, b"c", e.to_bytes(), None, 1, 1, e.headers())
               for i, e in enumerate(envs)]
    consumer = EventConsumer("t", "g", {"TravelRecorded": handler}, uows,
                             DeadLetterPublisher(None, "g", "t"))
    await consumer.process(records)
    assert seen == ["flow-1", "flow-2"]
    assert [e.correlation_id for e in await emitted(db)] == ["flow-1", "flow-2"]
    assert correlation_id.get() is None, "the id leaked past the batch"
    await db.close()
