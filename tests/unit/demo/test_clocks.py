"""How far the demo moves the services' clocks for an MSE export whose decisions are recent."""

from __future__ import annotations

from datetime import date, timedelta

from kria_cli.demo.clocks import days_missing
from kria_cli.journey.journal import COURSE_DAYS, START_AFTER_DECISION

TODAY = date(2026, 11, 23)
LONGEST = START_AFTER_DECISION[1] + COURSE_DAYS - 1  # decision to the last day of the latest-starting course


def test_old_decisions_leave_the_clocks_alone() -> None:
    assert days_missing(date(2026, 10, 15), TODAY) == 0  # the shipped example: its courses end in the past
    assert days_missing(TODAY - timedelta(days=LONGEST), TODAY) == 0
    assert days_missing(None, TODAY) == 0  # nothing issued


def test_a_recent_decision_moves_the_clocks_until_its_course_has_ended() -> None:
    assert days_missing(TODAY - timedelta(days=LONGEST - 1), TODAY) == 1
    assert days_missing(TODAY, TODAY) == LONGEST
    moved = TODAY + timedelta(days=days_missing(TODAY - timedelta(days=3), TODAY))
    last_day = TODAY - timedelta(days=3) + timedelta(days=LONGEST)
    assert last_day == moved  # the latest course's control assessment is dated today, not in the future
