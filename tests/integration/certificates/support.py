"""Helpers for the certificates service tests against the real broker and both stores."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaProducer
from sqlmodel import col, select

import kria_certificates
from kria_certificates.app import create_app
from kria_certificates.config.loader import CertificatesConfig
from kria_shared.contracts.common import Payload
from kria_shared.contracts.costing import EstimateCalculated, EstimateRejected
from kria_shared.contracts.registry import payload_type
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.outbox import OutboxRecord
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings
from kria_shared.testing.kafka import eventually, unique
from kria_shared.testing.service import bearer, running

EXAMPLE = Path(kria_certificates.__file__).parent / "examples" / "mse_export_example.csv"


def operator() -> dict[str, str]:  # tokens are minted late: the test session sets the development keys first
    return bearer("certificates", "sfr_operator", subject="operator-1")


def mse() -> dict[str, str]:
    return bearer("certificates", "mse_system", subject="mse-bureau-66")


def platform() -> dict[str, str]:
    return bearer("certificates", "platform_operator")

NOW = "2026-11-02T09:00:00+00:00"  # a Monday, two weeks after the example decisions


def provider(org: str) -> dict[str, str]:
    return bearer("certificates", "provider", org=org, subject=f"staff-of-{org}")


@dataclass
class Service:
    client: httpx.AsyncClient
    runtime: ServiceRuntime
    prefix: str
    bootstrap: str
    settings: ServiceSettings

    @property
    def costing_topic(self) -> str:
        return self.prefix + Topics.COSTING

    async def outbox(self, type_: str | None = None, subject: str | None = None) -> list[dict[str, Any]]:
        """Events committed for publication, in order (the source of truth for what is sent)."""
        async with self.runtime.db.session() as s:
            rows = (await s.exec(select(OutboxRecord).order_by(col(OutboxRecord.id)))).all()
        events = [orjson.loads(r.payload) for r in rows]
        return [e for e in events
                if (type_ is None or e["type"] == type_) and (subject is None or e["subject"] == subject)]

    async def certificate(self, cid: str) -> dict[str, Any]:
        r = await self.client.get(f"/v1/certificates/{cid}", headers=operator())
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    async def wait_state(self, cid: str, state: str) -> dict[str, Any]:
        async def reached() -> bool:
            return (await self.certificate(cid))["state"] == state

        await eventually(reached, timeout_s=30)
        return await self.certificate(cid)

    async def consumed(self) -> float:
        """Costing events this service has consumed so far (processed, duplicate or dead-lettered)."""
        text = (await self.client.get("/metrics")).text
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith("kria_consumer_events_total{") and f'topic="{self.costing_topic}"' in line
                   and 'service="certificates"' in line)

    async def wait_consumed(self, more_than: float) -> None:
        async def more() -> bool:
            return await self.consumed() > more_than

        await eventually(more, timeout_s=30)

    async def reservation_requested(self, cid: str) -> str | None:
        """The event id of the certificate's latest ReservationRequested (what costing's estimate answers)."""
        requested = await self.outbox("ReservationRequested", cid)
        return str(requested[-1]["event_id"]) if requested else None

    async def feed(self, *payloads: Payload | Envelope) -> None:
        """Produce costing events (or exact envelopes, to repeat one) keyed by their certificate id.

        An estimate given as a payload answers the certificate's latest reservation, as costing's would.
        """
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, enable_idempotence=True, acks="all")
        await producer.start()
        try:
            for p in payloads:
                if isinstance(p, Envelope):
                    env = p
                else:
                    cid = str(p.certificate_id)  # type: ignore[attr-defined]
                    answers = isinstance(p, EstimateCalculated | EstimateRejected)
                    env = costing_envelope(p, await self.reservation_requested(cid) if answers else None)
                await producer.send_and_wait(self.costing_topic, value=env.to_bytes(), key=env.key)
        finally:
            await producer.stop()


def costing_envelope(payload: Payload, cause: str | None = None) -> Envelope:
    """``cause``: the event id the costing service answered (an estimate's ReservationRequested)."""
    subject = str(payload.certificate_id)  # type: ignore[attr-defined]
    return Envelope(type=payload_type(payload), source="kria/costing", subject=subject,
                    correlation_id=str(uuid.uuid4()), causation_id=cause, data=payload.model_dump(mode="json"))


@asynccontextmanager
async def service(bootstrap: str, database_url: str, tmp_path: Path, *, config: CertificatesConfig | None = None,
                  prefix: str | None = None) -> AsyncIterator[Service]:
    """``config``/``prefix``: another configuration, or a restart on the same topics (and the same store)."""
    prefix = prefix or unique("cert") + "."
    settings = ServiceSettings(service="certificates", kafka_bootstrap_servers=bootstrap, database_url=database_url,
                               topic_prefix=prefix, var_dir=tmp_path, dev_clock=True)
    app = create_app(settings, config)
    async with running(app) as client:
        r = await client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        yield Service(client, app.state.runtime, prefix, bootstrap, settings)


# --- MSE export files --------------------------------------------------------------------------------------------

def example_table() -> list[list[str]]:
    return list(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))


def snils_for(n: int) -> str:
    nine = f"{n:09d}"
    total = sum(int(d) * (9 - i) for i, d in enumerate(nine)) % 101
    return f"{nine[:3]}-{nine[3:6]}-{nine[6:]} {0 if total == 100 else total:02d}"


def export_row(n: int, **by_header: str) -> list[str]:
    """Row 1 of the example with a fresh child (SNILS, protocol number) and the given cells replaced."""
    header, first = example_table()[0], example_table()[1]
    row = dict(zip(header, first, strict=True))
    row.update({"СНИЛС": snils_for(200_000_000 + n), "№ протокола": f"{700 + n}.8.66/2026",
                "Номер акта": f"{700 + n}.8.66/2026"})
    row.update(by_header)
    return [row[h] for h in header]


def export_file(rows: list[list[str]], *, bom: bool = True, crlf: bool = True, reverse_columns: bool = True) -> bytes:
    header = example_table()[0]
    table = [header, *rows]
    if reverse_columns:
        table = [list(reversed(r)) for r in table]
        table[0] = [f" {h.lower()} " for h in table[0]]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n" if crlf else "\n").writerows(table)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def decision_json(n: int, **changes: Any) -> dict[str, Any]:
    body = {
        "protocol_number": f"{900 + n}.8.66/2026", "decided_on": "2026-10-15", "last_name": "Тестов",
        "first_name": "Тест", "patronymic": "Тестович", "snils": snils_for(300_000_000 + n), "birth_date": "2012-05-03",
        "sex": "МУЖ", "municipality": "Екатеринбург", "disability_established_on": "2026-10-12", "target_group": "6.6",
        "additional_target_groups": [], "medical_indications": True, "contraindications": False,
    }
    body.update(changes)
    return body
