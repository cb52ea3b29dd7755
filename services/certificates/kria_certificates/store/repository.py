"""Repository functions over the certificates store (an AsyncSession of the unit of work)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.domain import travel
from kria_certificates.domain.certificate import Certificate, state_changed
from kria_certificates.domain.lifecycle import ACTIVE, State
from kria_certificates.store.models import (
    CertificateRow,
    ChildRow,
    DecisionRow,
    HeldDecisionRow,
    HistoryRow,
    ParkedSettlementRow,
    RegisterChangeRow,
    RegisterEntryRow,
    SettlementActRow,
    TravelRow,
)


async def certificate(session: AsyncSession, cid: str) -> CertificateRow | None:
    return (await session.exec(select(CertificateRow).where(CertificateRow.id == cid))).first()


# What a command may change; the rest of the row (the decision's data) is written once, at issue.
_FIXED = {"id", "child_id", "region", "municipality", "main_group", "decided_on", "valid_until", "face_values",
          "version", "mse_limitations"}
_CHANGING = [f.name for f in fields(Certificate) if f.name not in _FIXED]


def to_certificate(row: CertificateRow) -> Certificate:
    values = {f.name: getattr(row, f.name) for f in fields(Certificate)}
    values.update(state=State(row.state), plan=tuple(row.plan), face_values=dict(row.face_values),
                  mse_limitations=dict(row.mse_limitations or {}))
    return Certificate(**values)


async def load(session: AsyncSession, cid: str) -> Certificate | None:
    """The certificate, read without a lock: ``save`` refuses it if another command changed it meanwhile."""
    row = await certificate(session, cid)
    return None if row is None else to_certificate(row)


async def save(session: AsyncSession, cert: Certificate) -> Certificate:
    """Compare-and-set: written only if the row still has the version ``cert`` was read at; returns the new one.

    On PostgreSQL the UPDATE waits for a concurrent writer of the row and then re-checks its WHERE; on SQLite
    it waits for the database's write lock: either way the loser matches no row and gets ``state_changed``.
    """
    values = {name: getattr(cert, name) for name in _CHANGING}
    values.update(state=cert.state.value, plan=[dict(p) for p in cert.plan])
    query = (update(CertificateRow)
             .where(col(CertificateRow.id) == cert.id, col(CertificateRow.version) == cert.version)
             .values(**values, version=cert.version + 1))
    result = await session.exec(query)
    if result.rowcount != 1:
        raise state_changed(cert.id)
    return replace(cert, version=cert.version + 1)


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
    """Travel ledger total per certificate (of ``ids``, or of every one when None), reversals included.

    Summed in Python, not by the store: SQLite's SUM of integers fails past 2^63, and a report must never
    break on the data it reports.
    """
    query = select(TravelRow.certificate_id, TravelRow.amount_kopecks)
    if ids is not None:
        query = query.where(col(TravelRow.certificate_id).in_(list(ids)))
    amounts: dict[str, list[int]] = {}
    for cid, amount in (await session.exec(query)).all():
        amounts.setdefault(cid, []).append(amount)
    return {cid: travel.total(values) for cid, values in amounts.items()}


async def history_by_key(session: AsyncSession, cid: str, key: str) -> HistoryRow | None:
    query = select(HistoryRow).where(HistoryRow.certificate_id == cid, HistoryRow.idempotency_key == key)
    return (await session.exec(query)).first()


async def travel_line(session: AsyncSession, cid: str, line_id: str) -> TravelRow | None:
    line = await session.get(TravelRow, line_id)
    return line if line is not None and line.certificate_id == cid else None


async def travel_by_key(session: AsyncSession, cid: str, key: str) -> TravelRow | None:
    query = select(TravelRow).where(TravelRow.certificate_id == cid, TravelRow.idempotency_key == key)
    return (await session.exec(query)).first()


async def reversal_of(session: AsyncSession, line_id: str) -> TravelRow | None:
    return (await session.exec(select(TravelRow).where(TravelRow.reverses_line_id == line_id))).first()


def line_of(row: TravelRow) -> travel.Line:
    return travel.Line(row.line_id, row.amount_kopecks, row.request_digest, row.reverses_line_id, row.reason)


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


async def register_changes(session: AsyncSession) -> Sequence[RegisterChangeRow]:
    return (await session.exec(select(RegisterChangeRow).order_by(col(RegisterChangeRow.seq)))).all()


async def register_entries(session: AsyncSession) -> Sequence[RegisterEntryRow]:
    return (await session.exec(select(RegisterEntryRow).order_by(col(RegisterEntryRow.id)))).all()


async def occupied_by(session: AsyncSession, organisation_id: str, states: Sequence[State]) -> int:
    """How many certificates of the organisation are in ``states`` (the children it holds a place for)."""
    query = select(func.count()).select_from(CertificateRow).where(
        CertificateRow.organisation_id == organisation_id, col(CertificateRow.state).in_([s.value for s in states]))
    return int((await session.exec(query)).one())


async def settlement_acts(
    session: AsyncSession, *, settled_from: date | None, settled_to: date | None, region: str | None,
    organisation_id: str | None, limit: int | None = None, offset: int = 0,
) -> Sequence[SettlementActRow]:
    query = select(SettlementActRow)
    if settled_from:
        query = query.where(SettlementActRow.settled_on >= settled_from)
    if settled_to:
        query = query.where(SettlementActRow.settled_on <= settled_to)
    if region:
        query = query.where(SettlementActRow.region == region)
    if organisation_id:
        query = query.where(SettlementActRow.organisation_id == organisation_id)
    query = query.order_by(col(SettlementActRow.settled_on), col(SettlementActRow.act_id)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return (await session.exec(query)).all()
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
