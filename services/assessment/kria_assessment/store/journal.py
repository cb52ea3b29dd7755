"""Journal batches and their entries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_assessment.domain.journal import EntryDraft, EntryStatus, RecordedEntry
from kria_assessment.store.models import BatchRow, CourseRow, EntryRow
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason


async def batch(session: AsyncSession, batch_id: str) -> BatchRow | None:
    return await session.get(BatchRow, batch_id)


async def add_batch(session: AsyncSession, row: BatchRow, entries: Sequence[RecordedEntry]) -> None:
    session.add(row)
    for seq, recorded in enumerate(entries):
        e = recorded.entry
        session.add(EntryRow(
            entry_id=recorded.entry_id, batch_id=row.batch_id, certificate_id=row.certificate_id, seq=seq,
            direction=e.direction.value, activity_type=e.activity_type.value, delivery=e.delivery.value,
            activity_date=e.on, minutes=e.minutes, specialist=e.specialist, status=e.status.value,
            missed_reason=e.missed_reason.value if e.missed_reason else None, missed_text=e.missed_text,
            recorded_at=row.recorded_at,
        ))


async def entry_ids(session: AsyncSession, batch_id: str) -> list[str]:
    query = select(EntryRow.entry_id).where(col(EntryRow.batch_id) == batch_id).order_by(col(EntryRow.seq))
    return list((await session.exec(query)).all())


async def entries_of(session: AsyncSession, certificate_id: str) -> list[RecordedEntry]:
    """The course's journal in activity-date order (then as recorded)."""
    query = (
        select(EntryRow).where(col(EntryRow.certificate_id) == certificate_id)
        .order_by(col(EntryRow.activity_date), col(EntryRow.recorded_at), col(EntryRow.batch_id), col(EntryRow.seq))
    )
    return [to_entry(row) for row in (await session.exec(query)).all()]


async def colleagues_days(session: AsyncSession, organisation_id: str, certificate_id: str, days: Collection[date],
                          specialists: Collection[str]) -> list[list[EntryDraft]]:
    """What these specialists delivered to the organisation's other children on these days, per course."""
    if not days or not specialists:
        return []
    query = (
        select(EntryRow).join(CourseRow, col(CourseRow.certificate_id) == col(EntryRow.certificate_id))
        .where(col(CourseRow.organisation_id) == organisation_id, col(EntryRow.certificate_id) != certificate_id,
               col(EntryRow.activity_date).in_(list(days)), col(EntryRow.specialist).in_(list(specialists)),
               col(EntryRow.status) == EntryStatus.DELIVERED.value)
        .order_by(col(EntryRow.certificate_id), col(EntryRow.activity_date), col(EntryRow.recorded_at),
                  col(EntryRow.batch_id), col(EntryRow.seq))
    )
    per_course: dict[str, list[EntryDraft]] = {}
    for row in (await session.exec(query)).all():
        per_course.setdefault(row.certificate_id, []).append(to_entry(row).entry)
    return list(per_course.values())


async def delivered_counts(session: AsyncSession, certificate_ids: Sequence[str]) -> dict[str, int]:
    if not certificate_ids:
        return {}
    query = (
        select(EntryRow.certificate_id, func.count())
        .where(col(EntryRow.certificate_id).in_(certificate_ids), col(EntryRow.status) == EntryStatus.DELIVERED.value)
        .group_by(col(EntryRow.certificate_id))
    )
    return {cid: int(n) for cid, n in (await session.exec(query)).all()}


def to_entry(row: EntryRow) -> RecordedEntry:
    return RecordedEntry(
        entry_id=row.entry_id,
        batch_id=row.batch_id,
        entry=EntryDraft(
            direction=Direction(row.direction), activity_type=ActivityType(row.activity_type),
            delivery=Delivery(row.delivery), on=row.activity_date, minutes=row.minutes, specialist=row.specialist,
            status=EntryStatus(row.status), missed_reason=MissReason(row.missed_reason) if row.missed_reason else None,
            missed_text=row.missed_text,
        ),
    )
