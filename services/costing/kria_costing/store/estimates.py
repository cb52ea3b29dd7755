"""Estimate rows (one per reservation answered)."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_costing.store.models import EstimateRow


async def estimate(session: AsyncSession, estimate_id: str) -> EstimateRow | None:
    return await session.get(EstimateRow, estimate_id)


async def estimates_of(session: AsyncSession, certificate_id: str) -> list[EstimateRow]:
    query = select(EstimateRow).where(EstimateRow.certificate_id == certificate_id)
    return list((await session.exec(query.order_by(col(EstimateRow.created_at)))).all())
