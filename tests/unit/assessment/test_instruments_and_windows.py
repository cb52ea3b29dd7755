"""Scales and the questionnaire as versioned data; when baseline/control and before/after may be dated."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_assessment.config.loader import load_config
from kria_assessment.domain.assessments import (
    QuestionnaireStage,
    Rating,
    RatingStage,
    questionnaire_problems,
    rating_problems,
    window,
)
from kria_assessment.domain.course import Outcome

from .builders import CONFIG, PLANNED_END, START, closed, make_course

SCALE = CONFIG.instruments.scales["icf-7-v1"]
QUESTIONNAIRE = CONFIG.instruments.questionnaires["parental-competence-v1"]
ALL_TWOS = dict.fromkeys(SCALE.domains, 2)
LATER = PLANNED_END + timedelta(days=30)


def test_the_default_scale_is_the_icf_qualifier_over_seven_categories() -> None:
    assert SCALE.domains == ("self_care", "mobility", "orientation", "communication", "behaviour_control",
                             "learning", "work_play")
    assert (SCALE.min_value, SCALE.max_value, SCALE.lower_is_better) == (0, 4, True)
    assert SCALE.improved(baseline=3, control=2) and not SCALE.improved(baseline=2, control=2)


def test_the_default_questionnaire_has_ten_items_scored_0_to_3() -> None:
    assert len(QUESTIONNAIRE.items) == 10 and QUESTIONNAIRE.max_total == 30
    answers = {item.id: i % 4 for i, item in enumerate(QUESTIONNAIRE.items)}
    assert QUESTIONNAIRE.total(answers) == 0 + 1 + 2 + 3 + 0 + 1 + 2 + 3 + 0 + 1


def test_ratings_must_rate_every_domain_within_range_and_nothing_else() -> None:
    bad = {**ALL_TWOS, "mobility": 5, "extra": 1}
    del bad["learning"]
    found = {(p.field, p.reason) for p in SCALE.problems(bad)}
    assert found == {("ratings.mobility", "out_of_range"), ("ratings.extra", "unknown_domain"),
                     ("ratings.learning", "missing")}


def test_questionnaire_answers_are_checked_item_by_item() -> None:
    answers = {item.id: 3 for item in QUESTIONNAIRE.items}
    assert QUESTIONNAIRE.problems(answers) == []
    answers["knows_goals"] = 4
    assert [(p.field, p.reason) for p in QUESTIONNAIRE.problems(answers)] == [("answers.knows_goals", "out_of_range")]


def rating(stage: RatingStage, on: date, version: str = "icf-7-v1", course_end: date | None = None,
           other: Rating | None = None) -> list[tuple[str, str]]:
    course = make_course(closure=closed(course_end, Outcome.TERMINATED_EARLY) if course_end else None)
    found = rating_problems(course, stage, version, ALL_TWOS, on, LATER, CONFIG.rules, CONFIG.instruments, other)
    return [(p.field, p.reason) for p in found]


def test_baseline_in_the_first_days_control_in_the_last() -> None:
    assert rating(RatingStage.BASELINE, START + timedelta(days=2)) == []
    assert rating(RatingStage.BASELINE, START + timedelta(days=3)) == [("assessed_on", "outside_assessment_window")]
    assert rating(RatingStage.CONTROL, PLANNED_END - timedelta(days=2)) == []
    assert rating(RatingStage.CONTROL, PLANNED_END - timedelta(days=3)) == [
        ("assessed_on", "outside_assessment_window")]
    assert rating(RatingStage.CONTROL, PLANNED_END + timedelta(days=1)) == [
        ("assessed_on", "outside_assessment_window")]


def test_a_terminated_course_takes_its_control_ratings_in_its_last_days() -> None:
    end = START + timedelta(days=7)
    assert rating(RatingStage.CONTROL, end, course_end=end) == []
    assert rating(RatingStage.CONTROL, PLANNED_END, course_end=end) == [("assessed_on", "outside_assessment_window")]


def test_unknown_or_mixed_scale_versions_are_refused() -> None:
    assert rating(RatingStage.BASELINE, START, version="icf-9") == [("scale_version", "unknown_scale")]
    other = Rating(RatingStage.BASELINE, "older-scale", ALL_TWOS, START)
    assert rating(RatingStage.CONTROL, PLANNED_END, other=other) == [
        ("scale_version", "scale_differs_between_stages")]


def test_the_after_questionnaire_is_not_dated_in_the_future() -> None:
    answers = {item.id: 1 for item in QUESTIONNAIRE.items}
    course = make_course()
    found = questionnaire_problems(course, QuestionnaireStage.AFTER, QUESTIONNAIRE.version, answers, PLANNED_END,
                                   PLANNED_END - timedelta(days=1), CONFIG.rules, CONFIG.instruments, None)
    assert [(p.field, p.reason) for p in found] == [("answered_on", "in_the_future")]


@given(st.integers(0, 20), st.booleans())
def test_assessment_windows_lie_within_the_course_for_any_end(days: int, opening: bool) -> None:
    course = make_course(closure=closed(START + timedelta(days=days)))
    first, last = window(course, opening, CONFIG.rules)
    assert course.start_date <= first <= last <= course.last_day


def test_a_malformed_rules_file_fails_at_load_naming_the_field(tmp_path: Path) -> None:
    source = Path(load_config.__code__.co_filename).parent
    for sub in ("scales", "questionnaires"):
        (tmp_path / sub).mkdir()
        for f in (source / sub).glob("*.yaml"):
            (tmp_path / sub / f.name).write_text(f.read_text())
    text = (source / "journal_rules.yaml").read_text().replace("min_minutes: 45", "min_minutes: 75", 1)
    (tmp_path / "journal_rules.yaml").write_text(text)
    with pytest.raises(ValueError, match="min_minutes > max_minutes"):
        load_config(tmp_path)
