"""A protocol of a course that ended early, submitted without control ratings or the after-questionnaire:
the criteria that need them score 0 and the conclusion goes to the expert for a reason (DOMAIN.md §6)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_signing.config.loader import load_methodology
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.domain.criteria import parental_competence, rehabilitation_effect
from kria_signing.domain.protocol import DomainRatingFigures
from kria_signing.usecases.drafting import compose, draft, figures_of

from .builders import HEAD, directions, figures, particulars, protocol

M = load_methodology()
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
UNRATED = tuple(DomainRatingFigures(f"d{i}", 3, None) for i in range(7))


def cut_short(**overrides: Any) -> dict[str, Any]:
    """Ended on day 9: everything touched but well short of the plan, no control data."""
    dirs = directions({name: 5 for name in ("social_household", "social_environmental", "social_pedagogical",
                                            "social_psychological", "sociocultural", "career_guidance",
                                            "adaptive_pe")})
    return {"directions": dirs, "planned_total": 120, "delivered_total": 35, "ratings": UNRATED,
            "parental_after": None, **overrides}


def test_the_event_with_nulls_parses_and_keeps_them() -> None:
    wire = orjson.loads(protocol(figures=cut_short(), outcome="terminated_early").model_dump_json())
    assert wire["parental_after"] is None and {r["control"] for r in wire["ratings"]} == {None}
    event = ProtocolSubmitted.model_validate(wire)
    f = figures_of(event)
    assert f.parental_after is None and all(r.control is None for r in f.ratings)
    with pytest.raises(ValidationError):  # a missing value is still said explicitly, not left out
        ProtocolSubmitted.model_validate({k: v for k, v in wire.items() if k != "parental_after"})


def test_no_control_ratings_scores_0_for_the_effect() -> None:
    result = rehabilitation_effect(figures(ratings=UNRATED), M)
    assert result.points == 0 and result.inputs["assessed_domains"] == 0
    assert "no control rating" in result.why


def test_domains_without_a_control_rating_are_not_counted_as_assessed() -> None:
    # 2 of the 3 rated domains improved (a majority); the 4 unrated ones neither help nor dilute it.
    ratings = (DomainRatingFigures("d0", 3, 2), DomainRatingFigures("d1", 3, 2), DomainRatingFigures("d2", 3, 3),
               *(DomainRatingFigures(f"u{i}", 3, None) for i in range(4)))
    result = rehabilitation_effect(figures(ratings=ratings), M)
    assert (result.points, result.inputs["assessed_domains"], result.inputs["improved"]) == (2, 3, ("d0", "d1"))


@pytest.mark.parametrize(("after", "expected"), [(None, 0), (20, 0), (21, 1), (28, 2)])
def test_no_after_questionnaire_scores_0_like_no_gain(after: int | None, expected: int) -> None:
    result = parental_competence(figures(parental_before=20, parental_after=after, parental_max=40), M)
    assert result.points == expected
    if after is None:
        assert "no after-course questionnaire" in result.why and "after" not in result.inputs


def test_a_course_cut_short_is_ineffective_and_awaits_the_experts_reason() -> None:
    event = protocol(figures=cut_short(missed_by_reason={"child_health": 1, "family_refused_activities": 1}),
                     outcome="terminated_early")
    row, result = draft(event, M, NOW)
    assert result.points == {"comprehensiveness": 1, "activity_count": 0, "rehabilitation_effect": 0,
                             "parental_competence": 0}
    assert not result.effective and row.state == ConclusionState.AWAITING_REASON and row.reason is None
    document = orjson.loads(compose(row, "1", particulars(), HEAD))
    assert document["outcome"] == "terminated_early" and document["total_points"] == 1


def test_a_dominant_missed_reason_is_prefilled_for_a_course_cut_short() -> None:
    event = protocol(figures=cut_short(missed_by_reason={"family_refused_activities": 80}), outcome="terminated_early")
    row, result = draft(event, M, NOW)
    assert not result.effective
    assert (row.state, row.reason, row.reason_source) == (ConclusionState.READY_TO_SIGN, "family_refused_activities",
                                                          "prefilled")
