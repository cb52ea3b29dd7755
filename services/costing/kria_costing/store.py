"""Repository functions over the costing store (SQLite or PostgreSQL, one AsyncSession per unit of work)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import defer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_costing.models import CourseRow, EstimateRow, JournalEntryRow, PriceListRow, SettlementRow


def _insert(session: AsyncSession, table: Any) -> Any:
    """INSERT with the dialect's ON CONFLICT support."""
    return pg_insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite_insert(table)


# --- price lists ---

async def next_price_list_version(session: AsyncSession, organisation_id: str) -> int:
    latest = await session.exec(
        select(func.max(PriceListRow.version)).where(PriceListRow.organisation_id == organisation_id)
    )
    return int(latest.one() or 0) + 1


async def price_list(
    session: AsyncSession, organisation_id: str, version: int, *, for_update: bool = False
) -> PriceListRow | None:
    query = select(PriceListRow).where(PriceListRow.organisation_id == organisation_id, PriceListRow.version == version)
    if for_update:
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def price_lists(session: AsyncSession, organisation_id: str) -> list[PriceListRow]:
    """Every version, without the heavy documents (summaries only)."""
    query = (
        select(PriceListRow)
        .where(PriceListRow.organisation_id == organisation_id)
        .options(defer(PriceListRow.inputs), defer(PriceListRow.document), defer(PriceListRow.prices))  # type: ignore[arg-type]
    )
    return list((await session.exec(query.order_by(col(PriceListRow.version)))).all())


async def current_version(session: AsyncSession, organisation_id: str, on: date | None = None) -> int | None:
    """The newest approved version (by number, not approval time: an older draft never displaces a newer list);
    with ``on``, the newest already in effect that day."""
    query = select(func.max(PriceListRow.version)).where(
        PriceListRow.organisation_id == organisation_id, PriceListRow.status == "approved"
    )
    if on is not None:
        query = query.where(or_(col(PriceListRow.effective_from).is_(None), col(PriceListRow.effective_from) <= on))
    found = (await session.exec(query)).one()
    return int(found) if found is not None else None


async def approved_price_lists(session: AsyncSession) -> list[PriceListRow]:
    """Every organisation's approved versions, without the heavy documents (for the ministry and the СФР)."""
    query = (
        select(PriceListRow)
        .where(PriceListRow.status == "approved")
        .options(defer(PriceListRow.inputs), defer(PriceListRow.document), defer(PriceListRow.prices))  # type: ignore[arg-type]
    )
    ordered = query.order_by(col(PriceListRow.organisation_id), col(PriceListRow.version))
    return list((await session.exec(ordered)).all())


async def prices(session: AsyncSession, organisation_id: str, version: int) -> dict[str, Any] | None:
    query = select(PriceListRow.prices).where(
        PriceListRow.organisation_id == organisation_id, PriceListRow.version == version
    )
    found = (await session.exec(query)).first()
    return dict(found) if found is not None else None


# --- estimates ---

async def estimate(session: AsyncSession, estimate_id: str) -> EstimateRow | None:
    return await session.get(EstimateRow, estimate_id)


async def estimates_of(session: AsyncSession, certificate_id: str) -> list[EstimateRow]:
    query = select(EstimateRow).where(EstimateRow.certificate_id == certificate_id)
    return list((await session.exec(query.order_by(col(EstimateRow.created_at)))).all())


# --- courses, journal, settlements ---

async def lock_course(session: AsyncSession, certificate_id: str) -> CourseRow:
    """The course row, created if missing and locked (PostgreSQL FOR UPDATE) for the rest of the transaction.

    Course end (certificates topic) and protocol (assessment topic) may be handled at the same time by two
    consumers; the lock makes the second see the first, so exactly one of them settles.
    """
    await session.exec(_insert(session, CourseRow).values(certificate_id=certificate_id).on_conflict_do_nothing())
    query = select(CourseRow).where(CourseRow.certificate_id == certificate_id).with_for_update()
    row = (await session.exec(query.execution_options(populate_existing=True))).one()
    return row


async def course(session: AsyncSession, certificate_id: str) -> CourseRow | None:
    return await session.get(CourseRow, certificate_id)


async def upsert_entries(session: AsyncSession, rows: Iterable[dict[str, Any]]) -> None:
    """Record journal entries; a re-reported entry (same id) replaces the earlier report.

    One statement per batch, executed for all rows (building and compiling it per entry cost ~70 % of the
    handler's time in the benchmark).
    """
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in rows:
        by_columns.setdefault(tuple(sorted(values)), []).append(values)
    for columns, batch in by_columns.items():
        stmt = _insert(session, JournalEntryRow)
        changed = {k: stmt.excluded[k] for k in columns if k not in ("certificate_id", "entry_id")}
        stmt = stmt.on_conflict_do_update(index_elements=["certificate_id", "entry_id"], set_=changed)
        await session.exec(stmt, params=batch)


async def delivered_counts(session: AsyncSession, certificate_id: str) -> dict[tuple[str, str, str], int]:
    query = (
        select(JournalEntryRow.direction, JournalEntryRow.activity_type, JournalEntryRow.delivery, func.count())
        .where(JournalEntryRow.certificate_id == certificate_id, JournalEntryRow.status == "delivered")
        .group_by(col(JournalEntryRow.direction), col(JournalEntryRow.activity_type), col(JournalEntryRow.delivery))
    )
    return {(d, a, dl): int(n) for d, a, dl, n in (await session.exec(query)).all()}


async def settlement(session: AsyncSession, certificate_id: str) -> SettlementRow | None:
    return await session.get(SettlementRow, certificate_id)
