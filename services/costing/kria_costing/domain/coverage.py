"""Does a normalisation cover every standard it prices? Each gap is refused with the field that causes it."""

from __future__ import annotations

from dataclasses import dataclass

from kria_costing.domain.normalisation import Normalisation
from kria_costing.domain.standards import CourseStandard, StandardsCatalogue
from kria_shared.contracts.common import Delivery


@dataclass(frozen=True)
class Problem:
    field: str  # dotted path into the normalisation document, e.g. "specialists.psychologist"
    code: str
    message: str


class NormalisationRejected(ValueError):
    """The normalisation cannot produce a price list; ``problems`` lists every reason (the first one leads)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def covered_standards(norm: Normalisation, catalogue: StandardsCatalogue) -> list[CourseStandard]:
    """The standards the price list covers: the organisation's target groups, or every group."""
    codes = norm.target_groups if norm.target_groups is not None else tuple(catalogue.standards)
    return [catalogue.standards[c] for c in codes if c in catalogue.standards]


def check_coverage(norm: Normalisation, catalogue: StandardsCatalogue) -> None:
    """Raise NormalisationRejected unless every covered standard line can be priced."""
    found: dict[tuple[str, str], Problem] = {}

    def add(field: str, code: str, message: str) -> None:
        found.setdefault((field, code), Problem(field, code, message))

    if norm.target_groups is not None and not norm.target_groups:  # omit the field to price every group
        add("target_groups", "no_target_groups", "name at least one ЦРГ, or leave target_groups out for all of them")
    seen: set[str] = set()
    for i, code in enumerate(norm.target_groups or ()):
        if code in seen:  # a repeated group would be priced twice and weigh twice in the admin/support rate
            add(f"target_groups[{i}]", "duplicate_target_group", f"ЦРГ {code!r} is listed more than once")
        elif code not in catalogue.standards:
            add(f"target_groups[{i}]", "unknown_target_group", f"no course standard for ЦРГ {code!r}")
        seen.add(code)
    standards = covered_standards(norm, catalogue)
    for standard in standards:
        for line in standard.lines:
            where = f"ЦРГ {standard.group} {line.key.text()}"
            for s in (s for s in line.specialists if s not in norm.specialists):
                add(f"specialists.{s}", "missing_specialist", f"{where} is delivered by {s!r}, which is not defined")
            kind = line.key.activity_type
            norm_field = f"time_norms_minutes.{kind}.{line.key.delivery}"
            minutes = norm.time_norms.get((kind, line.key.delivery))
            if minutes is None:
                add(norm_field, "missing_time_norm", f"{where} needs a time norm")
            elif not line.minutes_min <= minutes <= line.minutes_max:
                add(norm_field, "time_norm_outside_standard",
                    f"{where} allows {line.minutes_min}-{line.minutes_max} min, the norm is {minutes}")
            if line.young_minutes is not None:
                young_field = f"time_norms_minutes_4_6.{kind}.{line.key.delivery}"
                young = norm.time_norms_young.get((kind, line.key.delivery))
                low, high = line.young_minutes
                if young is None:
                    add(young_field, "missing_time_norm",
                        f"{where} at ages 4-6 needs its own time norm ({low}-{high} min)")
                elif not low <= young <= high:
                    add(young_field, "time_norm_outside_standard",
                        f"{where} at ages 4-6 allows {low}-{high} min, the norm is {young}")
            if line.key.delivery == Delivery.GROUP and kind not in norm.group_sizes:
                add(f"group_sizes.{kind}", "missing_group_size", f"{where} is delivered in groups")
    by_code = {s.group: s for s in standards}
    for i, row in enumerate(norm.planned_children):
        planned = by_code.get(row.group)
        if planned is None or row.form not in planned.forms:
            add(f"planned_children[{i}].group", "group_not_covered",
                f"ЦРГ {row.group} ({row.form}) is not among the groups this price list covers")
    for code, spec in norm.specialists.items():
        if spec.annual_work_hours <= 0:
            add(f"specialists.{code}.annual_work_hours", "not_positive", "annual working hours must be positive")
    staffed = norm.administrative_staff or norm.support_staff
    if staffed and not any(p.children > 0 and p.group in by_code for p in norm.planned_children):
        add("planned_children", "no_planned_children",
            "administrative and support staff are spread over the planned children: plan at least one child")
    for form, costs in norm.premises_annual.items():
        served = any(p.children > 0 and p.form == form and p.group in by_code for p in norm.planned_children)
        if sum(costs.values()) > 0 and not served:
            add(f"premises_annual_rub.{form}", "no_planned_children",
                f"the premises' annual costs of the form {form} are spread over its planned children: "
                "plan at least one")
    if norm.working_days_per_year <= 0:
        add("working_days_per_year", "not_positive", "working days per year must be positive")
    if found:
        raise NormalisationRejected(list(found.values()))
