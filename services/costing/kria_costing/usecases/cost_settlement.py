"""Settle a course once its start (with the estimate), its end (certificates) and its protocol (assessment)
are all held.

Whichever arrives last triggers the settlement; the course row is locked (courses.lock_course) and marked
settled in the same transaction as the CostSettled event, so it happens exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kria_costing.domain.course_progress import CourseEnd, CourseProgress, Outcome
from kria_costing.domain.estimate import PlannedItem
from kria_costing.domain.settlement import Settlement, settle, unknown_estimate
from kria_costing.domain.standards import LineKey
from kria_costing.metrics import RELEASED_KOPECKS, SETTLED_KOPECKS, after_commit
from kria_costing.store import courses, estimates
from kria_costing.store.models import CourseRow, EstimateRow, SettlementRow
from kria_shared.clock import Clock
from kria_shared.contracts.common import ActivityType, Delivery, Direction
from kria_shared.contracts.costing import AccompanyingCost, CostSettled, SettlementLine
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork

log = logging.getLogger("kria.costing")


async def advance(
    uow: UnitOfWork, certificate_id: str, change: Callable[[CourseProgress], CourseProgress], cause: Envelope,
    clock: Clock, **details: Any,
) -> None:
    """Apply one piece of news to the locked course row; settle if that made the course due.

    ``details`` are further columns written only when the news was taken (not for a repeat or a late piece).
    """
    row = await courses.lock_course(uow.session, certificate_id)
    before = progress_of(row)
    after = change(before)
    if after == before:
        log.info("course news changes nothing", extra={"certificate_id": certificate_id, "type": cause.type,
                                                        "settled": before.settled})
        return
    for column, value in details.items():
        setattr(row, column, value)
    write_progress(row, after)
    if after.due:
        await settle_course(uow, row, after, cause, clock)
    uow.session.add(row)


def progress_of(row: CourseRow) -> CourseProgress:
    end = None
    if row.outcome is not None and row.end_date is not None:
        outcome: Outcome = "terminated_early" if row.outcome == "terminated_early" else "completed"
        end = CourseEnd(outcome, row.end_date, row.days_used or 0)
    return CourseProgress(row.estimate_id, end, row.protocol_id, row.settled)


def write_progress(row: CourseRow, progress: CourseProgress) -> None:
    row.estimate_id, row.protocol_id, row.settled = progress.estimate_id, progress.protocol_id, progress.settled
    if progress.end is not None:
        row.outcome, row.end_date, row.days_used = progress.end.outcome, progress.end.end_date, progress.end.days_used


async def settle_course(
    uow: UnitOfWork, row: CourseRow, progress: CourseProgress, cause: Envelope, clock: Clock
) -> None:
    assert progress.end is not None and progress.estimate_id is not None  # progress.due
    estimate = await estimates.estimate(uow.session, progress.estimate_id)
    if estimate is None or estimate.outcome != "calculated":
        raise unknown_estimate(row.certificate_id, progress.estimate_id)
    counts = await courses.delivered_counts(uow.session, row.certificate_id)
    delivered = {LineKey(Direction(d), ActivityType(a), Delivery(dl)): n for (d, a, dl), n in counts.items()}
    result = settle(
        plan_of(estimate), delivered,
        per_day_kopecks=estimate.per_day_kopecks or 0, planned_days=estimate.days,
        days_used=progress.end.days_used,
        value_kopecks=row.value_kopecks if row.value_kopecks is not None else estimate.value_kopecks,
    )
    outcome = progress.end.outcome
    write_progress(row, progress.settle())
    uow.session.add(settlement_row(row, estimate, outcome, result, clock))
    uow.emit(CostSettled(
        certificate_id=row.certificate_id, estimate_id=estimate.estimate_id, outcome=outcome,
        lines=[
            SettlementLine(direction=str(line.key.direction), activity_type=str(line.key.activity_type),
                           delivery=str(line.key.delivery), delivered=line.delivered,
                           unit_price_kopecks=line.unit_price_kopecks, total_kopecks=line.total_kopecks,
                           planned=line.planned, paid_count=line.paid_count)
            for line in result.lines
        ],
        activities_kopecks=result.activities_kopecks,
        accompanying=AccompanyingCost(days=result.accompanying_days, per_day_kopecks=result.per_day_kopecks,
                                      total_kopecks=result.accompanying_kopecks),
        actual_kopecks=result.actual_kopecks, value_kopecks=result.value_kopecks,
        paid_kopecks=result.paid_kopecks, released_kopecks=result.released_kopecks,
    ), subject=row.certificate_id, cause=cause)

    def record() -> None:
        SETTLED_KOPECKS.labels(outcome).inc(result.paid_kopecks)
        RELEASED_KOPECKS.labels(outcome).inc(result.released_kopecks)

    after_commit(uow, record)


def plan_of(estimate: EstimateRow) -> list[PlannedItem]:
    return [
        PlannedItem(LineKey(Direction(line["direction"]), ActivityType(line["activity_type"]),
                            Delivery(line["delivery"])),
                    int(line["planned"]), int(line["min"]), int(line["max"]), int(line["unit_price_kopecks"]))
        for line in estimate.plan
    ]


def settlement_row(
    course: CourseRow, estimate: EstimateRow, outcome: str, result: Settlement, clock: Clock
) -> SettlementRow:
    return SettlementRow(
        certificate_id=course.certificate_id, estimate_id=estimate.estimate_id, outcome=outcome,
        lines=[
            {"direction": str(line.key.direction), "activity_type": str(line.key.activity_type),
             "delivery": str(line.key.delivery), "planned": line.planned, "delivered": line.delivered,
             "paid_count": line.paid_count, "unit_price_kopecks": line.unit_price_kopecks,
             "total_kopecks": line.total_kopecks}
            for line in result.lines
        ],
        activities_kopecks=result.activities_kopecks, accompanying_days=result.accompanying_days,
        per_day_kopecks=result.per_day_kopecks, accompanying_kopecks=result.accompanying_kopecks,
        actual_kopecks=result.actual_kopecks, value_kopecks=result.value_kopecks, paid_kopecks=result.paid_kopecks,
        released_kopecks=result.released_kopecks, settled_at=clock.now(),
    )
