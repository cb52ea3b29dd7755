"""The child's individual course plan (order 18-62, items 8 and 9): proposed at reservation inside the standard's
ranges, priced by the estimate, paid up to its counts at settlement, never above the certificate's value."""

from __future__ import annotations

import pytest
import yaml

from kria_costing.config.loader import EXAMPLE_NORMALISATION, load_catalogue
from kria_costing.domain.estimate import Accepted, EstimateRequest, Rejected, estimate
from kria_costing.domain.price_list import compute_price_list
from kria_costing.domain.price_table import PriceTable
from kria_costing.domain.settlement import settle
from kria_costing.domain.standards import FROM_14, UNDER_14, AgeBand, LineKey, StandardsCatalogue
from kria_costing.schemas import NormalisationIn
from kria_shared.contracts.common import ActivityType, Delivery, Direction
from kria_shared.contracts.common import ServiceForm as F

VALUE = 11_539_500


@pytest.fixture(scope="module")
def shipped() -> tuple[StandardsCatalogue, PriceTable]:
    cat = load_catalogue()
    norm = NormalisationIn.model_validate(yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8")))
    return cat, compute_price_list(norm.to_domain(), cat, "3").table


def other_mix(cat: StandardsCatalogue, group: str, band: AgeBand) -> dict[LineKey, int]:
    """Inside every range, unlike the average: the top of the range for individual lines, the bottom for group
    lines, then topped up on group lines to the course minimum."""
    standard = cat.standards[group]
    plan = {ln.key: (c.max if ln.key.delivery == Delivery.INDIVIDUAL else c.min)
            for ln in standard.lines if (c := ln.counts[band]).max > 0}
    for ln in standard.lines:
        c = ln.counts[band]
        while sum(plan.values()) < cat.min_course_activities and ln.key in plan and plan[ln.key] < c.max:
            plan[ln.key] += 1
    return plan


def test_a_plan_inside_the_ranges_is_estimated_and_settled_in_full(
    shipped: tuple[StandardsCatalogue, PriceTable],
) -> None:
    cat, table = shipped
    plan = other_mix(cat, "2", FROM_14)
    average = {ln.key: c.planned for ln, c in cat.standards["2"].plan(FROM_14)}
    assert plan != average and sum(plan.values()) >= 120
    result = estimate(EstimateRequest("2", 15, F.SEMI_INPATIENT, False, 21, VALUE, plan), cat, table)
    assert isinstance(result, Accepted)
    assert {i.key: i.planned for i in result.cost.lines} == {k: n for k, n in plan.items() if n}
    assert result.cost.course_kopecks == sum(i.planned * i.unit_price_kopecks for i in result.cost.lines)
    settled = settle(result.cost.lines, plan, per_day_kopecks=result.cost.per_day_kopecks, planned_days=21,
                     days_used=21, value_kopecks=VALUE)
    assert settled.paid_kopecks == result.cost.total_kopecks  # delivered as planned: paid in full

    # the same delivery against the average plan (no individual plan) is what underpaid it before
    averaged = estimate(EstimateRequest("2", 15, F.SEMI_INPATIENT, False, 21, VALUE), cat, table)
    assert isinstance(averaged, Accepted)
    short = settle(averaged.cost.lines, plan, per_day_kopecks=averaged.cost.per_day_kopecks, planned_days=21,
                   days_used=21, value_kopecks=VALUE)
    assert short.activities_kopecks < settled.activities_kopecks


def test_delivery_beyond_the_plan_is_not_paid_and_early_termination_pays_what_was_delivered(
    shipped: tuple[StandardsCatalogue, PriceTable],
) -> None:
    cat, table = shipped
    plan = other_mix(cat, "5", UNDER_14)
    result = estimate(EstimateRequest("5", 9, F.INPATIENT, True, 21, VALUE, plan), cat, table)
    assert isinstance(result, Accepted)
    first = result.cost.lines[0]
    over = {**plan, first.key: first.planned + 3}
    settled = settle(result.cost.lines, over, per_day_kopecks=result.cost.per_day_kopecks, planned_days=21,
                     days_used=21, value_kopecks=VALUE)
    assert settled.paid_kopecks == result.cost.total_kopecks  # the extra three are shown, not paid
    half = {k: n // 2 for k, n in plan.items()}
    early = settle(result.cost.lines, half, per_day_kopecks=result.cost.per_day_kopecks, planned_days=21,
                   days_used=9, value_kopecks=VALUE)
    expected = sum(i.unit_price_kopecks * (plan[i.key] // 2) for i in result.cost.lines)
    assert early.activities_kopecks == expected and early.accompanying_days == 9
    assert early.paid_kopecks + early.released_kopecks == VALUE


def test_a_plan_outside_the_standard_is_rejected_saying_why(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    plan = other_mix(cat, "11", UNDER_14)
    practical = LineKey(Direction.SOCIAL_HOUSEHOLD, ActivityType.PRACTICAL, Delivery.INDIVIDUAL)
    too_many = {**plan, practical: 99}
    result = estimate(EstimateRequest("11", 10, F.SEMI_INPATIENT, False, 21, VALUE, too_many), cat, table)
    assert isinstance(result, Rejected) and result.reason == "standard_not_covered"
    assert result.detail is not None and "social_household/practical/individual: 99 вне диапазона" in result.detail

    career = LineKey(Direction.CAREER_GUIDANCE, ActivityType.COUNSELLING, Delivery.INDIVIDUAL)
    young = estimate(EstimateRequest("11", 10, F.SEMI_INPATIENT, False, 21, VALUE, {**plan, career: 1}), cat, table)
    assert isinstance(young, Rejected) and young.detail is not None and "только с 14 лет" in young.detail

    short = {k: c.min for k, c in ((ln.key, ln.counts[UNDER_14]) for ln in cat.standards["11"].lines)}
    thin = estimate(EstimateRequest("11", 10, F.SEMI_INPATIENT, False, 21, VALUE, short), cat, table)
    assert isinstance(thin, Rejected) and thin.detail is not None and "не менее 120" in thin.detail


def test_a_plan_dearer_than_the_certificate_is_refused(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    plan = other_mix(cat, "2", FROM_14)
    fits = estimate(EstimateRequest("2", 15, F.INPATIENT, True, 21, VALUE, plan), cat, table)
    assert isinstance(fits, Accepted)
    total = fits.cost.total_kopecks
    refused = estimate(EstimateRequest("2", 15, F.INPATIENT, True, 21, total - 1, plan), cat, table)
    assert refused == Rejected("exceeds_certificate_value", total - 1, total)


def test_ages_4_to_6_are_estimated_with_their_own_prices(shipped: tuple[StandardsCatalogue, PriceTable]) -> None:
    cat, table = shipped
    young = estimate(EstimateRequest("5", 5, F.SEMI_INPATIENT, False, 21, VALUE), cat, table)
    older = estimate(EstimateRequest("5", 8, F.SEMI_INPATIENT, False, 21, VALUE), cat, table)
    assert isinstance(young, Accepted) and isinstance(older, Accepted)
    assert [i.planned for i in young.cost.lines] == [i.planned for i in older.cost.lines]
    assert young.cost.course_kopecks < older.cost.course_kopecks
    assert young.cost.per_day["child_meals"] < older.cost.per_day["child_meals"]  # the 4-6 ration is smaller
