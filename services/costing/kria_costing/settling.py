"""Settle a course once both pieces are held: its end (certificates) and its protocol (assessment).

Whichever arrives second triggers the settlement; the course row is locked (store.lock_course) and marked
settled in the same transaction as the CostSettled event, so it happens exactly once.
"""

from __future__ import annotations

from typing import Literal

from kria_costing import store
from kria_costing.domain.estimate import PlannedItem
from kria_costing.domain.settlement import Settlement, settle
from kria_costing.domain.standards import LineKey
from kria_costing.metrics import RELEASED_KOPECKS, SETTLED_KOPECKS, after_commit
from kria_costing.models import CourseRow, EstimateRow, SettlementRow
from kria_shared.clock import Clock
from kria_shared.contracts.common import ActivityType, Delivery, Direction
from kria_shared.contracts.costing import AccompanyingCost, CostSettled, SettlementLine
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError
from kria_shared.uow import UnitOfWork


def ready_to_settle(course: CourseRow) -> bool:
    return not course.settled and course.outcome is not None and course.protocol_id is not None


async def try_settle(uow: UnitOfWork, course: CourseRow, cause: Envelope, clock: Clock) -> None:
    if not ready_to_settle(course):
        return  # a piece is still on its way
    estimate = await store.estimate(uow.session, course.estimate_id) if course.estimate_id else None
    if estimate is None or estimate.outcome != "calculated":
        raise DomainError("unknown_estimate", f"course {course.certificate_id} cites no estimate of this service",
                          estimate_id=course.estimate_id)
    counts = await store.delivered_counts(uow.session, course.certificate_id)
    delivered = {LineKey(Direction(d), ActivityType(a), Delivery(dl)): n for (d, a, dl), n in counts.items()}
    result = settle(
        plan_of(estimate), delivered,
        per_day_kopecks=estimate.per_day_kopecks or 0, planned_days=estimate.days,
        days_used=course.days_used or 0,
        value_kopecks=course.value_kopecks if course.value_kopecks is not None else estimate.value_kopecks,
    )
    outcome: Literal["completed", "terminated_early"] = (
        "terminated_early" if course.outcome == "terminated_early" else "completed"
    )
    course.settled = True
    uow.session.add(course)
    uow.session.add(settlement_row(course, estimate, outcome, result, clock))
    uow.emit(CostSettled(
        certificate_id=course.certificate_id, estimate_id=estimate.estimate_id, outcome=outcome,
        lines=[
            SettlementLine(direction=str(line.key.direction), activity_type=str(line.key.activity_type),
                           delivery=str(line.key.delivery), delivered=line.delivered,
                           unit_price_kopecks=line.unit_price_kopecks, total_kopecks=line.total_kopecks)
            for line in result.lines
        ],
        activities_kopecks=result.activities_kopecks,
        accompanying=AccompanyingCost(days=result.accompanying_days, per_day_kopecks=result.per_day_kopecks,
                                      total_kopecks=result.accompanying_kopecks),
        actual_kopecks=result.actual_kopecks, value_kopecks=result.value_kopecks,
        paid_kopecks=result.paid_kopecks, released_kopecks=result.released_kopecks,
    ), subject=course.certificate_id, cause=cause)

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
