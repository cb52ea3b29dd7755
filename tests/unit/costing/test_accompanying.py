"""Accompanying services are calculated from their inputs (order 18-62, items 5 and 7.2-7.5): the worked figures
by hand, and the shipped example recomputed independently from its YAML."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import yaml

from kria_costing.config.loader import EXAMPLE_NORMALISATION
from kria_costing.domain.accompanying import calculate
from kria_costing.schemas import NormalisationIn
from kria_shared.contracts.common import ServiceForm as F

from .worked import ACCOMPANYING


def test_the_worked_meals_and_bed_day() -> None:
    calc = calculate(ACCOMPANYING, Fraction("0.302"))
    # the cook: 25 000.00 x 12 x 1.302 = 390 600.00 a year / 3 906 ration-days = 100.00
    assert calc.kitchen_annual == 39_060_000 and calc.kitchen_per_ration_day == 10_000
    rates = calc.rates
    # a child of 7-17: 5 x 100.00 + 100.00 = 600.00 inpatient; half of it semi-inpatient
    assert rates.child_meals[(F.INPATIENT, "7-17")] == 60_000
    assert rates.child_meals[(F.SEMI_INPATIENT, "7-17")] == 30_000
    assert rates.child_meals[(F.INPATIENT, "4-6")] == 50_000 and rates.companion_meals == 50_000
    # (304 700 + 150 000 + 50 000 + 195 300) / 1 000 bed-days = 700.00, for the child and the companion alike
    assert calc.accommodation_staff_annual == 19_530_000
    assert rates.child_accommodation == rates.companion_accommodation == 70_000
    assert rates.per_day(F.INPATIENT, True, young=True) == {
        "child_meals": 50_000, "child_accommodation": 70_000, "companion_meals": 50_000,
        "companion_accommodation": 70_000}
    assert rates.per_day(F.SEMI_INPATIENT, True) == {"child_meals": 30_000}  # no companion in the day form


def kopecks(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_the_example_is_recomputable_from_its_inputs() -> None:
    raw: dict[str, Any] = yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8"))
    meals, bed = raw["accompanying"]["meals"], raw["accompanying"]["accommodation"]
    accruals = Decimal(str(raw["accruals_rate"]))

    def annual(staff: list[dict[str, Any]]) -> Decimal:
        return sum((Decimal(str(s["monthly_salary_rub"])) * 12 * (1 + accruals) * Decimal(str(s["positions"]))
                    for s in staff), Decimal(0))

    kitchen_day = annual(meals["kitchen_staff"]) / meals["planned_ration_days"]

    def food(eater: str) -> Decimal:
        return sum((Decimal(str(i["price_rub"])) * Decimal(str(i["per_day"].get(eater, 0))) for i in meals["ration"]),
                   Decimal(0))

    share = Decimal(str(meals["semi_inpatient_share"]))
    expected_bed = (Decimal(str(bed["premises_upkeep_rub"])) + Decimal(str(bed["utilities_rub"]))
                    + Decimal(str(bed["linen_rub"])) + annual(bed["staff"])) / bed["planned_bed_days"]
    rates = calculate(NormalisationIn.model_validate(raw).to_domain().accompanying, Fraction(accruals)).rates
    assert rates.child_meals[(F.INPATIENT, "7-17")] == kopecks(food("7-17") + kitchen_day)
    assert rates.child_meals[(F.SEMI_INPATIENT, "7-17")] == kopecks((food("7-17") + kitchen_day) * share)
    assert rates.child_meals[(F.INPATIENT, "4-6")] == kopecks(food("4-6") + kitchen_day)
    assert rates.companion_meals == kopecks(food("companion") + kitchen_day)
    assert rates.child_accommodation == rates.companion_accommodation == kopecks(expected_bed)
    # every market price keeps its source and whether it is of identical or homogeneous goods (item 5)
    assert all(i["price_source"] and i["price_basis"] in ("identical", "homogeneous") for i in meals["ration"])
    assert {i["price_basis"] for i in meals["ration"]} == {"identical", "homogeneous"}
