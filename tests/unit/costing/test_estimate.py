"""The estimate of a reservation: priced plan, accompanying services, and the explicit value check."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from kria_costing.config.loader import EXAMPLE_NORMALISATION, load_catalogue
from kria_costing.domain.estimate import Accepted, EstimateRequest, Rejected, estimate
from kria_costing.domain.price_list import compute_price_list
from kria_costing.domain.price_table import PriceTable
from kria_costing.domain.standards import StandardsCatalogue
from kria_costing.schemas import NormalisationIn
from kria_shared.contracts.common import Direction
from kria_shared.contracts.common import ServiceForm as F

from .worked import catalogue, normalisation

MAX_VALUE_2026 = 11_539_500  # 115 395 RUB, the 2026 maximum face value (DOMAIN.md §2)


@pytest.fixture(scope="module")
def shipped() -> tuple[StandardsCatalogue, PriceTable]:
    cat = load_catalogue()
    norm = NormalisationIn.model_validate(yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8")))
    return cat, compute_price_list(norm.to_domain(), cat, "7").table


def request(group: str = "2", age: int = 10, form: F = F.SEMI_INPATIENT, companion: bool = False,
            value: int = MAX_VALUE_2026, days: int = 21) -> EstimateRequest:
    return EstimateRequest(group, age, form, companion, days, value)


def test_the_plan_carries_the_standards_ranges_and_unit_prices(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    result = estimate(request("6.6", age=15), cat, table)
    assert isinstance(result, Accepted)
    assert result.standard_version == "kria-standards-2026.2/crg-6"
    assert sum(i.planned for i in result.cost.lines) == 120
    for item in result.cost.lines:
        assert item.min <= item.planned <= item.max and item.unit_price_kopecks > 0
    assert result.cost.course_kopecks == sum(i.planned * i.unit_price_kopecks for i in result.cost.lines)


def test_career_guidance_only_from_age_14(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    young, older = estimate(request(age=13), cat, table), estimate(request(age=14), cat, table)
    assert isinstance(young, Accepted) and isinstance(older, Accepted)
    assert Direction.CAREER_GUIDANCE not in {i.key.direction for i in young.cost.lines}
    assert Direction.CAREER_GUIDANCE in {i.key.direction for i in older.cost.lines}


def test_accompanying_services_by_form_and_companion(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    semi = estimate(request(form=F.SEMI_INPATIENT), cat, table)
    semi_with = estimate(request(form=F.SEMI_INPATIENT, companion=True), cat, table)
    inpatient = estimate(request(form=F.INPATIENT), cat, table)
    inpatient_with = estimate(request(form=F.INPATIENT, companion=True), cat, table)
    assert isinstance(semi, Accepted) and isinstance(semi_with, Accepted)
    assert isinstance(inpatient, Accepted) and isinstance(inpatient_with, Accepted)
    # the example's calculation (test_accompanying): a child of 7-17 eats 208.90 (semi) / 379.82 (inpatient) a day,
    # a bed-day costs 263.81, a companion eats 400.72
    assert semi.cost.per_day == semi_with.cost.per_day == {"child_meals": 20_890}
    assert inpatient.cost.per_day == {"child_meals": 37_982, "child_accommodation": 26_381}
    assert inpatient_with.cost.per_day_kopecks == 37_982 + 26_381 + 40_072 + 26_381
    assert inpatient_with.cost.accompanying_kopecks == 21 * 130_816


def test_the_total_may_equal_the_value_but_never_exceed_it() -> None:
    table = compute_price_list(normalisation(), catalogue(), "1").table
    total = 1_233_726  # the worked semi-inpatient course (test_worked_example)
    exactly = estimate(EstimateRequest("X", 10, F.SEMI_INPATIENT, False, 21, total), catalogue(), table)
    assert isinstance(exactly, Accepted) and exactly.cost.total_kopecks == total
    short = estimate(EstimateRequest("X", 10, F.SEMI_INPATIENT, False, 21, total - 1), catalogue(), table)
    assert short == Rejected("exceeds_certificate_value", total - 1, total)


@pytest.mark.parametrize("days", [0, -3])
def test_a_course_of_no_days_is_rejected(shipped: tuple[StandardsCatalogue, PriceTable], days: int) -> None:
    cat, table = shipped
    assert isinstance(estimate(request(days=1), cat, table), Accepted)
    assert estimate(request(days=days), cat, table) == Rejected("invalid_course_days", MAX_VALUE_2026)


def test_a_price_list_for_replaced_standards_is_not_used(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    assert isinstance(estimate(request(), cat, table), Accepted)
    stale = replace(table, standards_version="kria-standards-2025.9")  # approved before the region's new standards
    assert estimate(request(), cat, stale) == Rejected("standards_changed", MAX_VALUE_2026)


def test_no_approved_price_list() -> None:
    assert estimate(request(), load_catalogue(), None) == Rejected("no_approved_price_list", MAX_VALUE_2026)


@pytest.mark.parametrize(("group", "age"), [("12", 10), ("2", 3)])
def test_no_standard_for_the_group_or_age(shipped: tuple[StandardsCatalogue, PriceTable], group: str, age: int) -> None:
    cat, table = shipped
    assert estimate(request(group, age), cat, table) == Rejected("standard_not_covered", MAX_VALUE_2026)


def test_a_child_who_turned_18_within_the_validity_is_priced_in_the_oldest_band(
    shipped: tuple[StandardsCatalogue, PriceTable],
) -> None:
    cat, table = shipped
    at_17, at_18 = estimate(request("2", 17), cat, table), estimate(request("2", 18), cat, table)
    assert isinstance(at_17, Accepted) and isinstance(at_18, Accepted)
    assert at_18.cost.age_band == at_17.cost.age_band == "14-17"


def test_a_price_list_that_does_not_price_the_group_is_not_covered() -> None:
    cat = load_catalogue()
    norm = NormalisationIn.model_validate(
        {**yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8")), "target_groups": ["1", "2"],
         "planned_children": [{"group": "1", "form": "semi_inpatient", "age_band": "до 14", "children": 40},
                              {"group": "2", "form": "inpatient", "age_band": "до 14", "children": 10}]})
    table = compute_price_list(norm.to_domain(), cat, "2").table
    assert isinstance(estimate(request("2"), cat, table), Accepted)
    assert estimate(request("7"), cat, table) == Rejected("standard_not_covered", MAX_VALUE_2026)
