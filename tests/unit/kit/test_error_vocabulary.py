"""The kit's one error vocabulary: what each kind answers over HTTP, and one dead-letter reason for both paths.

The consumer (per-record replay) and the broker middleware (a failure that escapes it) used to name a refused
record differently (its code vs ``domain_refusal``); both now ask ``dead_letter_reason``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from fastapi import APIRouter, FastAPI
from faststream import ContextRepo

from kria_shared.consumer import EventConsumer
from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher, make_error_middleware
from kria_shared.envelope import Envelope
from kria_shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidData,
    MalformedMessage,
    NotFound,
    Unavailable,
    dead_letter_reason,
    is_transient,
)
from kria_shared.http import install_error_handlers
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory


class HeaderProducer:
    def __init__(self) -> None:
        self.reasons: list[str] = []

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes, headers: Any) -> None:
        self.reasons.append(dict(headers)["dlq_reason"].decode())


class Msg:
    def __init__(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None:
        self.raw_message = records


def travel_record() -> ConsumerRecord[Any, Any]:
    env = Envelope(type="TravelRecorded", source="kria/test", subject="c", correlation_id="t",
                   data=TravelRecorded(certificate_id="c", line_id="1", kind="ticket", amount_kopecks=1,
                                       on=date(2026, 11, 1)).model_dump(mode="json"))
    value = env.to_bytes()
    return ConsumerRecord("kria.certificates.v1", 0, 7, 0, 0, b"c", value, None, 1, len(value), [])


def test_a_refusal_is_dead_lettered_by_its_code() -> None:
    assert dead_letter_reason(DomainError("estimate_over_value", "x")) == "estimate_over_value"


def test_a_permanent_failure_without_a_code_is_dead_lettered_by_its_kind() -> None:
    assert dead_letter_reason(MalformedMessage("empty message")) == "malformed_message"


def test_an_unexpected_failure_is_dead_lettered_by_its_class() -> None:
    assert dead_letter_reason(KeyError("x")) == "handler_error:KeyError"


async def test_the_consumer_dead_letters_a_refused_record_by_its_code(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3", [OutboxRecord, InboxRecord])
    await db.create_tables()

    async def refuse(uow: UnitOfWork, env: Envelope, payload: Any) -> None:
        raise DomainError("line_refused", "never applicable")

    producer = HeaderProducer()
    dlq = DeadLetterPublisher(producer, "g", "test")  # type: ignore[arg-type]
    consumer = EventConsumer("test", "g", {"TravelRecorded": refuse}, UnitOfWorkFactory(db, "kria/test"), dlq)
    await consumer.process([travel_record()])
    await db.close()
    assert producer.reasons == ["line_refused"]


async def test_the_middleware_dead_letters_a_refused_record_by_its_code() -> None:
    producer = HeaderProducer()
    dlq = DeadLetterPublisher(producer, "g", "test")  # type: ignore[arg-type]
    middleware = make_error_middleware(dlq, attempts=1, base_delay_s=0)(None, context=ContextRepo())

    async def refuse(_: Msg) -> None:
        raise DomainError("line_refused", "never applicable")

    await middleware.consume_scope(refuse, Msg((travel_record(),)))
    assert producer.reasons == ["line_refused"]


def test_unavailable_is_retried_never_dead_lettered() -> None:
    assert is_transient(Unavailable("ecp_down", "the ЕЦП does not answer"))


def test_a_refusal_is_never_retried() -> None:
    assert not is_transient(Conflict("illegal_transition", "x", state="issued", allowed=["reserve"]))


def _app(exc: Exception) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter()

    @router.get("/x")
    async def fail() -> None:
        raise exc

    app.include_router(router)
    return app


async def _answer(exc: Exception) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app(exc), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/x")


@pytest.mark.parametrize(("exc", "status", "body"), [
    (Forbidden("not_your_organisation", "чужая организация"), 403,
     {"error": "not_your_organisation", "message": "чужая организация"}),
    (NotFound("certificate", "c-1"), 404,
     {"error": "not_found", "message": "certificate c-1 not found", "details": {"what": "certificate", "id": "c-1"}}),
    (Conflict("illegal_transition", "нельзя", state="issued", allowed=["reserve", "annul"]), 409,
     {"error": "illegal_transition", "message": "нельзя",
      "details": {"state": "issued", "allowed": ["reserve", "annul"]}}),
    (InvalidData("bad_snils", "СНИЛС не сходится", field="snils"), 422,
     {"error": "bad_snils", "message": "СНИЛС не сходится", "details": {"field": "snils"}}),
    (Unavailable("ecp_down", "ЕЦП не отвечает"), 503, {"error": "ecp_down", "message": "ЕЦП не отвечает"}),
])
async def test_each_kind_answers_its_status_and_names_the_reason(exc: Exception, status: int,
                                                                 body: dict[str, Any]) -> None:
    answer = await _answer(exc)
    assert (answer.status_code, answer.json()) == (status, body)


def test_a_conflict_keeps_its_state_and_allowed_actions() -> None:
    exc = Conflict("illegal_transition", "x", state="issued", allowed=("reserve",))
    assert (exc.state, exc.allowed) == ("issued", ["reserve"])
