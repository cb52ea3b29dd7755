"""The journal accepts the durations the costing standards price: an activity costed as 40-60 minutes of group
informing must not be refused by the journal as a 30-45 minute consultation (every ЦРГ, every row)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kria_shared.contracts.common import ActivityType, Delivery

from .builders import CONFIG

STANDARDS = Path(__file__).resolve().parents[3] / "services" / "costing" / "kria_costing" / "config" / "standards"


def standard_durations() -> set[tuple[ActivityType, Delivery, int, int]]:
    rows: set[tuple[ActivityType, Delivery, int, int]] = set()
    for path in sorted(STANDARDS.glob("crg_*.csv")):
        with path.open(encoding="utf-8") as f:
            rows |= {(ActivityType(r["activity_type"]), Delivery(r["delivery"]), int(r["minutes_min"]),
                      int(r["minutes_max"])) for r in csv.DictReader(f)}
    return rows


def test_the_standards_are_found_and_price_group_informing() -> None:
    durations = standard_durations()
    assert (ActivityType.INFORMING, Delivery.GROUP, 40, 60) in durations
    assert (ActivityType.INFORMING, Delivery.INDIVIDUAL, 30, 45) in durations


# Ages 4-6 are left out: individual sessions there are 20-30 min by DOMAIN.md §4, which the standards'
# single range per row does not express.
@pytest.mark.parametrize("age", [7, 10, 14, 17])
def test_every_standard_duration_is_the_journals(age: int) -> None:
    for activity, delivery, low, high in sorted(standard_durations()):
        rule = CONFIG.rules.duration_for(activity, delivery, age)
        assert rule is not None, (activity, delivery)
        assert (rule.min_minutes, rule.max_minutes) == (low, high), (activity, delivery, age, rule.name)
