"""Baseline/control ratings and the before/after questionnaire: when and how they may be recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kria_assessment.domain.course import Course
from kria_assessment.domain.instruments import Instruments
from kria_assessment.domain.problems import FieldProblem
from kria_assessment.domain.rules import JournalRules
from kria_shared.errors import Conflict


class RatingStage(StrEnum):
    BASELINE = "baseline"  # in the first days of the course
    CONTROL = "control"  # in the last days before its end


class QuestionnaireStage(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Rating:
    stage: RatingStage
    scale_version: str
    values: Mapping[str, int]
    assessed_on: date


@dataclass(frozen=True)
class QuestionnaireAnswers:
    stage: QuestionnaireStage
    questionnaire_version: str
    answers: Mapping[str, int]
    answered_on: date
    total: int
    max_total: int


def window(course: Course, opening: bool, rules: JournalRules) -> tuple[date, date]:
    """The dates an opening (baseline/before) or closing (control/after) assessment may carry."""
    if opening:
        last = course.start_date + timedelta(days=rules.baseline_window_days - 1)
        return course.start_date, min(course.last_day, last)
    first = course.last_day - timedelta(days=rules.control_window_days - 1)
    return max(course.start_date, first), course.last_day


def date_problems(course: Course, opening: bool, on: date, today: date, rules: JournalRules,
                  field: str) -> list[FieldProblem]:
    first, last = window(course, opening, rules)
    if on > today:
        return [FieldProblem(field, "in_the_future", f"{on} is after today ({today})")]
    if not first <= on <= last:
        which = "first" if opening else "last"
        return [FieldProblem(field, "outside_assessment_window",
                             f"{on} is outside the course's {which} days {first}..{last}")]
    return []


def rating_problems(course: Course, stage: RatingStage, scale_version: str, values: Mapping[str, int],
                    assessed_on: date, today: date, rules: JournalRules, instruments: Instruments,
                    other_stage: Rating | None) -> list[FieldProblem]:
    scale = instruments.scales.get(scale_version)
    if scale is None:
        known = ", ".join(sorted(instruments.scales))
        return [FieldProblem("scale_version", "unknown_scale", f"{scale_version} is not a known scale ({known})")]
    problems: list[FieldProblem] = []
    if other_stage is not None and other_stage.scale_version != scale_version:
        problems.append(FieldProblem("scale_version", "scale_differs_between_stages",
                                     f"the {other_stage.stage} ratings use {other_stage.scale_version}"))
    problems.extend(scale.problems(values))
    problems.extend(date_problems(course, stage is RatingStage.BASELINE, assessed_on, today, rules, "assessed_on"))
    return problems


def questionnaire_problems(course: Course, stage: QuestionnaireStage, version: str, answers: Mapping[str, int],
                           answered_on: date, today: date, rules: JournalRules, instruments: Instruments,
                           other_stage: QuestionnaireAnswers | None) -> list[FieldProblem]:
    questionnaire = instruments.questionnaires.get(version)
    if questionnaire is None:
        known = ", ".join(sorted(instruments.questionnaires))
        return [FieldProblem("questionnaire_version", "unknown_questionnaire",
                             f"{version} is not a known questionnaire ({known})")]
    problems: list[FieldProblem] = []
    if other_stage is not None and other_stage.questionnaire_version != version:
        problems.append(FieldProblem("questionnaire_version", "questionnaire_differs_between_stages",
                                     f"the {other_stage.stage} answers use {other_stage.questionnaire_version}"))
    problems.extend(questionnaire.problems(answers))
    opening = stage is QuestionnaireStage.BEFORE
    problems.extend(date_problems(course, opening, answered_on, today, rules, "answered_on"))
    return problems


def ensure_not_frozen(course: Course) -> None:
    """Ratings and answers can be replaced until the protocol is submitted; then they are what it was built on."""
    if course.protocol_submitted:
        raise Conflict("protocol_submitted", "the protocol is submitted: its ratings and answers are frozen",
                       state="protocol_submitted", allowed=course.allowed_actions())
