"""Helpers for the assessment service against the real broker: the app, certificate events, journal bodies."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from sqlmodel import col, select

from kria_assessment.app import create_app
from kria_gost import DevPki, organisation_backend
from kria_shared.clock import today_moscow
from kria_shared.contracts.certificates import CourseCompleted, CourseStarted, CourseTerminatedEarly
from kria_shared.contracts.common import MissReason, PlanLine, ServiceForm
from kria_shared.contracts.registry import payload_type
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.outbox import OutboxRecord
from kria_shared.settings import ServiceSettings
from kria_shared.testing.kafka import eventually, unique
from kria_shared.testing.service import bearer

ORG = "org-1"


class Token(Mapping[str, str]):
    """An Authorization header minted on first use: the development keys exist only once the session fixture
    has run, after this module is imported."""

    def __init__(self, *roles: str, **claims: str) -> None:
        self.roles, self.claims = roles, claims
        self._header: dict[str, str] | None = None

    def _get(self) -> dict[str, str]:
        if self._header is None:
            self._header = bearer("assessment", *self.roles, **self.claims)
        return self._header

    def __getitem__(self, key: str) -> str:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


PROVIDER = Token("provider", org=ORG)
OTHER_PROVIDER = Token("provider", org="org-2")
MSE_EXPERT = Token("mse_expert", bureau="main-66")
HEAD = Token("provider_head", org=ORG)  # the organisation's head: signs its protocols
OTHER_HEAD = Token("provider_head", org="org-2")


async def head_signs(client: httpx.AsyncClient, cid: str, pki: DevPki) -> tuple[bytes, str, httpx.Response]:
    """The head reads the protocol's bytes, signs them (GOST CAdES, detached) and posts the signature."""
    document = (await client.get(f"/v1/courses/{cid}/protocol", headers=HEAD)).content
    now = datetime.now(UTC).replace(microsecond=0)
    cms = organisation_backend(pki, ORG, now=now).sign_detached_sync(document, signing_time=now)
    signature = base64.b64encode(cms).decode()
    answer = await client.post(f"/v1/courses/{cid}/protocol/signature", json={"signature": signature}, headers=HEAD)
    return document, signature, answer


def make_app(bootstrap: str, database_url: str, tmp_path: Path) -> tuple[FastAPI, str]:
    prefix = unique("asm") + "."
    settings = ServiceSettings(service="assessment", kafka_bootstrap_servers=bootstrap, database_url=database_url,
                               topic_prefix=prefix, var_dir=tmp_path, dev_clock=True)
    return create_app(settings), prefix


def course_dates(app: FastAPI) -> tuple[date, date]:
    """A back-dated course that ended yesterday (Moscow), so every course day can already be journaled."""
    today = today_moscow(app.state.runtime.clock)
    start = today - timedelta(days=21)
    return start, start + timedelta(days=20)


def plan() -> list[PlanLine]:
    return [
        PlanLine(direction="social_household", activity_type="diagnostics_primary", delivery="individual",
                 planned=1, min=1, max=1, unit_price_kopecks=150_000),
        PlanLine(direction="social_household", activity_type="practical", delivery="individual",
                 planned=10, min=7, max=13, unit_price_kopecks=120_000),
        PlanLine(direction="adaptive_pe", activity_type="training", delivery="group",
                 planned=16, min=12, max=20, unit_price_kopecks=60_000),
    ]


def started(cid: str, start: date, end: date, age: int = 10) -> CourseStarted:
    return CourseStarted(certificate_id=cid, organisation_id=ORG, target_group="2", age_years=age,
                         form=ServiceForm.SEMI_INPATIENT, companion=False, start_date=start, planned_end_date=end,
                         value_kopecks=8_000_000, estimate_id="est-" + cid, plan=plan())


def completed(cid: str, end: date, days: int = 21) -> CourseCompleted:
    return CourseCompleted(certificate_id=cid, organisation_id=ORG, end_date=end, days_used=days)


def terminated(cid: str, end: date, days: int) -> CourseTerminatedEarly:
    return CourseTerminatedEarly(certificate_id=cid, organisation_id=ORG, end_date=end, days_used=days,
                                 reason=MissReason.FAMILY_REFUSED_COURSE)


CertificateEvent = CourseStarted | CourseCompleted | CourseTerminatedEarly


async def publish(bootstrap: str, prefix: str, *payloads: CertificateEvent) -> None:
    """Write certificate events the way the certificates service's relay does (key = certificate id)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for p in payloads:
            cid = str(p.certificate_id)
            env = Envelope(type=payload_type(p), source="kria/certificates", subject=cid, correlation_id="test",
                           data=p.model_dump(mode="json"))
            await producer.send_and_wait(prefix + Topics.CERTIFICATES, value=env.to_bytes(), key=cid.encode())
    finally:
        await producer.stop()


def day_of_journal(on: date, missed: int = 0) -> dict[str, Any]:
    """A typical day: a diagnostic, individual sessions, group training; the last ``missed`` are missed."""
    entries: list[dict[str, Any]] = [
        {"direction": "social_household", "activity_type": "diagnostics_primary", "delivery": "individual",
         "on": on.isoformat(), "minutes": 50, "specialist": "sw-01"},
        *[{"direction": "social_household", "activity_type": "practical", "delivery": "individual",
           "on": on.isoformat(), "minutes": 40, "specialist": "sw-01"} for _ in range(3)],
        *[{"direction": "adaptive_pe", "activity_type": "training", "delivery": "group",
           "on": on.isoformat(), "minutes": 45, "specialist": "afk-02"} for _ in range(4)],
    ]
    for e in entries[len(entries) - missed:]:
        e.update(status="missed", minutes=0, missed_reason="child_health")
    return {"batch_id": str(uuid.uuid4()), "entries": entries}


async def wait_for_state(client: httpx.AsyncClient, cid: str, state: str) -> None:
    async def reached() -> bool:
        r = await client.get(f"/v1/courses/{cid}", headers=PROVIDER)
        return r.status_code == 200 and r.json()["state"] == state

    await eventually(reached, timeout_s=40)


async def outbox_types(app: FastAPI) -> list[str]:
    async with app.state.runtime.db.session() as s:
        rows = (await s.exec(select(OutboxRecord.type).order_by(col(OutboxRecord.id)))).all()
    return list(rows)


def ratings_body(values: list[int], on: date) -> dict[str, Any]:
    domains = ["self_care", "mobility", "orientation", "communication", "behaviour_control", "learning", "work_play"]
    return {"scale_version": "icf-7-v1", "ratings": dict(zip(domains, values, strict=True)),
            "assessed_on": on.isoformat()}


def answers_body(score: int, on: date) -> dict[str, Any]:
    items = ["knows_goals", "daily_routine", "self_care_support", "communication_support", "behaviour_management",
             "home_exercises", "assistive_devices", "learning_support", "rights_and_services", "own_resources"]
    return {"questionnaire_version": "parental-competence-v1", "answers": dict.fromkeys(items, score),
            "answered_on": on.isoformat()}
