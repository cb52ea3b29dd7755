"""Read a certificate's estimates and its settlement."""

from __future__ import annotations

from kria_costing.store import courses, estimates
from kria_costing.store.models import EstimateRow, SettlementRow
from kria_costing.usecases import CostingDeps


async def of_certificate(deps: CostingDeps, certificate_id: str) -> tuple[list[EstimateRow], SettlementRow | None]:
    async with deps.db.session() as session:
        return (await estimates.estimates_of(session, certificate_id),
                await courses.settlement(session, certificate_id))
