"""The cost estimate of a reservation: the course plan priced from the approved price list.

total = Σ planned × unit price + days × per-day accompanying; it never exceeds the certificate's value
(order 18-62, item 9): a larger total is a rejection, never an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from kria_costing.domain.individual_plan import average_plan, plan_problems
from kria_costing.domain.price_table import PriceTable
from kria_costing.domain.standards import AgeBand, CourseStandard, LineKey, StandardsCatalogue
from kria_shared.contracts.common import ServiceForm

RejectionReason = Literal[
    "exceeds_certificate_value", "no_approved_price_list", "standard_not_covered", "invalid_course_days",
    "standards_changed",
]  # a plan outside the standard is "standard_not_covered" with the problems in ``detail``


@dataclass(frozen=True)
class PlannedItem:
    key: LineKey
    planned: int
    min: int
    max: int
    unit_price_kopecks: int

    @property
    def total_kopecks(self) -> int:
        return self.planned * self.unit_price_kopecks


@dataclass(frozen=True)
class CourseCost:
    group: str  # the standard's group the course follows
    age_band: AgeBand
    lines: tuple[PlannedItem, ...]
    course_kopecks: int  # Σ lines
    days: int
    per_day: dict[str, int]  # accompanying components, kopecks per day
    per_day_kopecks: int
    accompanying_kopecks: int  # days × per_day_kopecks
    total_kopecks: int  # course + accompanying


@dataclass(frozen=True)
class EstimateRequest:
    target_group: str
    age_years: int
    form: ServiceForm
    companion: bool
    days: int
    value_kopecks: int
    plan: Mapping[LineKey, int] | None = None  # the organisation's individual plan; None: the average mix


@dataclass(frozen=True)
class Accepted:
    cost: CourseCost
    standard_version: str
    value_kopecks: int


@dataclass(frozen=True)
class Rejected:
    reason: RejectionReason
    value_kopecks: int
    total_kopecks: int | None = None
    detail: str | None = None


def course_cost(
    standard: CourseStandard, band: AgeBand, table: PriceTable, form: ServiceForm, companion: bool, days: int,
    *, young: bool = False, plan: Mapping[LineKey, int] | None = None,
) -> CourseCost | None:
    """A course of a standard priced from a table: the plan's counts (default the averages); at ages 4-6 the
    lines' own prices. None if a line of the plan has no price."""
    counts_of = plan if plan is not None else average_plan(standard, band)
    lines = []
    for line in standard.lines:
        n = counts_of.get(line.key, 0)
        if n <= 0:
            continue
        price = table.unit_price(standard.group, form, line.key, young)
        if price is None:
            return None
        c = line.counts[band]
        lines.append(PlannedItem(line.key, n, c.min, c.max, price))
    course = sum(item.total_kopecks for item in lines)
    per_day = table.per_day(form, companion, young)
    per_day_total = sum(per_day.values())
    return CourseCost(
        group=standard.group, age_band=band, lines=tuple(lines), course_kopecks=course, days=days,
        per_day=per_day, per_day_kopecks=per_day_total, accompanying_kopecks=days * per_day_total,
        total_kopecks=course + days * per_day_total,
    )


def estimate(request: EstimateRequest, catalogue: StandardsCatalogue, table: PriceTable | None) -> Accepted | Rejected:
    if request.days <= 0:  # a broken reservation still gets an answer, or the certificate would wait for ever
        return Rejected("invalid_course_days", request.value_kopecks)
    if table is None:
        return Rejected("no_approved_price_list", request.value_kopecks)
    if table.standards_version != catalogue.version:  # its prices follow plans the region has replaced
        return Rejected("standards_changed", request.value_kopecks)
    standard = catalogue.find(request.target_group, request.form)
    band = catalogue.age_band(request.age_years)
    if standard is None or band is None:
        return Rejected("standard_not_covered", request.value_kopecks)
    if request.plan is not None:
        problems = plan_problems(standard, band, request.plan, catalogue.min_course_activities)
        if problems:
            return Rejected("standard_not_covered", request.value_kopecks, detail="; ".join(problems))
    cost = course_cost(standard, band, table, request.form, request.companion, request.days,
                       young=catalogue.young(request.age_years), plan=request.plan)
    if cost is None:  # the price list does not price this group/form
        return Rejected("standard_not_covered", request.value_kopecks)
    if cost.total_kopecks > request.value_kopecks:
        return Rejected("exceeds_certificate_value", request.value_kopecks, cost.total_kopecks)
    return Accepted(cost, catalogue.standard_version(standard), request.value_kopecks)
