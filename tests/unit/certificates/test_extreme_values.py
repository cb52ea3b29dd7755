"""Extreme values refused by the rules, never an overflow: far dates, NUL-byte files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kria_certificates.domain import course
from kria_certificates.domain.course import CourseDateError, ValidityRule
from kria_certificates.domain.decision import Invalid, parse
from kria_certificates.domain.outcomes import InvalidCode
from kria_certificates.usecases.intake import mse_export

from .support import CONFIG, raw


@pytest.mark.parametrize(("field", "value"), [
    ("decided_on", "9999-12-31"), ("decided_on", "31.12.2100"), ("birth_date", "31.12.1899"),
    ("disability_established_on", "9999-01-01")])
def test_a_decision_date_outside_1900_2099_is_a_bad_date_naming_the_field(field: str, value: str) -> None:
    problem = parse(raw(**{field: value}), CONFIG.catalogue, "Екатеринбург")
    assert isinstance(problem, Invalid)
    assert (problem.code, problem.field) == (InvalidCode.BAD_DATE, field)


def test_the_edges_of_the_range_are_dates_like_any_other() -> None:
    late = parse(raw(decided_on="2099-12-31", disability_established_on="2099-12-30"), CONFIG.catalogue,
                 "Екатеринбург")
    assert not isinstance(late, Invalid) or late.field not in ("decided_on", "disability_established_on")


@pytest.mark.parametrize("rule", list(ValidityRule))
def test_a_start_in_year_9999_is_after_expiry_not_a_calendar_overflow(rule: ValidityRule) -> None:
    with pytest.raises(CourseDateError) as refused:
        course.check_start(date(9999, 12, 31), issued_on=date(2026, 10, 15), valid_until=date(2027, 10, 11),
                           rules=replace(CONFIG.course, validity_rule=rule))
    assert (refused.value.code, refused.value.field) == ("after_expiry", "start_date")


def test_a_course_ending_in_year_9999_is_refused_naming_the_end_date() -> None:
    with pytest.raises(CourseDateError) as refused:
        course.check_end(date(2026, 11, 9), date(9999, 12, 31), early=False, rules=CONFIG.course)
    assert (refused.value.code, refused.value.field) == ("out_of_range", "end_date")
    course.check_end(date(2026, 11, 9), date(2099, 12, 31), early=False, rules=CONFIG.course)


@pytest.mark.parametrize("data", [b"\x00" * 64, b"\xef\xbb\xbf\x00\x00;\x00\r\n\x00;\x00\r\n", b"a;b\n1;2\n"])
def test_a_file_whose_header_names_no_column_of_the_export_is_not_a_csv_export(data: bytes) -> None:
    with pytest.raises(mse_export.UnreadableFile, match="не CSV"):
        list(mse_export.read_rows(mse_export.decode(data)))
