"""The federal MSE bureau's monitoring: a list and search of the conclusions inside its 10-day window, and the
pilot's progress figures (counts only, over every submitted conclusion)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.clock import MOSCOW, Clock
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.domain.progress import Verdict, check_period, progress
from kria_signing.metrics import FEDERAL_READS
from kria_signing.schemas import conclusion_summary
from kria_signing.store import conclusions as store

Region = Annotated[str | None, Query(pattern=r"^\d{2}$", description="region code, e.g. '58'")]
Day = Annotated[date | None, Query(ge=date(2020, 1, 1), le=date(2100, 12, 31))]
Reason = Annotated[str | None, Query(max_length=50, pattern=r"^[a-z_]+$", description="an ineffective reason code")]


def _period(day_from: date | None, day_to: date | None) -> dict[str, datetime | None]:
    """Submission dates [from, to] in Moscow as UTC instants, the end exclusive (the day after ``to``)."""
    check_period(day_from, day_to)
    return {"submitted_from": datetime.combine(day_from, time(0), tzinfo=MOSCOW) if day_from else None,
            "submitted_to": datetime.combine(day_to + timedelta(days=1), time(0), tzinfo=MOSCOW) if day_to else None}


def _until(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None  # the kit's UTC column hands back aware datetimes


def build_federal_router(uows: UnitOfWorkFactory, clock: Clock) -> APIRouter:
    router = APIRouter(prefix="/v1/federal", tags=["federal"])

    @router.get("/conclusions")
    async def search(
        principal: Principal = require(Role.FEDERAL_MSE),
        region: Region = None, organisation_id: Annotated[str | None, Query(max_length=100)] = None,
        day_from: Annotated[Day, Query(alias="from")] = None, day_to: Annotated[Day, Query(alias="to")] = None,
        verdict: Literal["effective", "ineffective"] | None = None, reason: Reason = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> dict[str, Any]:
        """Submitted conclusions whose federal window is open now (``from``/``to``: Moscow submission dates)."""
        effective = None if verdict is None else verdict == "effective"
        async with uows() as uow:
            rows, total = await store.federal_listing(
                uow.session, open_at=clock.now(), limit=limit, offset=offset, region=region,
                organisation_id=organisation_id, effective=effective, reason=reason, **_period(day_from, day_to))
        for row, _ in rows:  # every conclusion shown to the bureau is an access to it
            log_personal_data_access(principal, "conclusion", row.id, True)
        FEDERAL_READS.labels("listed").inc(len(rows))
        items = [{**conclusion_summary(row), "region": row_region, "reason": row.reason,
                  "federal_access_until": _until(row.federal_access_until)} for row, row_region in rows]
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @router.get("/progress")
    async def figures(
        _: Principal = require(Role.FEDERAL_MSE, Role.PLATFORM_OPERATOR),
        region: Region = None,
        day_from: Annotated[Day, Query(alias="from")] = None, day_to: Annotated[Day, Query(alias="to")] = None,
    ) -> dict[str, Any]:
        """Counts by verdict, reason and region of the conclusions submitted in the period."""
        async with uows() as uow:
            found = await store.submitted_verdicts(uow.session, region=region, organisation_id=None, effective=None,
                                                   reason=None, **_period(day_from, day_to))
        return {"region": region, "from": day_from, "to": day_to,
                **progress(Verdict(g, e, r) for e, r, g in found)}

    return router
