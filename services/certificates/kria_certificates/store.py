"""Repository functions over the certificates store (an AsyncSession of the unit of work)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.domain.lifecycle import ACTIVE, State
from kria_certificates.models import (
    CertificateRow,
    ChildRow,
    DecisionRow,
    HeldDecisionRow,
    HistoryRow,
    ParkedSettlementRow,
    TravelRow,
)


async def certificate(session: AsyncSession, cid: str, *, for_update: bool = False) -> CertificateRow | None:
    query = select(CertificateRow).where(CertificateRow.id == cid)
    if for_update:
        query = query.with_for_update()  # PostgreSQL row lock; SQLite serialises writers anyway
    return (await session.exec(query)).first()


async def child(session: AsyncSession, child_id: str) -> ChildRow | None:
    return await session.get(ChildRow, child_id)


async def child_by_snils(session: AsyncSession, snils: str) -> ChildRow | None:
    return (await session.exec(select(ChildRow).where(ChildRow.snils == snils))).first()


async def has_active_certificate(session: AsyncSession, child_id: str) -> bool:
    query = select(CertificateRow.id).where(
        CertificateRow.child_id == child_id, col(CertificateRow.state).in_([s.value for s in ACTIVE])
    )
    return (await session.exec(query)).first() is not None


async def has_any_certificate(session: AsyncSession, child_id: str) -> bool:
    """The child's history: a certificate in any state (the first-time rule).

    Except one annulled as a ``duplicate``: the fund correcting its own double issue, never a right of its own.
    """
    query = select(CertificateRow.id).where(
        CertificateRow.child_id == child_id,
        or_(col(CertificateRow.state) != State.ANNULLED.value, col(CertificateRow.annul_reason).is_(None),
            col(CertificateRow.annul_reason) != "duplicate"))
    return (await session.exec(query)).first() is not None


async def decision_by_key(session: AsyncSession, key: str) -> DecisionRow | None:
    return (await session.exec(select(DecisionRow).where(DecisionRow.key == key))).first()


async def history(session: AsyncSession, cid: str) -> Sequence[HistoryRow]:
    query = select(HistoryRow).where(HistoryRow.certificate_id == cid).order_by(col(HistoryRow.id))
    return (await session.exec(query)).all()


async def travel_lines(session: AsyncSession, cid: str) -> Sequence[TravelRow]:
    query = select(TravelRow).where(TravelRow.certificate_id == cid).order_by(col(TravelRow.on), col(TravelRow.line_id))
    return (await session.exec(query)).all()


async def travel_totals(session: AsyncSession, ids: Sequence[str] | None = None) -> dict[str, int]:
    """Travel ledger total per certificate: of ``ids``, or of every certificate when None."""
    query = select(TravelRow.certificate_id, func.sum(TravelRow.amount_kopecks)).group_by(
        col(TravelRow.certificate_id)
    )
    if ids is not None:
        query = query.where(col(TravelRow.certificate_id).in_(list(ids)))
    return {cid: int(total or 0) for cid, total in (await session.exec(query)).all()}


async def parked_settlement(session: AsyncSession, cid: str) -> ParkedSettlementRow | None:
    return await session.get(ParkedSettlementRow, cid)


async def listing(
    session: AsyncSession,
    *,
    state: str | None = None,
    region: str | None = None,
    organisation_id: str | None = None,
    decided_from: date | None = None,
    decided_to: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[CertificateRow]:
    query = select(CertificateRow)
    if state:
        query = query.where(CertificateRow.state == state)
    if region:
        query = query.where(CertificateRow.region == region)
    if organisation_id:
        query = query.where(CertificateRow.organisation_id == organisation_id)
    if decided_from:
        query = query.where(CertificateRow.decided_on >= decided_from)
    if decided_to:
        query = query.where(CertificateRow.decided_on <= decided_to)
    query = query.order_by(col(CertificateRow.decided_on), col(CertificateRow.id)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return (await session.exec(query)).all()


async def due_for_expiry(session: AsyncSession, today: date, states: Sequence[State], limit: int) -> Sequence[str]:
    query = (
        select(CertificateRow.id)
        .where(col(CertificateRow.state).in_([s.value for s in states]), CertificateRow.valid_until < today)
        .order_by(col(CertificateRow.valid_until))
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def expiring_unused_by_region(session: AsyncSession, today: date, until: date) -> list[tuple[str, int]]:
    """Issued (never reserved) certificates whose validity ends between ``today`` and ``until``, per region."""
    query = (
        select(CertificateRow.region, func.count())
        .where(CertificateRow.state == "issued", col(CertificateRow.valid_until) >= today,
               col(CertificateRow.valid_until) <= until)
        .group_by(col(CertificateRow.region))
    )
    return [(r, int(n)) for r, n in (await session.exec(query)).all()]


async def counts_by_state_and_region(session: AsyncSession) -> list[tuple[str, str, int]]:
    query = select(CertificateRow.state, CertificateRow.region, func.count()).group_by(
        col(CertificateRow.state), col(CertificateRow.region)
    )
    return [(s, r, int(n)) for s, r, n in (await session.exec(query)).all()]


async def held_by_year(session: AsyncSession) -> dict[int, int]:
    """Decisions waiting for their year's pilot region list, per year of decision."""
    query = select(HeldDecisionRow.year, func.count()).group_by(col(HeldDecisionRow.year))
    return {int(y): int(n) for y, n in (await session.exec(query)).all()}


async def held_ids(session: AsyncSession, limit: int) -> Sequence[str]:
    query = select(HeldDecisionRow.decision_id).order_by(col(HeldDecisionRow.held_at)).limit(limit)
    return (await session.exec(query)).all()


async def held_decision(session: AsyncSession, decision_id: str) -> HeldDecisionRow | None:
    query = select(HeldDecisionRow).where(HeldDecisionRow.decision_id == decision_id).with_for_update()
    return (await session.exec(query)).first()
