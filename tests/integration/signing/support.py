"""Helpers of the signing service's real-broker tests."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import rfc8785
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from sqlmodel import select

from kria_gost import DevPki, organisation_backend
from kria_shared.auth.tokens import mint_dev_token
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.outbox import OutboxRecord
from kria_shared.settings import ServiceSettings
from kria_shared.testing.kafka import eventually, unique
from kria_shared.topic_admin import ensure_topics
from kria_signing.app import create_app
from kria_signing.config.loader import SigningOptions


def signing_app(bootstrap: str, database_url: str, var: Path, pki_dir: Path, **options: Any) -> tuple[FastAPI, str]:
    prefix = unique("sig") + "."
    settings = ServiceSettings(service="signing", kafka_bootstrap_servers=bootstrap, database_url=database_url,
                               topic_prefix=prefix, var_dir=var, dev_clock=True)
    transport = options.pop("ecp_transport", None)
    certificates = options.pop("certificates_transport", None) or certificates_answering()
    opts = SigningOptions(pki_dir=pki_dir, submit_every_s=0.5, **options)
    return create_app(settings, options=opts, ecp_transport=transport, certificates_transport=certificates), prefix


# What the certificates service answers for a child (its ParticularsOut): the real-broker tests of signing run
# without the certificates service, so its HTTP boundary answers this (tests/service/signing run the real app).
PARTICULARS: dict[str, Any] = {
    "child": {"snils": "123-400-000 70", "full_name": "Смирнов Иван Петрович", "birth_date": "2012-05-03"},
    "mse_act": {"number": "300.8.66/2026", "date": "2026-10-19"}, "ipra_number": "200.8.66/2026",
    "organisation": {"organisation_id": "org-1", "name": "Реабилитационный центр «Лювена»"},
    "course": {"start_date": "2026-11-02", "end_date": "2027-01-29"},
}


def certificates_answering(seen: list[httpx.Request] | None = None, status: int = 200) -> httpx.MockTransport:
    """The certificates service's particulars route at the HTTP boundary: every request is kept in ``seen``."""

    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        parts = request.url.path.split("/")
        if request.method != "GET" or len(parts) != 5 or parts[4] != "particulars":
            return httpx.Response(404, json={"error": "not_found"})
        return httpx.Response(status, json={**PARTICULARS, "certificate_id": parts[3]})

    return httpx.MockTransport(answer)


def signed_by_organisation(payload: ProtocolSubmitted, pki: DevPki, *, organisation_id: str | None = None,
                           sent_document: bytes | None = None) -> ProtocolSubmitted:
    """The payload with its document, signed by the head of `organisation_id` (default: the protocol's own) with
    a certificate of the dev PKI; `sent_document` replaces the signed bytes in the event (tampering after signing)."""
    document = rfc8785.dumps({"kind": "kria.assessment.protocol/1", "protocol_id": payload.protocol_id,
                              "certificate_id": payload.certificate_id, "organisation_id": payload.organisation_id})
    now = datetime.now(UTC).replace(microsecond=0)
    head = organisation_backend(pki, organisation_id or payload.organisation_id, now=now)
    cms = head.sign_detached_sync(document, signing_time=now)
    sent = sent_document or document
    return payload.model_copy(update={"protocol_document": sent.decode(),
                                      "protocol_sha256": hashlib.sha256(sent).hexdigest(),
                                      "organisation_signature": base64.b64encode(cms).decode()})


def protocol_envelope(payload: ProtocolSubmitted, pki: DevPki | None, event_id: uuid.UUID | None = None) -> Envelope:
    """The event as assessment publishes it: signed by the organisation's head unless `pki` is None (unsigned)."""
    sent = signed_by_organisation(payload, pki) if pki is not None and payload.organisation_signature is None \
        else payload
    return Envelope(event_id=event_id or uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                    subject=sent.certificate_id, correlation_id="test", data=sent.model_dump(mode="json"))


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
    """A person's token for signing and certificates: signing forwards it when it reads the child's particulars."""
    token = mint_dev_token(subject=f"{role}-tester", roles=[role], audience=["kria-signing", "kria-certificates"],
                           signer_snils=snils)
    return {"Authorization": f"Bearer {token}"}


def expert() -> dict[str, str]:
    return as_role("mse_expert")


async def wait_for_state(client: httpx.AsyncClient, conclusion_id: str, state: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def reached() -> bool:
        r = await client.get(f"/v1/conclusions/{conclusion_id}", headers=expert())
        seen.update(r.json() if r.status_code == 200 else {})
        return r.status_code == 200 and r.json()["state"] == state

    await eventually(reached, timeout_s=40)
    return seen


async def outbox_types(app: FastAPI) -> list[str]:
    async with app.state.runtime.db.session() as s:
        rows = await s.exec(select(OutboxRecord.type).order_by(OutboxRecord.id))  # type: ignore[arg-type]
        return list(rows.all())


# ЦРГ 2 standard (DOMAIN.md §4): planned (min..max) per direction
STANDARD = {
    "social_household": (20, 14, 26), "social_environmental": (20, 14, 26), "social_pedagogical": (22, 14, 30),
    "social_psychological": (14, 11, 17), "sociocultural": (19, 14, 24), "career_guidance": (9, 7, 11),
    "adaptive_pe": (16, 12, 20),
}


def protocol(certificate_id: str, *, effective: bool = True, missed: dict[str, int] | None = None) -> ProtocolSubmitted:
    """A complete course (8 points), or one cut short (1 point) with the given missed-activity reasons."""
    delivered = {name: planned if effective else 1 for name, (planned, _, _) in STANDARD.items()}
    directions = [{"direction": n, "required": True, "planned": p, "min": lo, "max": hi, "delivered": delivered[n],
                   "missed": p - delivered[n]} for n, (p, lo, hi) in STANDARD.items()]
    ratings = [{"domain": f"d{i}", "baseline": 3, "control": 2 if effective or i == 0 else 3} for i in range(7)]
    return ProtocolSubmitted.model_validate({
        "certificate_id": certificate_id, "protocol_id": f"protocol-{certificate_id}", "organisation_id": "org-1",
        "target_group": "2", "age_years": 15, "outcome": "completed" if effective else "terminated_early",
        "directions": directions, "planned_total": 120, "delivered_total": sum(delivered.values()),
        "missed_by_reason": missed or {}, "scale_version": "icf-7.v1", "ratings": ratings,
        "questionnaire_version": "parents.v1", "parental_before": 20, "parental_after": 30 if effective else 20,
        "parental_max": 40, "journal_entries": 120, "protocol_sha256": "cd" * 32,
    })
