"""Accompanying services calculated from their inputs (order 18-62, items 5 and 7.2-7.5).

meals per day (eater, form)  = Σ_products market_price × daily_quantity(eater) × share(form)
                               + kitchen_staff_annual / planned_ration_days × share(form)
bed-day (child or companion) = (premises_upkeep + utilities + linen + accommodation_staff_annual) / planned_bed_days
share(inpatient) = 1 (the full daily ration); share(semi_inpatient) = the part of the ration served in the day.
Every figure is exact; the per-day price is rounded half-up to kopecks, like a unit price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from kria_costing.domain.money import round_half_up
from kria_costing.domain.staff import StaffPosition
from kria_shared.contracts.common import ServiceForm

Eater = Literal["4-6", "7-17", "companion"]  # the ration's age groups: the child by age, the accompanying person
CHILD_EATERS: tuple[Eater, ...] = ("4-6", "7-17")
EATERS: tuple[Eater, ...] = ("4-6", "7-17", "companion")
PriceBasis = Literal["identical", "homogeneous"]  # item 5: identical goods, else homogeneous ones


@dataclass(frozen=True)
class RationItem:
    product: str
    unit: str  # кг, л, шт
    price_kopecks: int  # market price of one unit
    price_basis: PriceBasis
    price_source: str
    per_day: Mapping[Eater, Fraction]  # quantity in one full daily ration


@dataclass(frozen=True)
class MealsInputs:
    ration: tuple[RationItem, ...]
    semi_inpatient_share: Fraction  # the part of the daily ration served in the semi-inpatient form
    kitchen_staff: tuple[StaffPosition, ...]
    planned_ration_days: int  # full daily rations the kitchen serves in a year (children and companions)


@dataclass(frozen=True)
class AccommodationInputs:
    premises_upkeep_kopecks: int  # a year, the sleeping quarters
    utilities_kopecks: int
    linen_kopecks: int
    staff: tuple[StaffPosition, ...]
    planned_bed_days: int


@dataclass(frozen=True)
class AccompanyingInputs:
    meals: MealsInputs
    accommodation: AccommodationInputs


@dataclass(frozen=True)
class MealCost:
    eater: Eater
    form: ServiceForm
    share: Fraction
    food: Fraction  # kopecks
    kitchen_labour: Fraction
    exact: Fraction
    kopecks: int


@dataclass(frozen=True)
class AccompanyingCalculation:
    kitchen_annual: Fraction
    kitchen_per_ration_day: Fraction
    food_per_ration_day: Mapping[Eater, Fraction]
    meals: tuple[MealCost, ...]
    accommodation_staff_annual: Fraction
    accommodation_annual: Fraction
    bed_day_exact: Fraction
    bed_day_kopecks: int
    rates: AccompanyingRates


@dataclass(frozen=True)
class AccompanyingRates:
    """Per-day prices of the accompanying services, in kopecks (what an estimate multiplies by the days)."""

    child_meals: Mapping[tuple[ServiceForm, Eater], int]  # by form and the child's age group
    child_accommodation: int
    companion_meals: int
    companion_accommodation: int

    def per_day(self, form: ServiceForm, companion: bool, young: bool = False) -> dict[str, int]:
        """Meals of the child in both forms; accommodation and the companion only in the inpatient form."""
        out = {"child_meals": self.child_meals[(form, "4-6" if young else "7-17")]}
        if form == ServiceForm.INPATIENT:
            out["child_accommodation"] = self.child_accommodation
            if companion:
                out["companion_meals"] = self.companion_meals
                out["companion_accommodation"] = self.companion_accommodation
        return out


def share(inputs: MealsInputs, form: ServiceForm) -> Fraction:
    return Fraction(1) if form == ServiceForm.INPATIENT else inputs.semi_inpatient_share


def calculate(inputs: AccompanyingInputs, accruals_rate: Fraction) -> AccompanyingCalculation:
    """The per-day prices with every intermediate figure; planned days are positive (checked by the schema)."""
    def annual(staff: tuple[StaffPosition, ...]) -> Fraction:
        return sum((s.annual_cost(accruals_rate) for s in staff), Fraction(0))

    m = inputs.meals
    kitchen = annual(m.kitchen_staff)
    kitchen_day = kitchen / m.planned_ration_days
    food = {e: sum((i.price_kopecks * i.per_day.get(e, Fraction(0)) for i in m.ration), Fraction(0)) for e in EATERS}
    meals = []
    for eater in EATERS:
        for form in (ServiceForm.SEMI_INPATIENT, ServiceForm.INPATIENT):
            if eater == "companion" and form != ServiceForm.INPATIENT:
                continue  # a companion is fed and housed only in the inpatient form (item 7)
            part = share(m, form)
            value = (food[eater] + kitchen_day) * part
            meals.append(MealCost(eater, form, part, food[eater] * part, kitchen_day * part, value,
                                  round_half_up(value)))
    a = inputs.accommodation
    staff = annual(a.staff)
    total = a.premises_upkeep_kopecks + a.utilities_kopecks + a.linen_kopecks + staff
    bed_day = total / a.planned_bed_days
    by = {(c.eater, c.form): c.kopecks for c in meals}
    rates = AccompanyingRates(
        child_meals={(form, eater): by[(eater, form)] for eater in CHILD_EATERS for form in ServiceForm},
        child_accommodation=round_half_up(bed_day),
        companion_meals=by[("companion", ServiceForm.INPATIENT)],
        companion_accommodation=round_half_up(bed_day),
    )
    return AccompanyingCalculation(
        kitchen_annual=kitchen, kitchen_per_ration_day=kitchen_day, food_per_ration_day=food, meals=tuple(meals),
        accommodation_staff_annual=staff, accommodation_annual=total, bed_day_exact=bed_day,
        bed_day_kopecks=round_half_up(bed_day), rates=rates,
    )
