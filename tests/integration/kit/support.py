"""Helpers for the kit's real-broker tests: a consumer runtime that counts what it applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Field, SQLModel, func, select

from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings
from kria_shared.uow import UnitOfWork


class AppliedEvent(SQLModel, table=True):
    """What the test consumer did, one row per applied event (the effect that must not double)."""

    __tablename__ = "kit_test_applied"
    id: int | None = Field(default=None, primary_key=True)
    key: str
    seq: int


def travel(key: str, seq: int) -> TravelRecorded:
    return TravelRecorded(certificate_id=key, line_id=str(seq), kind="ticket", amount_kopecks=seq, on=date(2026, 11, 1))


def envelope(key: str, seq: int) -> Envelope:
    return Envelope(type="TravelRecorded", source="kria/test", subject=key, correlation_id="test",
                    data=travel(key, seq).model_dump(mode="json"))


@dataclass
class CountingConsumer:
    runtime: ServiceRuntime
    calls: list[tuple[str, int]] = field(default_factory=list)

    async def on_travel(self, uow: UnitOfWork, env: Envelope, payload: TravelRecorded) -> None:
        self.calls.append((payload.certificate_id, int(payload.line_id)))
        uow.session.add(AppliedEvent(key=payload.certificate_id, seq=int(payload.line_id)))

    async def applied(self) -> list[tuple[str, int]]:
        async with self.runtime.db.session() as s:
            rows = (await s.exec(select(AppliedEvent).order_by(AppliedEvent.id))).all()  # type: ignore[arg-type]
            return [(r.key, r.seq) for r in rows]

    async def applied_count(self) -> int:
        async with self.runtime.db.session() as s:
            return int((await s.exec(select(func.count()).select_from(AppliedEvent))).one())


def consumer(bootstrap: str, db_url: str, prefix: str, var: Path, *, batch: int = 500) -> CountingConsumer:
    settings = ServiceSettings(service="costing", kafka_bootstrap_servers=bootstrap, database_url=db_url,
                               topic_prefix=prefix, var_dir=var, consumer_batch=batch)
    runtime = ServiceRuntime(settings, tables=[AppliedEvent], topics=[Topics.CERTIFICATES])
    c = CountingConsumer(runtime)
    runtime.handle({TravelRecorded: c.on_travel})
    return c


def producer_runtime(bootstrap: str, db_url: str, prefix: str, var: Path) -> ServiceRuntime:
    settings = ServiceSettings(service="certificates", kafka_bootstrap_servers=bootstrap, database_url=db_url,
                               topic_prefix=prefix, var_dir=var)
    return ServiceRuntime(settings, tables=[])
