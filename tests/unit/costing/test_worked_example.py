"""Every formula against a computation written out by hand (order 18-62; DOMAIN.md §3).

Inputs (worked.py): one psychologist, 45 000.00 RUB a month, accruals 30.2 %, 1 800 working hours a year;
territorial coefficient 1.1; premises costs 0.15 of the semi-inpatient direct labour, none inpatient; an accountant at
0.05 position x 27 300.00 RUB; 30 children of ЦРГ "X" planned (semi-inpatient, under 14).
ЦРГ "X" course: primary diagnostics 60 min, control diagnostics 45 min, 9 individual sessions of 40 min,
9 group trainings of 45 min in groups of 5; materials: forms 35.00 per diagnostics, consumables 24.50 per session.
"""

from __future__ import annotations

from fractions import Fraction

from kria_costing.domain.estimate import Accepted, EstimateRequest, estimate
from kria_costing.domain.price_list import compute_price_list
from kria_costing.domain.settlement import settle
from kria_costing.domain.standards import UNDER_14
from kria_shared.contracts.common import ServiceForm as F

from .worked import DC, DP, PRACTICAL, TRAINING, catalogue, normalisation


def test_hourly_cost_of_a_specialist() -> None:
    # 45 000.00 x 12 x (1 + 0.302) / 1 800 = 703 080.00 / 1 800 = 390.60 RUB an hour
    norm = normalisation()
    assert norm.hourly_cost(norm.specialists["psychologist"]) == 39_060


def test_staffing_and_the_overhead_rate_follow_from_the_planned_children() -> None:
    comp = compute_price_list(normalisation(), catalogue(), "1")
    psychologist = comp.staffing[0]
    # hours one child's course takes: 1 x 60/60 + 1 x 45/60 + 9 x 40/60 + 9 x 45/60 / 5 = 1 + 0.75 + 6 + 1.35 = 9.10
    assert psychologist.loads[0].hours == Fraction("9.10") and psychologist.loads[0].services == 20
    # 30 children x 9.10 h = 273 h a year; 273 / 1 800 = 0.151666... positions, staffed as 0.25
    assert psychologist.annual_hours == 273
    assert psychologist.positions == Fraction(273, 1800) and psychologist.staffed_positions == Fraction(1, 4)
    # a working day: 1 800 / 247 h; a child's service lasts (60 + 45 + 9 x 40 + 9 x 45) / 20 = 43.5 min on average;
    # 7.2874 h x 60 / 43.5 = 10.05 -> 10 services a day
    assert psychologist.average_service_minutes == Fraction("43.5") and psychologist.services_per_day == 10
    # direct labour a year: 273 h x 390.60 = 106 633.80 RUB
    assert comp.overhead.direct_annual_labour == 10_663_380
    # the accountant: 0.05 x 27 300.00 x 12 x 1.302 = 21 326.76 RUB; 21 326.76 / 106 633.80 = 0.20
    assert comp.overhead.admin_support_annual == 2_132_676
    assert comp.overhead.admin_support_rate == Fraction("0.2")
    # premises: 15 995.07 RUB a year / 106 633.80 of semi-inpatient direct labour = 0.15; nothing inpatient
    assert comp.overhead.direct_by_form[F.SEMI_INPATIENT] == 10_663_380
    assert comp.overhead.other_rate == {F.SEMI_INPATIENT: Fraction("0.15"), F.INPATIENT: 0}
    # overhead = 0.20 + 0.15 (semi-inpatient) = 0.35; 0.20 + 0 (inpatient) = 0.20
    assert comp.overhead.rate == {F.SEMI_INPATIENT: Fraction("0.35"), F.INPATIENT: Fraction("0.2")}


def test_unit_price_of_an_individual_session() -> None:
    comp = compute_price_list(normalisation(), catalogue(), "1")
    price = next(p for p in comp.prices if p.key == PRACTICAL and p.form == F.SEMI_INPATIENT)
    # labour 390.60 x 40/60 / 1 = 260.40; materials 24.50; direct 284.90
    assert price.labour == 26_040 and price.materials_total == 2_450 and price.direct == 28_490
    # 284.90 x (1 + 0.35) x 1.1 = 423.0765 RUB -> half-up to the kopeck: 423.08
    assert price.exact == Fraction("42307.65")
    assert price.kopecks == 42_308


