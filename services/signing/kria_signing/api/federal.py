"""The federal MSE bureau's monitoring: a list and search of the conclusions inside its 10-day window, and the
pilot's progress figures (counts only, over every submitted conclusion)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from kria_shared.auth import Principal, Role, require
from kria_signing.schemas import FederalConclusionList, ProgressFigures, federal_conclusion
from kria_signing.usecases import SigningDeps, federal_monitoring

Region = Annotated[str | None, Query(pattern=r"^\d{2}$", description="region code, e.g. '58'")]
Day = Annotated[date | None, Query(ge=date(2020, 1, 1), le=date(2100, 12, 31))]
Reason = Annotated[str | None, Query(max_length=50, pattern=r"^[a-z_]+$", description="an ineffective reason code")]


def build_federal_router(deps: SigningDeps) -> APIRouter:
    router = APIRouter(prefix="/v1/federal", tags=["federal"])

    @router.get("/conclusions")
    async def search(
        principal: Principal = require(Role.FEDERAL_MSE),
        region: Region = None, organisation_id: Annotated[str | None, Query(max_length=100)] = None,
        day_from: Annotated[Day, Query(alias="from")] = None, day_to: Annotated[Day, Query(alias="to")] = None,
        verdict: Literal["effective", "ineffective"] | None = None, reason: Reason = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> FederalConclusionList:
        """Submitted conclusions whose federal window is open now (``from``/``to``: Moscow submission dates)."""
        effective = None if verdict is None else verdict == "effective"
        found = await federal_monitoring.search(deps, principal, federal_monitoring.Filters(
            region=region, organisation_id=organisation_id, day_from=day_from, day_to=day_to, effective=effective,
            reason=reason), limit=limit, offset=offset)
        return FederalConclusionList(items=[federal_conclusion(row, region) for row, region in found.rows],
                                     total=found.total, limit=limit, offset=offset)

    @router.get("/progress")
    async def figures(
        _: Principal = require(Role.FEDERAL_MSE, Role.PLATFORM_OPERATOR),
        region: Region = None,
        day_from: Annotated[Day, Query(alias="from")] = None, day_to: Annotated[Day, Query(alias="to")] = None,
    ) -> ProgressFigures:
        """Counts by verdict, reason and region of the conclusions submitted in the period."""
        counted = await federal_monitoring.figures(deps, region=region, day_from=day_from, day_to=day_to)
        return ProgressFigures(region=region, day_from=day_from, day_to=day_to, **counted)

    return router
