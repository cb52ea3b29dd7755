"""Repository functions over the conclusions table; state changes are guarded by the expected state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_signing.store.models import CertificateRegionRow, ConclusionRow, ProtocolRefusalRow


async def get(session: AsyncSession, conclusion_id: str) -> ConclusionRow | None:
    return await session.get(ConclusionRow, conclusion_id)


async def by_protocol(session: AsyncSession, protocol_id: str) -> ConclusionRow | None:
    rows = await session.exec(select(ConclusionRow).where(ConclusionRow.protocol_id == protocol_id))
    return rows.first()


async def listing(session: AsyncSession, *, state: str | None, effective: bool | None, limit: int,
                  offset: int) -> list[ConclusionRow]:
    query = select(ConclusionRow)
    if state is not None:
        query = query.where(ConclusionRow.state == state)
    if effective is not None:
        query = query.where(ConclusionRow.effective == effective)
    query = query.order_by(col(ConclusionRow.drafted_at), col(ConclusionRow.id)).offset(offset).limit(limit)
    return list((await session.exec(query)).all())


async def transition(session: AsyncSession, conclusion_id: str, from_state: str, *,
                     document_was: str | None = None, **values: Any) -> bool:
    """Apply ``values`` only if the row is still in ``from_state`` (and, given ``document_was``, its document still
    has that Streebog digest): two concurrent acts cannot both win."""
    values.setdefault("updated_at", datetime.now(UTC))
    guards = [col(ConclusionRow.id) == conclusion_id, col(ConclusionRow.state) == from_state]
    if document_was is not None:
        guards.append(col(ConclusionRow.document_streebog256) == document_was)
    result = await session.exec(
        update(ConclusionRow)
        .where(*guards)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


async def set_document(session: AsyncSession, conclusion_id: str, *, document_was: str | None,
                       reason_was: str | None, **values: Any) -> bool:
    """Store a composed document only if the conclusion still awaits its signature with the document and the
    reason that were read (None included): a concurrent reason or composition wins, this one is refused."""
    values.setdefault("updated_at", datetime.now(UTC))
    digest, reason = col(ConclusionRow.document_streebog256), col(ConclusionRow.reason)
    result = await session.exec(
        update(ConclusionRow)
        .where(col(ConclusionRow.id) == conclusion_id, col(ConclusionRow.state) == "ready_to_sign",
               digest.is_(None) if document_was is None else digest == document_was,
               reason.is_(None) if reason_was is None else reason == reason_was)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


async def due_for_submission(session: AsyncSession, now: datetime, limit: int) -> list[str]:
    rows = await session.exec(
        select(ConclusionRow.id)
        .where(ConclusionRow.state == "signed",
               or_(col(ConclusionRow.submit_lease_until).is_(None), col(ConclusionRow.submit_lease_until) < now))
        .order_by(col(ConclusionRow.signed_at))
        .limit(limit)
    )
    return list(rows.all())


async def claim_for_submission(session: AsyncSession, conclusion_id: str, now: datetime, lease_until: datetime) -> bool:
    """Lease a signed row to this process, so two replicas never submit the same conclusion together."""
    result = await session.exec(
        update(ConclusionRow)
        .where(col(ConclusionRow.id) == conclusion_id, col(ConclusionRow.state) == "signed",
               or_(col(ConclusionRow.submit_lease_until).is_(None), col(ConclusionRow.submit_lease_until) < now))
        .values(submit_lease_until=lease_until)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


async def oldest_unsigned_drafted_at(session: AsyncSession) -> datetime | None:
    """When the oldest conclusion still waiting for a reason or a signature was drafted (None: none waits)."""
    query = select(func.min(ConclusionRow.drafted_at)).where(
        col(ConclusionRow.state).in_(["awaiting_reason", "ready_to_sign"]))
    found = (await session.exec(query)).one()
    return found


async def count_in_state(session: AsyncSession, state: str) -> int:
    found = (await session.exec(select(func.count()).select_from(ConclusionRow).where(ConclusionRow.state == state)))
    return int(found.one())


async def refusals_of(session: AsyncSession, protocol_id: str) -> list[ProtocolRefusalRow]:
    rows = await session.exec(select(ProtocolRefusalRow).where(ProtocolRefusalRow.protocol_id == protocol_id)
                              .order_by(col(ProtocolRefusalRow.refused_at)))
    return list(rows.all())
def _federal_filters(query: Any, *, region: str | None, submitted_from: datetime | None,
                     submitted_to: datetime | None, organisation_id: str | None, effective: bool | None,
                     reason: str | None) -> Any:
    if region is not None:
        query = query.where(CertificateRegionRow.region == region)
    if submitted_from is not None:
        query = query.where(col(ConclusionRow.submitted_at) >= submitted_from)
    if submitted_to is not None:
        query = query.where(col(ConclusionRow.submitted_at) < submitted_to)
    if organisation_id is not None:
        query = query.where(ConclusionRow.organisation_id == organisation_id)
    if effective is not None:
        query = query.where(ConclusionRow.effective == effective)
    if reason is not None:
        query = query.where(ConclusionRow.reason == reason)
    return query


async def federal_listing(session: AsyncSession, *, open_at: datetime | None, limit: int, offset: int,
                          **filters: Any) -> tuple[list[tuple[ConclusionRow, str | None]], int]:
    """Submitted conclusions with their region, filtered; ``open_at``: only those whose window is open then."""
    joined = (select(ConclusionRow, CertificateRegionRow.region)
              .outerjoin(CertificateRegionRow, col(CertificateRegionRow.certificate_id) == ConclusionRow.certificate_id)
              .where(col(ConclusionRow.submitted_at).is_not(None)))
    if open_at is not None:
        joined = joined.where(col(ConclusionRow.federal_access_until) > open_at)
    joined = _federal_filters(joined, **filters)
    total = (await session.exec(select(func.count()).select_from(joined.subquery()))).one()
    page = joined.order_by(col(ConclusionRow.submitted_at), col(ConclusionRow.id)).offset(offset).limit(limit)
    return [(row, region) for row, region in (await session.exec(page)).all()], int(total)


async def submitted_verdicts(session: AsyncSession, **filters: Any) -> list[tuple[bool, str | None, str | None]]:
    """(effective, reason, region) of every submitted conclusion matching ``filters``."""
    query = (select(ConclusionRow.effective, ConclusionRow.reason, CertificateRegionRow.region)
             .outerjoin(CertificateRegionRow, col(CertificateRegionRow.certificate_id) == ConclusionRow.certificate_id)
             .where(col(ConclusionRow.submitted_at).is_not(None)))
    query = _federal_filters(query, **filters)
    return [(bool(e), r, g) for e, r, g in (await session.exec(query)).all()]