def test_unit_price_of_a_group_session() -> None:
    comp = compute_price_list(normalisation(), catalogue(), "1")
    price = next(p for p in comp.prices if p.key == TRAINING and p.form == F.SEMI_INPATIENT)
    # 390.60 x 45/60 / 5 children = 58.59; + 24.50 = 83.09; x 1.35 x 1.1 = 123.38865 -> 123.39
    assert price.group_size == 5 and price.labour == 5_859
    assert price.kopecks == 12_339


def test_whole_course_semi_inpatient() -> None:
    table = compute_price_list(normalisation(), catalogue(), "1").table
    result = estimate(EstimateRequest("X", 10, F.SEMI_INPATIENT, False, 21, 8_000_000), catalogue(), table)
    assert isinstance(result, Accepted)
    prices = {item.key: item.unit_price_kopecks for item in result.cost.lines}
    # primary diagnostics: (390.60 + 35.00) x 1.485 = 632.016 -> 632.02; control: (292.95 + 35) x 1.485 = 487.00575
    assert prices == {DP: 63_202, DC: 48_701, PRACTICAL: 42_308, TRAINING: 12_339}
    # course: 632.02 + 487.01 + 9 x 423.08 + 9 x 123.39 = 632.02 + 487.01 + 3 807.72 + 1 110.51 = 6 037.26
    assert result.cost.course_kopecks == 603_726
    # accompanying: 21 days x 300.00 child meals = 6 300.00; total 12 337.26 RUB
    assert result.cost.accompanying_kopecks == 630_000
    assert result.cost.total_kopecks == 1_233_726


def test_whole_course_inpatient_with_a_companion() -> None:
    table = compute_price_list(normalisation(), catalogue(), "1").table
    result = estimate(EstimateRequest("X", 15, F.INPATIENT, True, 21, 11_539_500), catalogue(), table)
    assert isinstance(result, Accepted)
    # factor (1 + 0.20) x 1.1 = 1.32: 425.60 -> 561.792 -> 561.79; 327.95 -> 432.894 -> 432.89;
    # 284.90 -> 376.068 -> 376.07; 83.09 -> 109.6788 -> 109.68
    assert [i.unit_price_kopecks for i in result.cost.lines] == [56_179, 43_289, 37_607, 10_968]
    # 561.79 + 432.89 + 9 x 376.07 + 9 x 109.68 = 561.79 + 432.89 + 3 384.63 + 987.12 = 5 366.43
    assert result.cost.course_kopecks == 536_643
    # per day: child meals (500 + 100) + bed-day 700 + companion meals (400 + 100) + bed-day 700 = 2 500.00
    assert result.cost.per_day_kopecks == 250_000
    # 21 x 2 500.00 = 52 500.00; total 57 866.43 RUB
    assert result.cost.total_kopecks == 5_786_643


def test_early_termination_on_day_eight() -> None:
    table = compute_price_list(normalisation(), catalogue(), "1").table
    result = estimate(EstimateRequest("X", 10, F.SEMI_INPATIENT, False, 21, 8_000_000), catalogue(), table)
    assert isinstance(result, Accepted) and result.cost.age_band == UNDER_14
    # delivered before the end: primary diagnostics, 4 sessions, 3 trainings (no control diagnostics)
    settled = settle(result.cost.lines, {DP: 1, PRACTICAL: 4, TRAINING: 3}, per_day_kopecks=30_000,
                     planned_days=21, days_used=8, value_kopecks=8_000_000)
    # activities: 632.02 + 4 x 423.08 + 3 x 123.39 = 632.02 + 1 692.32 + 370.17 = 2 694.51
    assert settled.activities_kopecks == 269_451
    # accompanying: 8 days x 300.00 = 2 400.00; actual 5 094.51; paid = min(5 094.51, 80 000.00)
    assert settled.accompanying_kopecks == 240_000 and settled.actual_kopecks == 509_451
    assert settled.paid_kopecks == 509_451
    # released: 80 000.00 - 5 094.51 = 74 905.49
    assert settled.released_kopecks == 7_490_549
