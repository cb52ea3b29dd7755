"""Settlement: delivered activities at their unit prices, accompanying services for the days used."""

from __future__ import annotations

from kria_costing.domain.estimate import PlannedItem
from kria_costing.domain.settlement import settle
from kria_costing.domain.standards import LineKey
from kria_shared.contracts.common import ActivityType, Delivery, Direction

from .worked import DP, PRACTICAL, TRAINING

PLAN = [PlannedItem(DP, 1, 1, 1, 63_202), PlannedItem(PRACTICAL, 9, 6, 12, 42_308),
        PlannedItem(TRAINING, 9, 6, 12, 12_339)]
FULL = {DP: 1, PRACTICAL: 9, TRAINING: 9}


def test_deliveries_beyond_the_plan_are_not_paid() -> None:
    over = settle(PLAN, {**FULL, PRACTICAL: 12}, per_day_kopecks=0, planned_days=21, days_used=21,
                  value_kopecks=10**9)
    line = next(ln for ln in over.lines if ln.key == PRACTICAL)
    assert (line.delivered, line.paid_count, line.total_kopecks) == (12, 9, 9 * 42_308)


def test_activities_outside_the_plan_are_shown_but_not_paid() -> None:
    leisure = LineKey(Direction.SOCIOCULTURAL, ActivityType.LEISURE, Delivery.GROUP)
    result = settle(PLAN, {**FULL, leisure: 3}, per_day_kopecks=0, planned_days=21, days_used=21, value_kopecks=10**9)
    extra = next(ln for ln in result.lines if ln.key == leisure)
    assert (extra.delivered, extra.planned, extra.total_kopecks) == (3, 0, 0)
    assert result.activities_kopecks == 63_202 + 9 * 42_308 + 9 * 12_339


def test_days_beyond_the_course_are_not_paid_and_the_value_caps_the_payment() -> None:
    long = settle(PLAN, FULL, per_day_kopecks=30_000, planned_days=21, days_used=25, value_kopecks=10**9)
    assert long.accompanying_days == 21
    capped = settle(PLAN, FULL, per_day_kopecks=30_000, planned_days=21, days_used=21, value_kopecks=500_000)
    assert capped.actual_kopecks > 500_000
    assert (capped.paid_kopecks, capped.released_kopecks) == (500_000, 0)


def test_nothing_delivered_nothing_paid_everything_released() -> None:
    none = settle(PLAN, {}, per_day_kopecks=30_000, planned_days=21, days_used=0, value_kopecks=8_000_000)
    assert (none.actual_kopecks, none.paid_kopecks, none.released_kopecks) == (0, 0, 8_000_000)
