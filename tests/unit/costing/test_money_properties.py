"""Property tests of the money rules (issue 3, item 5), over random normalisations and deliveries."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kria_costing.domain.estimate import Accepted, EstimateRequest, Rejected, estimate
from kria_costing.domain.normalisation import Normalisation, Specialist
from kria_costing.domain.price_list import compute_price_list
from kria_costing.domain.settlement import settle
from kria_shared.contracts.common import ActivityType as A
from kria_shared.contracts.common import Delivery as D
from kria_shared.contracts.common import ServiceForm as F

from .worked import catalogue, normalisation

rates = st.fractions(min_value=0, max_value=2, max_denominator=1000)


@st.composite
def normalisations(draw: st.DrawFn) -> Normalisation:
    salary = draw(st.integers(min_value=2_709_300, max_value=30_000_000))  # from the 2026 minimum wage up
    hours = draw(st.fractions(min_value=500, max_value=2500, max_denominator=10))
    return normalisation(
        accruals_rate=draw(st.fractions(min_value=0, max_value=Fraction(1, 2), max_denominator=1000)),
        territorial_coefficient=draw(st.fractions(min_value=Fraction(1, 2), max_value=3, max_denominator=100)),
        premises_annual={F.SEMI_INPATIENT: {"utilities": draw(st.integers(0, 10**9))}, F.INPATIENT: {}},
        specialists={"psychologist": Specialist("psychologist", "x", salary, hours)},
        time_norms={(A.DIAGNOSTICS_PRIMARY, D.INDIVIDUAL): draw(st.integers(30, 60)),
                    (A.DIAGNOSTICS_CONTROL, D.INDIVIDUAL): draw(st.integers(30, 60)),
                    (A.PRACTICAL, D.INDIVIDUAL): draw(st.integers(30, 60)),
                    (A.TRAINING, D.GROUP): draw(st.integers(30, 60))},
        group_sizes={A.TRAINING: draw(st.integers(2, 12))},
    )


courses = st.tuples(normalisations(), st.sampled_from(list(F)), st.booleans(), st.integers(4, 17))


def full_course(norm: Normalisation, form: F, companion: bool, age: int) -> Accepted:
    table = compute_price_list(norm, catalogue(), "1").table
    result = estimate(EstimateRequest("X", age, form, companion, 21, 10**12), catalogue(), table)
    assert isinstance(result, Accepted)
    return result


@settings(max_examples=60, deadline=None)
@given(courses)
def test_the_total_equals_the_sum_of_its_lines(course: tuple[Normalisation, F, bool, int]) -> None:
    cost = full_course(*course).cost
    assert cost.course_kopecks == sum(i.planned * i.unit_price_kopecks for i in cost.lines)
    assert cost.total_kopecks == cost.course_kopecks + cost.days * sum(cost.per_day.values())


@settings(max_examples=60, deadline=None)
@given(courses)
def test_a_fully_delivered_course_settles_at_the_estimate(course: tuple[Normalisation, F, bool, int]) -> None:
    cost = full_course(*course).cost
    result = settle(cost.lines, {i.key: i.planned for i in cost.lines}, per_day_kopecks=cost.per_day_kopecks,
                    planned_days=21, days_used=21, value_kopecks=cost.total_kopecks)
    assert result.actual_kopecks == result.paid_kopecks == cost.total_kopecks
    assert result.released_kopecks == 0


@settings(max_examples=60, deadline=None)
@given(courses, st.data())
def test_settlement_never_exceeds_the_value(course: tuple[Normalisation, F, bool, int], data: st.DataObject) -> None:
    cost = full_course(*course).cost
    delivered = {i.key: data.draw(st.integers(0, 3 * i.planned)) for i in cost.lines}
    value = data.draw(st.integers(0, 2 * cost.total_kopecks))
    result = settle(cost.lines, delivered, per_day_kopecks=cost.per_day_kopecks, planned_days=21,
                    days_used=data.draw(st.integers(0, 40)), value_kopecks=value)
    assert result.paid_kopecks <= value and result.paid_kopecks <= result.actual_kopecks
    assert result.paid_kopecks + result.released_kopecks == value and result.released_kopecks >= 0


@settings(max_examples=60, deadline=None)
@given(courses, st.data())
def test_early_termination_costs_no_more_than_the_full_course(
    course: tuple[Normalisation, F, bool, int], data: st.DataObject
) -> None:
    cost = full_course(*course).cost
    day = data.draw(st.integers(0, 21), label="terminated on day")
    delivered = {i.key: data.draw(st.integers(0, 2 * i.planned)) for i in cost.lines}  # even over-delivered
    result = settle(cost.lines, delivered, per_day_kopecks=cost.per_day_kopecks, planned_days=21,
                    days_used=day, value_kopecks=10**12)
    assert result.actual_kopecks <= cost.total_kopecks


@settings(max_examples=60, deadline=None)
@given(normalisations())
def test_every_unit_price_is_its_exact_cost_rounded_half_up(norm: Normalisation) -> None:
    for price in compute_price_list(norm, catalogue(), "1").prices:
        assert price.exact - Fraction(1, 2) <= price.kopecks < price.exact + Fraction(1, 2)


@settings(max_examples=60, deadline=None)
@given(courses, st.integers(0, 10**7))
def test_an_estimate_is_within_the_value_or_rejected_as_exceeding_it(
    course: tuple[Normalisation, F, bool, int], value: int
) -> None:
    norm, form, companion, age = course
    table = compute_price_list(norm, catalogue(), "1").table
    result = estimate(EstimateRequest("X", age, form, companion, 21, value), catalogue(), table)
    if isinstance(result, Accepted):
        assert result.cost.total_kopecks <= value
    else:
        assert isinstance(result, Rejected) and result.reason == "exceeds_certificate_value"
        assert result.total_kopecks is not None and result.total_kopecks > value
