"""The act and payment record of each settlement, for the СФР office: listed per period for payment (JSON).

Written once, when the settlement is recorded (``settlement.act_of``): a later change elsewhere never rewrites
an act. The period is the Moscow date of the settlement.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from kria_certificates.domain.access import provider_scope
from kria_certificates.domain.dates import check_period
from kria_certificates.schemas import SettlementsOut
from kria_certificates.usecases import Deps, settlement_documents
from kria_shared.auth import Principal, Role, require


def build_settlements_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["settlements"])

    @router.get("/v1/settlements", response_model=SettlementsOut)
    async def settlements(
        settled_from: date | None = Query(None, alias="from"), settled_to: date | None = Query(None, alias="to"),
        region: str | None = Query(None, max_length=2), organisation_id: str | None = Query(None, max_length=100),
        limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0, le=10**9),
        principal: Principal = require(Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR, Role.PROVIDER),
    ) -> SettlementsOut:
        """Acts and payment records settled in [from, to] (a provider sees only its own), with the period's totals."""
        check_period(settled_from, settled_to)  # first: a bad period is refused whoever asks
        return await settlement_documents.settlements(
            deps, period_from=settled_from, period_to=settled_to, region=region,
            organisation_id=provider_scope(principal) or organisation_id, limit=limit, offset=offset)

    return router
