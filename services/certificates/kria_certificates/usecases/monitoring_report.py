"""The monitoring report from the store: the facts of every certificate, signed conclusion and settlement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.monitoring import CertificateFact, ConclusionFact, Period, SettlementFact, monitoring
from kria_certificates.domain.target_groups import group_of
from kria_certificates.schemas import MonitoringReportOut
from kria_certificates.store.models import CertificateRow, ConclusionSeenRow, SettlementActRow
from kria_certificates.usecases import Deps
from kria_certificates.usecases.register_office import current
from kria_shared.clock import MOSCOW


def _moscow(moment: datetime) -> Any:
    return moment.astimezone(MOSCOW).date() if moment.tzinfo else moment.date()


def certificate_fact(r: CertificateRow) -> CertificateFact:
    return CertificateFact(
        certificate_id=r.id, child_id=r.child_id, region=r.region, target_group=group_of(r.main_group),
        organisation_id=r.organisation_id, decided_on=r.decided_on, start_date=r.start_date, end_date=r.end_date,
        ended_early=r.termination_reason is not None, expired_on=r.expired_on,
        annulled_on=_moscow(r.state_since) if r.state == State.ANNULLED else None,  # terminal: the annulment's time
        value_kopecks=r.value_kopecks or 0,
    )


async def monitoring_report(deps: Deps, period: Period, region: str | None = None) -> MonitoringReportOut:
    """The report of order 525н for ``period`` (of one region, or all), read in its own session."""
    async with deps.db.session() as session:
        return await _report(session, deps.config, period, region)


async def _report(session: AsyncSession, config: CertificatesConfig, period: Period,
                  region: str | None) -> MonitoringReportOut:
    query = select(CertificateRow).where(CertificateRow.decided_on <= period.end)
    if region:
        query = query.where(CertificateRow.region == region)
    certificates = [certificate_fact(r) for r in (await session.exec(query)).all()]
    conclusions = [ConclusionFact(c.certificate_id, _moscow(c.signed_at), c.effective, c.reason)
                   for c in (await session.exec(select(ConclusionSeenRow))).all()]
    settlements = [SettlementFact(a.certificate_id, a.settled_on, a.paid_kopecks, a.released_kopecks)
                   for a in (await session.exec(select(SettlementActRow))).all()]
    register = await current(session, config)
    names = {r.organisation_id: r.name for r in register.configured.rows}
    names.update({e.row.organisation_id: e.row.name for e in register.entries})
    report = monitoring(period, certificates, conclusions, settlements).as_dict(names)
    return MonitoringReportOut.model_validate({"region": region, **report})
