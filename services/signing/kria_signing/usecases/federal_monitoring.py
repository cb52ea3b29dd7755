"""The federal MSE bureau's monitoring: the submitted conclusions inside its window, and the pilot's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from kria_shared.auth import Principal
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.clock import MOSCOW
from kria_signing.domain.progress import Verdict, check_period, progress
from kria_signing.metrics import FEDERAL_READS
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases import SigningDeps


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    organisation_id: str | None = None
    day_from: date | None = None  # Moscow submission dates, both inclusive
    day_to: date | None = None
    effective: bool | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Found:
    rows: list[tuple[ConclusionRow, str | None]]  # each conclusion with its certificate's region, if known
    total: int


def _period(day_from: date | None, day_to: date | None) -> dict[str, datetime | None]:
    """Submission dates [from, to] in Moscow as UTC instants, the end exclusive (the day after ``to``)."""
    check_period(day_from, day_to)
    return {"submitted_from": datetime.combine(day_from, time(0), tzinfo=MOSCOW) if day_from else None,
            "submitted_to": datetime.combine(day_to + timedelta(days=1), time(0), tzinfo=MOSCOW) if day_to else None}


async def search(deps: SigningDeps, principal: Principal, filters: Filters, *, limit: int, offset: int) -> Found:
    """Submitted conclusions whose federal window is open now; every one shown is an access to it (logged)."""
    async with deps.uows() as uow:
        rows, total = await store.federal_listing(
            uow.session, open_at=deps.now(), limit=limit, offset=offset, region=filters.region,
            organisation_id=filters.organisation_id, effective=filters.effective, reason=filters.reason,
            **_period(filters.day_from, filters.day_to))
    for row, _ in rows:
        log_personal_data_access(principal, "conclusion", row.id, True)
    FEDERAL_READS.labels("listed").inc(len(rows))
    return Found(rows, total)


async def figures(deps: SigningDeps, *, region: str | None, day_from: date | None,
                  day_to: date | None) -> dict[str, Any]:
    """Counts by verdict, reason and region of the conclusions submitted in the period (none is named)."""
    async with deps.uows() as uow:
        found = await store.submitted_verdicts(uow.session, region=region, organisation_id=None, effective=None,
                                               reason=None, **_period(day_from, day_to))
    return progress(Verdict(g, e, r) for e, r, g in found)
