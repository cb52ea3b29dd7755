"""Staff positions from the planned number of children, and the overhead that follows (order 18-62, item 3).

For each specialist: the services and hours one child's course takes, the annual hours for all planned
children, the positions they need, and how many services fit in a working day; the same per ЦРГ and direction
(item 3.4) with the time per direction in hours (item 3.1). Administrative and support staff are allocated to
the activities as a rate on the direct labour cost of the planned volume; the premises' annual utilities and
upkeep of each form as a rate on the direct labour of that form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from kria_costing.domain.normalisation import Normalisation, PlannedChildren
from kria_costing.domain.staff import StaffPosition
from kria_costing.domain.standards import UNDER_14, CourseStandard
from kria_costing.domain.unit_price import MINUTES_PER_HOUR, group_size
from kria_shared.contracts.common import Direction, ServiceForm

STAFFING_STEP = Fraction(1, 4)  # staff positions are established in quarters


@dataclass(frozen=True)
class CourseLoad:
    """What one child's course of a group and age band takes from one specialist."""

    group: str
    age_band: str  # "до 14", "14-17", or "4-6" (planned apart: shorter individual sessions)
    services: int  # activities the child receives from the specialist
    minutes: int  # their total duration
    hours: Fraction  # specialist hours: group sessions are shared by the group


@dataclass(frozen=True)
class DirectionLoad:
    """A year's planned work of one specialist in one direction of one ЦРГ (items 3.1 and 3.4)."""

    group: str
    direction: Direction
    code: str  # the specialist
    children: int
    services: int  # activities the planned children receive
    child_hours: Fraction  # their total duration in hours (what the children receive)
    specialist_hours: Fraction  # the specialist's hours (group sessions shared)
    positions: Fraction  # specialist_hours / annual_work_hours


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
    by_group: Mapping[str, Fraction]  # positions per ЦРГ (item 3.4)


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
    direct_by_form: Mapping[ServiceForm, Fraction]  # the direct labour of the children planned in each form
    premises_annual: Mapping[ServiceForm, Fraction]  # Σ a year's utilities, upkeep ... of the form
    other_rate: Mapping[ServiceForm, Fraction]  # premises_annual / direct_by_form
    rate: Mapping[ServiceForm, Fraction]  # admin_support_rate + other_rate[form]


def course_loads(code: str, standards: list[CourseStandard], norm: Normalisation) -> tuple[CourseLoad, ...]:
    out = []
    for standard in standards:
        for label in ("4-6", UNDER_14, "14-17"):
            young = label == "4-6"
            band = UNDER_14 if young else label
            plan = [(ln, c) for ln, c in standard.plan(band) if code in ln.specialists]  # type: ignore[arg-type]
            if not plan:
                continue
            minutes = {ln.key: norm.minutes(ln, young) for ln, _ in plan}
            out.append(CourseLoad(
                group=standard.group, age_band=label,
                services=sum(c.planned for _, c in plan),
                minutes=sum(c.planned * minutes[ln.key] for ln, c in plan),
                hours=sum((Fraction(c.planned * minutes[ln.key], MINUTES_PER_HOUR * group_size(ln, norm))
                           for ln, c in plan), Fraction(0)),
            ))
    return tuple(out)


def planned_by_label(rows: tuple[PlannedChildren, ...], form: ServiceForm | None = None) -> dict[tuple[str, str], int]:
    children: dict[tuple[str, str], int] = {}
    for p in rows:
        if form is None or p.form == form:
            children[(p.group, p.label)] = children.get((p.group, p.label), 0) + p.children
    return children


