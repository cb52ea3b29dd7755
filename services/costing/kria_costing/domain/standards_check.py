"""Consistency rules of the standards data: refused at load time, never discovered in an estimate."""

from __future__ import annotations

from collections import Counter

from kria_costing.domain.standards import AGE_BANDS, UNDER_14, AgeBand, CourseStandard, StandardsCatalogue
from kria_shared.contracts.common import ActivityType, Delivery, Direction

DIAGNOSTICS = (ActivityType.DIAGNOSTICS_PRIMARY, ActivityType.DIAGNOSTICS_CONTROL)


class StandardDataError(ValueError):
    """The standards data break a rule of DOMAIN.md §4; every problem is listed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid course standards:\n  " + "\n  ".join(problems))
        self.problems = problems


def check_catalogue(catalogue: StandardsCatalogue) -> None:
    problems: list[str] = []
    if catalogue.min_course_activities <= 0 or catalogue.course_days <= 0:
        problems.append("course_days and min_course_activities must be positive")
    for code, standard in catalogue.standards.items():
        problems.extend(f"ЦРГ {code}: {p}" for p in _standard_problems(standard, catalogue.min_course_activities))
    for code, standard in catalogue.superseded.items():  # a cut excerpt may fall short of the course minimum
        problems.extend(f"ЦРГ {code}: {p}" for p in _standard_problems(standard, 0))
    for code, service in catalogue.services.items():
        if not 0 < service.working_days_min <= service.working_days_max:
            problems.append(f"service {code}: working days {service.working_days_min}-{service.working_days_max}")
        problems += [f"service {code}: activity {a.number} range {a.min}-{a.max}"
                     for a in service.activities if not 0 <= a.min <= a.max]
    if problems:
        raise StandardDataError(problems)


def _standard_problems(standard: CourseStandard, min_activities: int) -> list[str]:
    problems: list[str] = []
    keys = Counter(line.key for line in standard.lines)
    problems += [f"line {key.text()} appears {n} times" for key, n in keys.items() if n > 1]
    for line in standard.lines:
        where = line.key.text()
        if not line.specialists:
            problems.append(f"{where}: no specialist delivers it")
        individual = line.key.delivery == Delivery.INDIVIDUAL
        if (individual and line.max_group_size != 1) or (not individual and line.max_group_size < 2):
            problems.append(f"{where}: group size {line.max_group_size} does not fit {line.key.delivery} delivery")
        if not 0 < line.minutes_min <= line.minutes_max:
            problems.append(f"{where}: duration range {line.minutes_min}-{line.minutes_max} min is invalid")
        if line.young_minutes is not None and not 0 < line.young_minutes[0] <= line.young_minutes[1]:
            problems.append(f"{where}: duration range at ages 4-6 {line.young_minutes} is invalid")
        for band, c in line.counts.items():
            if not 0 <= c.min <= c.planned <= c.max:
                problems.append(f"{where} [{band}]: expected min <= average <= max, got {c.min}/{c.planned}/{c.max}")
        career = line.key.direction == Direction.CAREER_GUIDANCE
        if career and line.counts[UNDER_14].max > 0:
            problems.append(f"{where}: career guidance is for ages 14-17 only, band {UNDER_14} must be 0")
    for band in AGE_BANDS:
        total = standard.planned_total(band)
        if total < min_activities:
            problems.append(f"[{band}] plans {total} activities, the course minimum is {min_activities}")
        problems += _diagnostics_problems(standard, band)
    return problems


def _diagnostics_problems(standard: CourseStandard, band: AgeBand) -> list[str]:
    """Every direction taught has one primary diagnostics and at most one control one (DOMAIN.md §4; the
    published standards plan a single diagnostics for career guidance)."""
    plan = standard.plan(band)
    directions = {line.key.direction for line, _ in plan}
    out = []
    for direction in sorted(directions):
        for kind in DIAGNOSTICS:
            n = sum(c.planned for line, c in plan if line.key.direction == direction and line.key.activity_type == kind)
            expected = (1,) if kind == ActivityType.DIAGNOSTICS_PRIMARY else (0, 1)
            if n not in expected:
                allowed = " or ".join(map(str, expected))
                out.append(f"[{band}] {direction}: {kind} planned {n} times, expected {allowed}")
    return out
