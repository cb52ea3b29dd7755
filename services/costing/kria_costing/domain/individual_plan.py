"""The child's individual course plan (proposed by the organisation at reservation): counts per line of the
standard, each inside the standard's range for the child's age band, career guidance only at 14-17, and at
least the course minimum in all. Absent a plan, the standard's average counts are the plan."""

from __future__ import annotations

from collections.abc import Mapping

from kria_costing.domain.standards import AgeBand, CourseStandard, LineKey


def plan_problems(
    standard: CourseStandard, band: AgeBand, plan: Mapping[LineKey, int], min_activities: int
) -> list[str]:
    """Every reason the plan does not fit the standard, in Russian (empty: it fits)."""
    problems = []
    known = {line.key: line for line in standard.lines}
    for key in plan:
        if key not in known:
            problems.append(f"{key.text()}: такого мероприятия нет в стандарте ЦРГ {standard.group}")
    for line in standard.lines:
        counts = line.counts[band]
        n = plan.get(line.key, 0)
        if not counts.min <= n <= counts.max:
            if counts.max == 0:
                problems.append(f"{line.key.text()}: не предусмотрено для возраста {band}"
                                " (профориентация — только с 14 лет)")
            else:
                problems.append(f"{line.key.text()}: {n} вне диапазона стандарта {counts.min}–{counts.max}")
    total = sum(plan.values())
    if total < min_activities:
        problems.append(f"всего {total} мероприятий, курс — не менее {min_activities}")
    return problems


def average_plan(standard: CourseStandard, band: AgeBand) -> dict[LineKey, int]:
    return {line.key: counts.planned for line, counts in standard.plan(band)}