def staffing(standards: list[CourseStandard], norm: Normalisation) -> tuple[StaffingFigure, ...]:
    children = planned_by_label(norm.planned_children)
    figures = []
    for code, spec in norm.specialists.items():
        loads = course_loads(code, standards, norm)
        served = [(load, children.get((load.group, load.age_band), 0)) for load in loads]
        annual_hours = sum((load.hours * n for load, n in served), Fraction(0))
        services = sum(load.services * n for load, n in served)
        average = Fraction(sum(load.minutes * n for load, n in served), services) if services else None
        daily_hours = spec.annual_work_hours / norm.working_days_per_year
        positions = annual_hours / spec.annual_work_hours
        by_group: dict[str, Fraction] = {}
        for load, n in served:
            by_group[load.group] = by_group.get(load.group, Fraction(0)) + load.hours * n / spec.annual_work_hours
        figures.append(StaffingFigure(
            code=code, loads=loads, annual_hours=annual_hours, positions=positions,
            staffed_positions=ceil(positions / STAFFING_STEP) * STAFFING_STEP,
            daily_work_hours=daily_hours, average_service_minutes=average,
            services_per_day=floor(daily_hours * MINUTES_PER_HOUR / average) if average else None,
            by_group={g: p for g, p in by_group.items() if p},
        ))
    return tuple(figures)


def direction_loads(standards: list[CourseStandard], norm: Normalisation) -> tuple[DirectionLoad, ...]:
    """Per ЦРГ, direction and specialist: the planned children's services and hours in a year."""
    children = planned_by_label(norm.planned_children)
    acc: dict[tuple[str, Direction, str], list[Fraction]] = {}
    kids: dict[str, int] = {}
    for (group, _label), n in children.items():
        kids[group] = kids.get(group, 0) + n
    for standard in standards:
        for label in ("4-6", UNDER_14, "14-17"):
            n = children.get((standard.group, label), 0)
            if not n:
                continue
            young = label == "4-6"
            for line, c in standard.plan(UNDER_14 if young else label):  # type: ignore[arg-type]
                minutes = norm.minutes(line, young)
                for code in line.specialists:
                    row = acc.setdefault((standard.group, line.key.direction, code), [Fraction(0)] * 3)
                    row[0] += c.planned * n
                    row[1] += Fraction(c.planned * minutes * n, MINUTES_PER_HOUR)
                    row[2] += Fraction(c.planned * minutes * n, MINUTES_PER_HOUR * group_size(line, norm))
    out = []
    for (group, direction, code), (services, child_h, spec_h) in acc.items():
        work = norm.specialists[code].annual_work_hours
        out.append(DirectionLoad(group, direction, code, kids[group], int(services), child_h, spec_h, spec_h / work))
    return tuple(sorted(out, key=lambda d: (int(d.group) if d.group.isdigit() else 99, d.group, str(d.direction))))


def overhead(figures: tuple[StaffingFigure, ...], norm: Normalisation, standards: list[CourseStandard]) -> Overhead:
    """The overhead rate per form; with no planned volume there is nothing to spread costs over (coverage refuses
    costs without planned children)."""
    direct = sum((f.annual_hours * norm.hourly_cost(norm.specialists[f.code]) for f in figures), Fraction(0))
    staff = tuple(
        [_staff_cost(p, "administrative", norm) for p in norm.administrative_staff]
        + [_staff_cost(p, "support", norm) for p in norm.support_staff]
    )
    annual = sum((s.annual_cost for s in staff), Fraction(0))
    admin_rate = annual / direct if direct else Fraction(0)
    by_form = {form: direct_labour(standards, norm, form) for form in ServiceForm}
    premises = {form: Fraction(sum(norm.premises_annual.get(form, {}).values())) for form in ServiceForm}
    other = {form: premises[form] / by_form[form] if by_form[form] else Fraction(0) for form in ServiceForm}
    return Overhead(
        direct_annual_labour=direct, staff=staff, admin_support_annual=annual, admin_support_rate=admin_rate,
        direct_by_form=by_form, premises_annual=premises, other_rate=other,
        rate={form: admin_rate + r for form, r in other.items()},
    )


def direct_labour(standards: list[CourseStandard], norm: Normalisation, form: ServiceForm) -> Fraction:
    """A year's direct labour cost of the children planned in one form."""
    children = planned_by_label(norm.planned_children, form)
    total = Fraction(0)
    for code, spec in norm.specialists.items():
        hourly = norm.hourly_cost(spec)
        for load in course_loads(code, standards, norm):
            total += load.hours * children.get((load.group, load.age_band), 0) * hourly
    return total


def _staff_cost(position: StaffPosition, kind: str, norm: Normalisation) -> StaffCost:
    return StaffCost(position.title, kind, position.positions, position.annual_cost(norm.accruals_rate))
