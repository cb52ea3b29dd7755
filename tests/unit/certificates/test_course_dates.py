"""Course dates: the 21-day plan, days used, the [config] validity rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kria_certificates.domain import course
from kria_certificates.domain.course import CourseDateError, ValidityRule

from .support import CONFIG

RULES = CONFIG.course
ISSUED, VALID_UNTIL = date(2026, 10, 15), date(2027, 10, 11)


def test_a_21_day_course_ends_20_days_after_its_start_and_uses_21_days() -> None:
    start = date(2026, 11, 2)
    assert course.planned_end(start, RULES) == date(2026, 11, 22)
    assert course.days_used(start, date(2026, 11, 22)) == 21
    assert course.days_used(start, start) == 1


def test_start_before_expiry_allows_a_start_on_the_last_valid_day() -> None:
    course.check_start(VALID_UNTIL, issued_on=ISSUED, valid_until=VALID_UNTIL, rules=RULES)
    with pytest.raises(CourseDateError) as late:
        course.check_start(date(2027, 10, 12), issued_on=ISSUED, valid_until=VALID_UNTIL, rules=RULES)
    assert (late.value.field, late.value.code) == ("start_date", "after_expiry")


def test_finish_before_expiry_needs_the_whole_course_inside_the_validity() -> None:
    rules = replace(RULES, validity_rule=ValidityRule.FINISH_BEFORE_EXPIRY)
    course.check_start(date(2027, 9, 21), issued_on=ISSUED, valid_until=VALID_UNTIL, rules=rules)  # ends 11.10
    with pytest.raises(CourseDateError):
        course.check_start(date(2027, 9, 22), issued_on=ISSUED, valid_until=VALID_UNTIL, rules=rules)


def test_a_course_cannot_start_before_the_certificate_was_issued() -> None:
    with pytest.raises(CourseDateError) as early:
        course.check_start(date(2026, 10, 14), issued_on=ISSUED, valid_until=VALID_UNTIL, rules=RULES)
    assert early.value.code == "before_issue"


@pytest.mark.parametrize(("end", "early", "code"), [
    (date(2026, 11, 1), False, "before_start"),
    (date(2026, 11, 21), False, "before_planned_end"),  # a day short: that is an early termination
    (date(2026, 11, 23), True, "after_planned_end"),
    (date(2026, 11, 1), True, "before_start"),
])
def test_end_dates_that_do_not_fit_the_command_are_refused(end: date, early: bool, code: str) -> None:
    with pytest.raises(CourseDateError) as refused:
        course.check_end(date(2026, 11, 2), end, early=early, rules=RULES)
    assert (refused.value.field, refused.value.code) == ("end_date", code)


@pytest.mark.parametrize(("end", "early"), [
    (date(2026, 11, 22), False), (date(2026, 11, 25), False), (date(2026, 11, 2), True), (date(2026, 11, 22), True),
])
def test_end_dates_that_fit_are_accepted(end: date, early: bool) -> None:
    course.check_end(date(2026, 11, 2), end, early=early, rules=RULES)


def test_an_early_termination_for_the_familys_refusal_names_what_the_family_refused() -> None:
    from kria_certificates.domain.course import reason_problem
    from kria_shared.contracts.common import MissReason

    assert reason_problem(MissReason.FAMILY_REFUSED_COURSE, None) is None
    assert reason_problem(MissReason.FAMILY_REFUSED_ACTIVITIES, None) is None
    legacy = reason_problem(MissReason.FAMILY_REFUSAL, None)
    assert legacy is not None and (legacy.field, legacy.code) == ("reason", "family_refusal_scope_required")
    other = reason_problem(MissReason.OTHER, " ")
    assert other is not None and (other.field, other.code) == ("reason_text", "reason_text_required")
