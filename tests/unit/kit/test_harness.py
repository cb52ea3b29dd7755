"""The broker-free harness itself: the store is migrated, events go through the real consumer path (inbox, handler
table, commit, dead letters), the outbox is readable, and the HTTP app answers without the broker lifespan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI
from sqlmodel import Field, SQLModel, select

from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.contracts.costing import EstimateRejected
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError
from kria_shared.runtime import ServiceRuntime
from kria_shared.testing.harness import broker_free, broker_free_settings, envelope_of, sqlite_uows
from kria_shared.testing.service import bearer
from kria_shared.uow import UnitOfWork


class HarnessLine(SQLModel, table=True):
    __tablename__ = "kit_unit_harness_line"
    id: int | None = Field(default=None, primary_key=True)
    line_id: str


async def on_travel(uow: UnitOfWork, envelope: Envelope, payload: TravelRecorded) -> None:
    if payload.amount_kopecks == 0:
        raise DomainError("zero_amount", "a travel line of nothing")
    uow.session.add(HarnessLine(line_id=payload.line_id))
    uow.emit(EstimateRejected(certificate_id=payload.certificate_id, organisation_id="org-1",
                              reason="no_approved_price_list", value_kopecks=1),
             subject=payload.certificate_id, cause=envelope)


OPS = bearer("costing", "platform_operator")  # the kit reads no route without a verified token


def build_app(tmp_path: Path) -> FastAPI:
    # An unreachable broker: the harness must never need it.
    runtime = ServiceRuntime(broker_free_settings("costing", tmp_path, kafka_bootstrap_servers="127.0.0.1:9"),
                             tables=[HarnessLine], topics=[Topics.CERTIFICATES])
    runtime.handle({TravelRecorded: on_travel})
    router = APIRouter()

    @router.get("/v1/lines")
    async def lines() -> list[str]:
        async with runtime.db.session() as s:
            return [r.line_id for r in (await s.exec(select(HarnessLine))).all()]

    return runtime.http_app([router], title="harness")


def travel(line: str, amount: int = 100) -> TravelRecorded:
    return TravelRecorded(certificate_id="cert-1", line_id=line, kind="ticket", amount_kopecks=amount,
                          on=date(2026, 11, 1))


async def test_a_delivered_event_is_handled_and_committed(tmp_path: Path) -> None:
    async with broker_free(build_app(tmp_path)) as h:
        await h.deliver(travel("1"), travel("2"))
        assert (await h.client.get("/v1/lines", headers=OPS)).json() == ["1", "2"]


async def test_what_the_handler_emitted_is_read_from_the_outbox(tmp_path: Path) -> None:
    async with broker_free(build_app(tmp_path)) as h:
        sent = envelope_of(travel("1"))
        await h.deliver(sent)
        [emitted] = await h.outbox("EstimateRejected", "cert-1")
        assert (emitted.causation_id, emitted.data["reason"]) == (str(sent.event_id), "no_approved_price_list")
        assert await h.outbox("EstimateRejected", "cert-2") == []


async def test_a_redelivered_event_is_dropped_by_the_inbox(tmp_path: Path) -> None:
    async with broker_free(build_app(tmp_path)) as h:
        once = envelope_of(travel("1"))
        await h.deliver(once)
        await h.deliver(once)
        assert (await h.client.get("/v1/lines", headers=OPS)).json() == ["1"]


async def test_a_refused_event_is_dead_lettered_by_its_code_and_its_neighbours_applied(tmp_path: Path) -> None:
    async with broker_free(build_app(tmp_path)) as h:
        dead = await h.deliver(travel("1"), travel("2", amount=0), travel("3"))
        assert [(d.envelope_type, d.reason) for d in dead] == [("TravelRecorded", "zero_amount")]
        assert (await h.client.get("/v1/lines", headers=OPS)).json() == ["1", "3"]


async def test_an_event_without_a_handler_is_ignored(tmp_path: Path) -> None:
    async with broker_free(build_app(tmp_path)) as h:
        dead = await h.deliver(EstimateRejected(certificate_id="cert-1", organisation_id="o",
                                                reason="no_approved_price_list", value_kopecks=1))
        assert dead == [] and await h.outbox() == []


async def test_the_app_answers_without_the_broker_lifespan(tmp_path: Path) -> None:
    async with broker_free(build_app(tmp_path)) as h:
        assert (await h.client.get("/health/live")).status_code == 204
        assert (await h.client.get("/health/ready")).json()["database"] is True
        assert h.runtime.relay._task is None  # the relay never started: nothing to publish to
        clock = await h.client.get("/v1/dev/clock", headers=bearer("costing", "platform_operator"))
        assert clock.status_code == 200


async def test_a_payload_without_a_certificate_needs_a_subject() -> None:
    with pytest.raises(ValueError, match="pass subject="):
        envelope_of(TravelRecorded.model_construct(certificate_id="", line_id="1", kind="ticket",
                                                   amount_kopecks=1, on=date(2026, 11, 1)))


async def test_a_sqlite_unit_of_work_commits_rows_and_events(tmp_path: Path) -> None:
    async with sqlite_uows(tmp_path, [HarnessLine]) as uows:
        async with uows() as uow:
            uow.session.add(HarnessLine(line_id="9"))
            uow.emit(travel("9"), subject="cert-1")
        async with uows.db.session() as s:
            assert [r.line_id for r in (await s.exec(select(HarnessLine))).all()] == ["9"]
