"""Dates of a course: its planned end, the days used, and what the validity rule allows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kria_certificates.domain.dates import LATEST
from kria_shared.contracts.common import LEGACY_REASONS, MissReason


class ValidityRule(StrEnum):
    """[config] Whether the course must start, or finish, before the certificate expires (DOMAIN.md §2)."""

    START_BEFORE_EXPIRY = "start_before_expiry"
    FINISH_BEFORE_EXPIRY = "finish_before_expiry"


@dataclass(frozen=True)
class CourseRules:
    version: str
    course_days: int
    validity_rule: ValidityRule


class CourseDateError(ValueError):
    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


def planned_end(start: date, rules: CourseRules) -> date:
    return start + timedelta(days=rules.course_days - 1)


def days_used(start: date, end: date) -> int:
    return (end - start).days + 1


def check_start(start: date, *, issued_on: date, valid_until: date, rules: CourseRules) -> None:
    if start < issued_on:
        raise CourseDateError("start_date", "before_issue", f"the certificate was issued on {issued_on}")
    # ``start`` first: a start in year 9999 is refused before its planned end would overflow the calendar
    if start > valid_until or (rules.validity_rule is ValidityRule.FINISH_BEFORE_EXPIRY
                               and planned_end(start, rules) > valid_until):
        raise CourseDateError("start_date", "after_expiry",
                              f"the certificate is valid until {valid_until} ({rules.validity_rule.value})")


def check_end(start: date, end: date, *, early: bool, rules: CourseRules) -> None:
    """A completed course ends on or after its planned end; an early termination on or before it."""
    if end < start:
        raise CourseDateError("end_date", "before_start", f"the course started on {start}")
    if end > LATEST:  # a calendar bound, not a pilot rule: no course of this pilot ends in the 22nd century
        raise CourseDateError("end_date", "out_of_range", f"дата окончания позже {LATEST}")
    last = planned_end(start, rules)
    if not early and end < last:
        raise CourseDateError("end_date", "before_planned_end",
                              f"the course is planned to end on {last}; an earlier end is an early termination")
    if early and end > last:
        raise CourseDateError("end_date", "after_planned_end", f"the course was planned to end on {last}")


@dataclass(frozen=True)
class ReasonProblem:
    field: str
    code: str
    message: str


def reason_problem(reason: MissReason, text: str | None) -> ReasonProblem | None:
    """An early termination's reason: the family's refusal names its scope; 'other' needs its text."""
    if reason in LEGACY_REASONS:
        return ReasonProblem("reason", "family_refusal_scope_required",
                             "укажите, от чего отказалась семья: family_refused_activities (от отдельных "
                             "мероприятий) или family_refused_course (от всего курса)")
    if reason is MissReason.OTHER and not (text or "").strip():
        return ReasonProblem("reason_text", "reason_text_required", "reason 'other' needs a reason_text")
    return None
