"""The scoring table of DOMAIN.md §6 at every boundary, with the default methodology."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_signing.config.loader import load_methodology
from kria_signing.domain.criteria import activity_count, comprehensiveness, parental_competence, rehabilitation_effect
from kria_signing.domain.methodology import ScopeRule
from kria_signing.domain.protocol import DomainRatingFigures
from kria_signing.domain.scoring import score

from .builders import directions, figures

M = load_methodology()


def test_a_complete_course_earns_full_points_and_is_effective() -> None:
    result = score(figures(), M)
    assert result.points == {"comprehensiveness": 2, "activity_count": 2, "rehabilitation_effect": 2,
                             "parental_competence": 2}
    assert result.total == 8 and result.effective
    assert result.methodology_version == M.version


@pytest.mark.parametrize(("delivered", "expected"), [
    ({}, 2),                                        # every required direction within range
    ({"adaptive_pe": 20}, 2),                       # at the top of the range
    ({"adaptive_pe": 12}, 2),                       # at the bottom of the range
    ({"adaptive_pe": 11}, 1),                       # one below range, still touched
    ({"adaptive_pe": 1}, 1),                        # touched once
    ({"adaptive_pe": 0}, 0),                        # a required direction missing
    ({"adaptive_pe": 25}, 2),                       # above max: not a shortfall (assumed default)
])
def test_criterion_1_comprehensiveness(delivered: dict[str, int], expected: int) -> None:
    assert comprehensiveness(figures(directions=directions(delivered)), M).points == expected


def test_criterion_1_career_guidance_is_not_required_below_14() -> None:
    young = directions({"career_guidance": 0}, age=10)
    assert comprehensiveness(figures(directions=young), M).points == 2
    assert comprehensiveness(figures(directions=directions({"career_guidance": 0}, age=14)), M).points == 0


def test_criterion_1_above_max_counts_when_configured_so() -> None:
    strict = replace(M, scope=ScopeRule(touched_min_delivered=1, above_max_is_within=False))
    result = comprehensiveness(figures(directions=directions({"adaptive_pe": 21})), strict)
    assert result.points == 1 and result.inputs["above_range"] == ("adaptive_pe",)


def test_criterion_1_explains_which_direction_is_missing() -> None:
    result = comprehensiveness(figures(directions=directions({"sociocultural": 0})), M)
    assert result.inputs["missing"] == ("sociocultural",)
    assert "sociocultural" in result.why


@pytest.mark.parametrize(("delivered", "planned", "expected"), [
    (120, 120, 2),   # 120 and 100 %
    (130, 120, 2),
    (121, 121, 2),
    (120, 121, 1),   # 99.2 % of the plan
    (119, 119, 1),   # 100 % but fewer than 120
    (90, 120, 1),    # exactly 75 %
    (89, 120, 0),    # 74.2 %
    (0, 120, 0),
    (5, 0, 0),       # no plan: no percentage can be met
])
def test_criterion_2_activity_count(delivered: int, planned: int, expected: int) -> None:
    result = activity_count(figures(delivered_total=delivered, planned_total=planned), M)
    assert result.points == expected
    assert result.inputs["delivered_total"] == delivered


def ratings(better: int, same: int, worse: int) -> tuple[DomainRatingFigures, ...]:
    return (*(DomainRatingFigures(f"b{i}", 3, 2) for i in range(better)),
            *(DomainRatingFigures(f"s{i}", 2, 2) for i in range(same)),
            *(DomainRatingFigures(f"w{i}", 1, 2) for i in range(worse)))


@pytest.mark.parametrize(("better", "same", "worse", "expected"), [
    (4, 3, 0, 2),   # 4 of 7: majority
    (3, 3, 0, 1),   # exactly half: not a majority
    (3, 4, 0, 1),
    (2, 0, 1, 1),   # net 1 of 3: some
    (1, 0, 1, 0),   # as many worse as better: none or worse
    (1, 0, 6, 0),   # worse outweighs
    (0, 7, 0, 0),   # none
    (0, 0, 7, 0),   # worse
    (0, 0, 0, 0),   # nothing assessed
])
def test_criterion_3_rehabilitation_effect(better: int, same: int, worse: int, expected: int) -> None:
    assert rehabilitation_effect(figures(ratings=ratings(better, same, worse)), M).points == expected


def test_criterion_3_counts_only_the_domains_impaired_at_the_organisations_baseline() -> None:
    # the case: the only two impaired domains both improved, five had no problem at baseline
    two = (DomainRatingFigures("a", 2, 1), DomainRatingFigures("b", 1, 0),
           *(DomainRatingFigures(f"ok{i}", 0, 0) for i in range(5)))
    result = rehabilitation_effect(figures(ratings=two), M)
    assert (result.points, result.inputs["assessed_domains"], result.inputs["impaired_from"]) == (
        2, 2, "organisation_baseline")
    # a domain without a problem at baseline that worsens still counts against
    newly = (*two[:2], DomainRatingFigures("ok0", 0, 1), *two[3:])
    assert rehabilitation_effect(figures(ratings=newly), M).points == 1  # net 1 of 2: not a majority


def test_criterion_3_uses_the_mses_degrees_as_the_impaired_domains() -> None:
    rated = (DomainRatingFigures("self_care", 2, 1), DomainRatingFigures("mobility", 2, 2),
             DomainRatingFigures("learning", 2, 1), DomainRatingFigures("communication", 1, 1))
    mse = {"self_care": 2, "mobility": 1, "learning": 0, "communication": 0}
    result = rehabilitation_effect(figures(ratings=rated, mse_limitations=mse), M)
    # over self_care and mobility only: 1 of 2 improved (learning improved but the MSE found no limitation)
    assert (result.points, result.inputs["impaired_domains"], result.inputs["impaired_from"]) == (
        1, ("self_care", "mobility"), "mse")
    both = {**mse, "learning": 1}
    assert rehabilitation_effect(figures(ratings=rated, mse_limitations=both), M).points == 2  # 2 of 3
    # no category impaired per the MSE ("Не установлено" everywhere): the organisation's baseline decides
    none = dict.fromkeys(mse, 0)
    assert rehabilitation_effect(figures(ratings=rated, mse_limitations=none), M).inputs["impaired_from"] == (
        "organisation_baseline")


def test_criterion_3_impaired_domains_not_rated_at_the_end_were_not_assessed() -> None:
    rated = (DomainRatingFigures("self_care", 2, None), DomainRatingFigures("mobility", 0, 0))
    result = rehabilitation_effect(figures(ratings=rated, mse_limitations={"self_care": 2}), M)
    assert (result.points, result.why) == (0, "no domain impaired at baseline was assessed")


def test_criterion_3_respects_the_direction_of_the_scale() -> None:
    higher_better = figures(ratings=ratings(0, 0, 5), lower_is_better=False)
    assert rehabilitation_effect(higher_better, M).points == 2


@pytest.mark.parametrize(("before", "after", "maximum", "expected"), [
    (20, 28, 40, 2),   # gain 8 = 20 % of 40
    (20, 27, 40, 1),   # gain 7 = 17.5 %
    (20, 21, 40, 1),
    (20, 20, 40, 0),
    (20, 15, 40, 0),
    (0, 5, 0, 1),      # no maximum known: some improvement only
])
def test_criterion_4_parental_competence(before: int, after: int, maximum: int, expected: int) -> None:
    f = figures(parental_before=before, parental_after=after, parental_max=maximum)
    assert parental_competence(f, M).points == expected


def test_verdict_four_points_is_effective() -> None:
    result = score(figures(parental_after=20, ratings=ratings(0, 7, 0)), M)  # 2 + 2 + 0 + 0
    assert (result.total, result.effective) == (4, True)


def test_verdict_three_points_is_ineffective() -> None:
    result = score(figures(parental_after=20, ratings=ratings(0, 7, 0), delivered_total=100), M)
    assert (result.total, result.effective) == (3, False)


@given(delivered=st.integers(0, 400), planned=st.integers(0, 400), extra=st.integers(0, 50))
def test_more_activities_never_lower_criterion_2(delivered: int, planned: int, extra: int) -> None:
    fewer = activity_count(figures(delivered_total=delivered, planned_total=planned), M).points
    more = activity_count(figures(delivered_total=delivered + extra, planned_total=planned), M).points
    assert fewer <= more and {fewer, more} <= {0, 1, 2}


@given(before=st.integers(0, 60), after=st.integers(0, 60), maximum=st.integers(0, 60),
       better=st.integers(0, 8), same=st.integers(0, 8), worse=st.integers(0, 8))
def test_total_is_the_sum_and_the_verdict_follows_it(before: int, after: int, maximum: int, better: int, same: int,
                                                     worse: int) -> None:
    result = score(figures(parental_before=before, parental_after=after, parental_max=maximum,
                           ratings=ratings(better, same, worse)), M)
    assert result.total == sum(c.points for c in result.criteria)
    assert all(c.points in (0, 1, 2) for c in result.criteria)
    assert result.effective == (result.total >= 4)


def test_criterion_2_counts_what_the_plan_allows_never_more_than_planned() -> None:
    # issue 20.5: a course ended on day 3 with 202 journal lines, 40 of them within the plan's lines
    padded = activity_count(figures(delivered_total=202, planned_total=120, countable_total=40), M)
    assert (padded.points, padded.inputs["counted_total"]) == (0, 40)
    assert "162 beyond the plan not counted" in padded.why
    # an older protocol without the per-line figure: capped at the plan as a whole
    old = activity_count(figures(delivered_total=202, planned_total=120), M)
    assert (old.points, old.inputs["counted_total"]) == (2, 120)
    assert activity_count(figures(delivered_total=120, planned_total=120, countable_total=120), M).points == 2
    assert activity_count(figures(delivered_total=130, planned_total=120, countable_total=89), M).points == 0
