"""Helpers for the costing service against a real broker: the app, other services' events, reading results."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from sqlmodel import select

from kria_costing.app import create_app
from kria_costing.config.loader import EXAMPLE_NORMALISATION
from kria_shared.contracts.assessment import ActivitiesRecorded, JournalEntry, ProtocolSubmitted
from kria_shared.contracts.certificates import (
    CourseCompleted,
    CourseStarted,
    CourseTerminatedEarly,
    ReservationRequested,
)
from kria_shared.contracts.common import MissReason, Payload, PlanLine, ServiceForm
from kria_shared.contracts.registry import payload_type
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.settings import ServiceSettings
from kria_shared.testing.kafka import read_topic, unique
from kria_shared.testing.service import bearer

START = date(2026, 3, 2)
ASSESSMENT_EVENTS = ("ActivitiesRecorded", "ProtocolSubmitted")


class Costing:
    """The costing app on its own topic set, with the producers of the events it consumes."""

    def __init__(self, bootstrap: str, database_url: str, var: Path) -> None:
        self.bootstrap = bootstrap
        self.prefix = unique("costing") + "."
        settings = ServiceSettings(service="costing", kafka_bootstrap_servers=bootstrap, database_url=database_url,
                                   topic_prefix=self.prefix, var_dir=var, dev_clock=True)
        self.app: FastAPI = create_app(settings)

    async def publish(self, *envelopes: Envelope) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, enable_idempotence=True, acks="all")
        await producer.start()
        try:
            for env in envelopes:
                topic = Topics.ASSESSMENT if env.type in ASSESSMENT_EVENTS else Topics.CERTIFICATES
                await producer.send_and_wait(self.prefix + topic, value=env.to_bytes(), key=env.key)
        finally:
            await producer.stop()

    async def costing_events(self, expect: int) -> list[Envelope]:
        records = await read_topic(self.bootstrap, self.prefix + Topics.COSTING, expect=expect, timeout_s=30)
        return [Envelope.from_bytes(r.value) for r in records]

    async def emitted(self, subject: str) -> list[str]:
        """Types of the events this service committed for a subject (its outbox, in order)."""
        async with self.app.state.runtime.db.session() as session:
            rows = await session.exec(select(OutboxRecord).where(OutboxRecord.key == subject.encode()))
            return [r.type for r in sorted(rows.all(), key=lambda r: r.id or 0)]

    async def duplicates_seen(self, client: Any) -> int:
        """How many redelivered events the consumer recognised and skipped (on this test's topics)."""
        text = (await client.get("/metrics")).text
        needle = f'topic="{self.prefix}{Topics.CERTIFICATES}"'
        lines = [ln for ln in text.splitlines()
                 if ln.startswith("kria_consumer_events_total{") and needle in ln and 'outcome="duplicate"' in ln]
        return int(float(lines[0].rsplit(" ", 1)[1])) if lines else 0

    async def processed(self, envelope: Envelope) -> bool:
        """The consumer committed its handling of this event (its inbox mark is written in the same transaction)."""
        async with self.app.state.runtime.db.session() as session:
            row = await session.exec(select(InboxRecord).where(InboxRecord.event_id == envelope.event_id))
            return row.first() is not None


def envelope(payload: Payload, subject: str) -> Envelope:
    return Envelope(type=payload_type(payload), source="kria/test", subject=subject, correlation_id="test",
                    data=payload.model_dump(mode="json"))


def provider(org: str) -> dict[str, str]:
    return bearer("costing", "provider", org=org, subject=f"economist-of-{org}")


def head(org: str, subject: str | None = None) -> dict[str, str]:
    """The head of the organisation, who approves its price list by an order (never its economist)."""
    return bearer("costing", "provider_head", org=org, subject=subject or f"head-of-{org}")


ORDER = {"order_number": "17-п", "order_date": "2026-02-10", "effective_from": "2026-02-20"}


def example_normalisation() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def reservation(cid: str, org: str, *, group: str = "2", age: int = 10, form: ServiceForm = ServiceForm.INPATIENT,
                companion: bool = False, value: int = 11_539_500, days: int = 21) -> Envelope:
    return envelope(ReservationRequested(certificate_id=cid, organisation_id=org, region="58", target_group=group,
                                         age_years=age, form=form, companion=companion, days=days,
                                         value_kopecks=value), cid)


def course_started(estimate: dict[str, Any], org: str, value: int = 11_539_500) -> Envelope:
    cid = estimate["certificate_id"]
    return envelope(CourseStarted(
        certificate_id=cid, organisation_id=org, target_group="2", age_years=10, form=estimate["form"],
        companion=False, start_date=START, planned_end_date=START + timedelta(days=20), value_kopecks=value,
        estimate_id=estimate["estimate_id"], plan=[PlanLine(**line) for line in estimate["plan"]],
    ), cid)


def activities(cid: str, org: str, plan: Sequence[dict[str, Any]], *, share: float = 1.0, batch: str = "b1",
               extra: int = 0) -> Envelope:
    """Journal entries delivering ``share`` of every plan line (plus ``extra`` beyond the plan on each line),
    and one missed entry."""
    entries = [JournalEntry(entry_id=f"{cid}-miss", direction=plan[0]["direction"],
                            activity_type=plan[0]["activity_type"], delivery=plan[0]["delivery"], on=START, minutes=0,
                            specialist="s", status="missed", missed_reason=MissReason.CHILD_HEALTH)]
    for line in plan:
        for n in range(int(line["planned"] * share) + extra):
            entries.append(JournalEntry(
                entry_id=f"{cid}-{line['direction']}-{line['activity_type']}-{line['delivery']}-{n}",
                direction=line["direction"], activity_type=line["activity_type"], delivery=line["delivery"],
                on=START, minutes=40, specialist="s", status="delivered"))
    return envelope(ActivitiesRecorded(certificate_id=cid, organisation_id=org, batch_id=batch, entries=entries), cid)


def protocol(cid: str, org: str, outcome: str = "completed") -> Envelope:
    return envelope(ProtocolSubmitted(
        certificate_id=cid, protocol_id=f"p-{cid}", organisation_id=org, target_group="2", age_years=10,
        outcome=outcome, directions=[], planned_total=120, delivered_total=0, missed_by_reason={},
        scale_version="icf-1", ratings=[], questionnaire_version="q-1", parental_before=10, parental_after=14,
        parental_max=20, journal_entries=0, protocol_sha256="0" * 64,
    ), cid)


def completed(cid: str, org: str) -> Envelope:
    return envelope(CourseCompleted(certificate_id=cid, organisation_id=org, end_date=START + timedelta(days=20),
                                    days_used=21), cid)


def terminated(cid: str, org: str, days_used: int) -> Envelope:
    return envelope(CourseTerminatedEarly(certificate_id=cid, organisation_id=org,
                                          end_date=START + timedelta(days=days_used - 1), days_used=days_used,
                                          reason=MissReason.FAMILY_REFUSED_COURSE), cid)


def new_id() -> str:
    return f"cert-{uuid.uuid4().hex[:8]}"
