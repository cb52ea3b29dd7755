"""The journal accepts the durations the costing standards price: an activity costed as 40-60 minutes of group
informing must not be refused by the journal as a 30-45 minute consultation (every ЦРГ, every row)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kria_shared.contracts.common import ActivityType, Delivery

from .builders import CONFIG

STANDARDS = Path(__file__).resolve().parents[3] / "services" / "costing" / "kria_costing" / "config" / "standards"


def standard_durations(age: int = 10) -> set[tuple[ActivityType, Delivery, int, int]]:
    """Each row's duration range for a child of this age (a row's own 4-6 range where it has one)."""
    rows: set[tuple[ActivityType, Delivery, int, int]] = set()
    for path in sorted(STANDARDS.glob("crg_*.csv")):
        with path.open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                low, high = r["minutes_min"], r["minutes_max"]
                if age <= 6 and r.get("minutes_min_4_6"):
                    low, high = r["minutes_min_4_6"], r["minutes_max_4_6"]
                rows.add((ActivityType(r["activity_type"]), Delivery(r["delivery"]), int(low), int(high)))
    return rows


def test_the_standards_are_found_and_price_group_informing() -> None:
    durations = standard_durations()
    assert (ActivityType.INFORMING, Delivery.GROUP, 40, 60) in durations
    assert (ActivityType.INFORMING, Delivery.INDIVIDUAL, 30, 45) in durations


def test_individual_sessions_at_4_to_6_are_shorter_in_the_standards() -> None:
    assert (ActivityType.PRACTICAL, Delivery.INDIVIDUAL, 20, 30) in standard_durations(5)
    assert (ActivityType.PRACTICAL, Delivery.INDIVIDUAL, 20, 30) not in standard_durations(7)


# Ages 4-6 included: individual sessions there are 20-30 min by DOMAIN.md §4 (the standards' 4-6 columns).
@pytest.mark.parametrize("age", [4, 5, 6, 7, 10, 14, 17])
def test_every_standard_duration_is_the_journals(age: int) -> None:
    for activity, delivery, low, high in sorted(standard_durations(age)):
        rule = CONFIG.rules.duration_for(activity, delivery, age)
        assert rule is not None, (activity, delivery)
        assert (rule.min_minutes, rule.max_minutes) == (low, high), (activity, delivery, age, rule.name)
