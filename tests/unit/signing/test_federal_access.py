"""The federal bureau's window: 10 calendar days in Moscow time, counted from the day after submission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_signing.config.loader import load_access_policy
from kria_signing.domain.access import AccessPolicy, access_until, may_read

MSK = ZoneInfo("Europe/Moscow")
POLICY = load_access_policy()


def test_default_policy_is_ten_days_in_moscow() -> None:
    assert (POLICY.days, POLICY.timezone) == (10, "Europe/Moscow")


def test_day_10_is_open_and_day_11_is_closed() -> None:
    submitted = datetime(2026, 11, 1, 15, 0, tzinfo=MSK)
    until = access_until(submitted, POLICY)
    assert until == datetime(2026, 11, 12, 0, 0, tzinfo=MSK)
    assert may_read(datetime(2026, 11, 11, 23, 59, 59, tzinfo=MSK), until)   # day 10, last second
    assert not may_read(datetime(2026, 11, 12, 0, 0, tzinfo=MSK), until)    # day 11
    assert may_read(submitted, until)                                          # the day of submission itself


def test_the_day_is_the_moscow_day_not_the_utc_day() -> None:
    late_utc = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)  # already 2 Nov 01:30 in Moscow
    assert access_until(late_utc, POLICY) == datetime(2026, 11, 13, 0, 0, tzinfo=MSK)


def test_counting_from_the_submission_day_when_configured() -> None:
    same_day = AccessPolicy("x", 10, "Europe/Moscow", starts_next_day=False)
    assert access_until(datetime(2026, 11, 1, 9, 0, tzinfo=MSK), same_day) == datetime(2026, 11, 11, 0, 0, tzinfo=MSK)


def test_nothing_is_readable_before_a_submission() -> None:
    assert not may_read(datetime(2026, 11, 1, tzinfo=UTC), None)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        access_until(datetime(2026, 11, 1), POLICY)


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2029, 1, 1), timezones=st.just(UTC)))
def test_window_is_between_ten_and_eleven_days_long(submitted: datetime) -> None:
    until = access_until(submitted, POLICY)
    assert timedelta(days=10) < until - submitted <= timedelta(days=11)
    assert until.astimezone(MSK).time().hour == 0
