"""Helpers of the signing service's real-broker tests."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from sqlmodel import select

from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.outbox import OutboxRecord
from kria_shared.settings import ServiceSettings
from kria_shared.testing.kafka import eventually, unique
from kria_shared.testing.service import bearer
from kria_shared.topic_admin import ensure_topics
from kria_signing.app import create_app
from kria_signing.options import SigningOptions


def signing_app(bootstrap: str, database_url: str, var: Path, pki_dir: Path, **options: Any) -> tuple[FastAPI, str]:
    prefix = unique("sig") + "."
    settings = ServiceSettings(service="signing", kafka_bootstrap_servers=bootstrap, database_url=database_url,
                               topic_prefix=prefix, var_dir=var, dev_clock=True)
    transport = options.pop("ecp_transport", None)
    opts = SigningOptions(pki_dir=pki_dir, submit_every_s=0.5, **options)
    return create_app(settings, options=opts, ecp_transport=transport), prefix


def protocol_envelope(payload: ProtocolSubmitted, event_id: uuid.UUID | None = None) -> Envelope:
    return Envelope(event_id=event_id or uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                    subject=payload.certificate_id, correlation_id="test", data=payload.model_dump(mode="json"))


async def publish(bootstrap: str, prefix: str, envelopes: list[Envelope]) -> None:
    await ensure_topics(bootstrap, prefix)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for e in envelopes:
            await producer.send_and_wait(prefix + Topics.ASSESSMENT, value=e.to_bytes(), key=e.key)
    finally:
        await producer.stop()


def as_role(role: str, snils: str | None = None) -> dict[str, str]:
    return bearer("signing", role, snils=snils, subject=f"{role}-tester")


EXPERT = as_role("mse_expert")


async def wait_for_state(client: httpx.AsyncClient, conclusion_id: str, state: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def reached() -> bool:
        r = await client.get(f"/v1/conclusions/{conclusion_id}", headers=EXPERT)
        seen.update(r.json() if r.status_code == 200 else {})
        return r.status_code == 200 and r.json()["state"] == state

    await eventually(reached, timeout_s=40)
    return seen


async def outbox_types(app: FastAPI) -> list[str]:
    async with app.state.runtime.db.session() as s:
        rows = await s.exec(select(OutboxRecord.type).order_by(OutboxRecord.id))  # type: ignore[arg-type]
        return list(rows.all())
