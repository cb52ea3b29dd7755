"""The unit price of one activity line, with every intermediate figure (DOMAIN.md §3 working model).

unit_cost = (Σ_s hourly_cost(s) × minutes/60 / group_size + materials) × (1 + overhead) × territorial_coefficient
The exact value (a fraction of a kopeck) is rounded half-up to whole kopecks: that is the price.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kria_costing.domain.money import round_half_up
from kria_costing.domain.normalisation import Normalisation
from kria_costing.domain.standards import LineKey, StandardLine
from kria_shared.contracts.common import Delivery, ServiceForm

MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class SpecialistShare:
    code: str
    hourly_cost: Fraction  # kopecks per hour
    hours: Fraction  # minutes / 60
    cost: Fraction  # hourly_cost × hours / group_size, kopecks per child


@dataclass(frozen=True)
class MaterialShare:
    item: str
    unit_price_kopecks: int
    quantity: Fraction
    cost: Fraction  # kopecks per child


@dataclass(frozen=True)
class UnitPrice:
    group: str
    form: ServiceForm
    key: LineKey
    young: bool  # the price at ages 4-6 (a line with durations of its own there)
    minutes: int
    standard_max_group_size: int
    group_size: int  # the organisation's group size, capped by the standard
    specialists: tuple[SpecialistShare, ...]
    labour: Fraction
    materials: tuple[MaterialShare, ...]
    materials_total: Fraction
    direct: Fraction  # labour + materials
    overhead_rate: Fraction
    territorial_coefficient: Fraction
    exact: Fraction  # direct × (1 + overhead) × territorial, kopecks
    kopecks: int  # the price: exact rounded half-up


def group_size(line: StandardLine, norm: Normalisation) -> int:
    if line.key.delivery == Delivery.INDIVIDUAL:
        return 1
    return min(norm.group_sizes[line.key.activity_type], line.max_group_size)


def unit_price(
    group: str, form: ServiceForm, line: StandardLine, norm: Normalisation, overhead: Fraction, young: bool = False
) -> UnitPrice:
    """Price one line of a standard; the normalisation has been checked to cover it (coverage.check_coverage)."""
    minutes = norm.minutes(line, young)
    size = group_size(line, norm)
    hours = Fraction(minutes, MINUTES_PER_HOUR)
    shares = []
    for code in line.specialists:
        hourly = norm.hourly_cost(norm.specialists[code])
        shares.append(SpecialistShare(code, hourly, hours, hourly * hours / size))
    labour = sum((s.cost for s in shares), Fraction(0))
    materials = tuple(
        MaterialShare(m.item, m.unit_price_kopecks, m.quantity_per_service, m.cost_per_service)
        for m in norm.materials
        if m.applies_to(line.key, group)
    )
    materials_total = sum((m.cost for m in materials), Fraction(0))
    direct = labour + materials_total
    exact = direct * (1 + overhead) * norm.territorial_coefficient
    return UnitPrice(
        group=group, form=form, key=line.key, young=young, minutes=minutes, standard_max_group_size=line.max_group_size,
        group_size=size, specialists=tuple(shares), labour=labour, materials=materials,
        materials_total=materials_total, direct=direct, overhead_rate=overhead,
        territorial_coefficient=norm.territorial_coefficient, exact=exact, kopecks=round_half_up(exact),
    )


YOUNG_SUFFIX = "|4-6"


def price_key(group: str, form: ServiceForm, key: LineKey, young: bool = False) -> str:
    """A stable text key of a price: "2|inpatient|social_household/practical/group" (+ "|4-6" at ages 4-6)."""
    return f"{group}|{form}|{key.text()}" + (YOUNG_SUFFIX if young else "")
