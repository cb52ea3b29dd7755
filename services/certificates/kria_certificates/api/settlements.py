"""The act and payment record of each settlement, for the СФР office: listed per period for payment (JSON).

Written once, when the settlement is recorded (``settlement.act_of``): a later change elsewhere never rewrites
an act. The period is the Moscow date of the settlement.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query

from kria_certificates.domain.access import provider_scope
from kria_certificates.domain.dates import check_period
from kria_certificates.store.models import SettlementActRow
from kria_certificates.usecases import Deps, settlement_documents
from kria_shared.auth import Principal, Role, require


def act_view(a: SettlementActRow) -> dict[str, Any]:
    return {
        "act_id": a.act_id, "certificate_id": a.certificate_id, "settled_on": a.settled_on.isoformat(),
        "region": a.region, "organisation_id": a.organisation_id,
        "act": {
            "target_group": a.target_group, "form": a.form, "outcome": a.outcome,
            "start_date": a.start_date.isoformat() if a.start_date else None,
            "end_date": a.end_date.isoformat() if a.end_date else None, "days_used": a.days_used,
            "estimate_id": a.estimate_id, "delivered": a.lines, "activities_kopecks": a.activities_kopecks,
            "accompanying": a.accompanying, "actual_kopecks": a.actual_kopecks,
        },
        "payment": {
            "payee_organisation_id": a.organisation_id, "value_kopecks": a.value_kopecks,
            "to_pay_kopecks": a.paid_kopecks, "released_kopecks": a.released_kopecks,
        },
    }


def build_settlements_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["settlements"])

    @router.get("/v1/settlements")
    async def settlements(
        settled_from: date | None = Query(None, alias="from"), settled_to: date | None = Query(None, alias="to"),
        region: str | None = Query(None, max_length=2), organisation_id: str | None = Query(None, max_length=100),
        limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0, le=10**9),
        principal: Principal = require(Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR, Role.PROVIDER),
    ) -> dict[str, Any]:
        """Acts and payment records settled in [from, to] (a provider sees only its own), with the period's totals."""
        check_period(settled_from, settled_to)  # first: a bad period is refused whoever asks
        acts = await settlement_documents.acts(deps, period_from=settled_from, period_to=settled_to, region=region,
                                               organisation_id=provider_scope(principal) or organisation_id)
        page = acts[offset:offset + limit]
        totals = {"value_kopecks": sum(a.value_kopecks for a in acts),
                  "actual_kopecks": sum(a.actual_kopecks for a in acts),
                  "to_pay_kopecks": sum(a.paid_kopecks for a in acts),
                  "released_kopecks": sum(a.released_kopecks for a in acts)}
        return {"from": settled_from, "to": settled_to, "region": region, "count": len(acts), "limit": limit,
                "offset": offset, "totals": {"acts": len(acts), **totals}, "items": [act_view(a) for a in page]}

    return router
