"""Price list rows: versions, the approved ones, the prices an estimate uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import defer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_costing.store.models import PriceListRow


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
