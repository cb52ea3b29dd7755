"""Staff positions from the planned number of children, and the overhead that follows (order 18-62, item 3).

For each specialist: the services and hours one child's course takes, the annual hours for all planned
children, the positions they need, and how many services fit in a working day. Administrative and support
staff are allocated to the activities as a rate on the direct labour cost of the planned volume.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from kria_costing.domain.normalisation import Normalisation, StaffPosition
from kria_costing.domain.standards import AGE_BANDS, CourseStandard
from kria_costing.domain.unit_price import MINUTES_PER_HOUR, group_size
from kria_shared.contracts.common import ServiceForm

STAFFING_STEP = Fraction(1, 4)  # staff positions are established in quarters


@dataclass(frozen=True)
class CourseLoad:
    """What one child's course of a group and age band takes from one specialist."""

    group: str
    age_band: str
    services: int  # activities the child receives from the specialist
    minutes: int  # their total duration
    hours: Fraction  # specialist hours: group sessions are shared by the group


@dataclass(frozen=True)
class StaffingFigure:
    code: str
    loads: tuple[CourseLoad, ...]
    annual_hours: Fraction  # Σ planned children × hours per course
    positions: Fraction  # annual_hours / annual_work_hours
    staffed_positions: Fraction  # rounded up to a quarter position
    daily_work_hours: Fraction  # annual_work_hours / working days per year
    average_service_minutes: Fraction | None  # over the planned children's services
    services_per_day: int | None  # whole services that fit in a working day


@dataclass(frozen=True)
class StaffCost:
    title: str
    kind: str  # "administrative" | "support"
    positions: Fraction
    annual_cost: Fraction  # salary × 12 × (1 + accruals) × positions, kopecks


@dataclass(frozen=True)
class Overhead:
    direct_annual_labour: Fraction  # Σ_s annual_hours(s) × hourly_cost(s), kopecks
    staff: tuple[StaffCost, ...]
    admin_support_annual: Fraction
    admin_support_rate: Fraction  # admin_support_annual / direct_annual_labour
    other_rate: Mapping[ServiceForm, Fraction]
    rate: Mapping[ServiceForm, Fraction]  # admin_support_rate + other_rate[form]


def course_loads(code: str, standards: list[CourseStandard], norm: Normalisation) -> tuple[CourseLoad, ...]:
    out = []
    for standard in standards:
        for band in AGE_BANDS:
            plan = [(ln, c) for ln, c in standard.plan(band) if code in ln.specialists]
            if not plan:
                continue
            minutes = {ln.key: norm.time_norms[(ln.key.activity_type, ln.key.delivery)] for ln, _ in plan}
            out.append(CourseLoad(
                group=standard.group, age_band=band,
                services=sum(c.planned for _, c in plan),
                minutes=sum(c.planned * minutes[ln.key] for ln, c in plan),
                hours=sum((Fraction(c.planned * minutes[ln.key], MINUTES_PER_HOUR * group_size(ln, norm))
                           for ln, c in plan), Fraction(0)),
            ))
    return tuple(out)


def staffing(standards: list[CourseStandard], norm: Normalisation) -> tuple[StaffingFigure, ...]:
    children: dict[tuple[str, str], int] = {}
    for p in norm.planned_children:
        children[(p.group, p.age_band)] = children.get((p.group, p.age_band), 0) + p.children
    figures = []
    for code, spec in norm.specialists.items():
        loads = course_loads(code, standards, norm)
        served = [(load, children.get((load.group, load.age_band), 0)) for load in loads]
        annual_hours = sum((load.hours * n for load, n in served), Fraction(0))
        services = sum(load.services * n for load, n in served)
        average = Fraction(sum(load.minutes * n for load, n in served), services) if services else None
        daily_hours = spec.annual_work_hours / norm.working_days_per_year
        positions = annual_hours / spec.annual_work_hours
        figures.append(StaffingFigure(
            code=code, loads=loads, annual_hours=annual_hours, positions=positions,
            staffed_positions=ceil(positions / STAFFING_STEP) * STAFFING_STEP,
            daily_work_hours=daily_hours, average_service_minutes=average,
            services_per_day=floor(daily_hours * MINUTES_PER_HOUR / average) if average else None,
        ))
    return tuple(figures)


def overhead(figures: tuple[StaffingFigure, ...], norm: Normalisation) -> Overhead:
    """The overhead rate per form; with no planned volume there is nothing to spread staff costs over."""
    direct = sum((f.annual_hours * norm.hourly_cost(norm.specialists[f.code]) for f in figures), Fraction(0))
    staff = tuple(
        [_staff_cost(p, "administrative", norm) for p in norm.administrative_staff]
        + [_staff_cost(p, "support", norm) for p in norm.support_staff]
    )
    annual = sum((s.annual_cost for s in staff), Fraction(0))
    admin_rate = annual / direct if direct else Fraction(0)
    return Overhead(
        direct_annual_labour=direct, staff=staff, admin_support_annual=annual, admin_support_rate=admin_rate,
        other_rate=dict(norm.other_overhead_rate),
        rate={form: admin_rate + r for form, r in norm.other_overhead_rate.items()},
    )


def _staff_cost(position: StaffPosition, kind: str, norm: Normalisation) -> StaffCost:
    cost = norm.annual_cost(position.monthly_salary_kopecks, position.positions)
    return StaffCost(position.title, kind, position.positions, cost)
