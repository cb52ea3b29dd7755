"""Record baseline/control ratings and the before/after questionnaire (replaceable until the protocol)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kria_assessment.domain.access import owned
from kria_assessment.domain.assessments import (
    QuestionnaireAnswers,
    QuestionnaireStage,
    Rating,
    RatingStage,
    ensure_not_frozen,
    questionnaire_problems,
    rating_problems,
)
from kria_assessment.domain.course import Course
from kria_assessment.domain.problems import refuse_if_any
from kria_assessment.store import assessments, courses
from kria_assessment.usecases import Deps
from kria_shared.logging import correlation_id
from kria_shared.uow import UnitOfWork


async def _open_course(uow: UnitOfWork, certificate_id: str, organisation_id: str) -> Course:
    """The caller's own course, locked, while its assessments may still change (until the protocol)."""
    await courses.lock(uow.session, certificate_id)
    course = owned(await courses.load(uow.session, certificate_id), certificate_id, organisation_id)
    ensure_not_frozen(course)
    return course


async def put_rating(deps: Deps, organisation_id: str, certificate_id: str, stage: RatingStage, scale_version: str,
                     values: Mapping[str, int], assessed_on: date | None) -> Rating:
    async with deps.uows(correlation_id.get()) as uow:
        course = await _open_course(uow, certificate_id, organisation_id)
        other_stage = RatingStage.CONTROL if stage is RatingStage.BASELINE else RatingStage.BASELINE
        other = await assessments.rating(uow.session, certificate_id, other_stage)
        today = deps.today()
        on = assessed_on or today
        refuse_if_any(rating_problems(course, stage, scale_version, values, on, today, deps.config.rules,
                                      deps.config.instruments, other), "invalid_ratings")
        rating = Rating(stage, scale_version, dict(values), on)
        await assessments.put_rating(uow.session, certificate_id, rating, deps.now())
    return rating


async def put_answers(deps: Deps, organisation_id: str, certificate_id: str, stage: QuestionnaireStage,
                      version: str, answers: Mapping[str, int], answered_on: date | None) -> QuestionnaireAnswers:
    async with deps.uows(correlation_id.get()) as uow:
        course = await _open_course(uow, certificate_id, organisation_id)
        other_stage = QuestionnaireStage.AFTER if stage is QuestionnaireStage.BEFORE else QuestionnaireStage.BEFORE
        other = await assessments.answers(uow.session, certificate_id, other_stage)
        today = deps.today()
        on = answered_on or today
        refuse_if_any(questionnaire_problems(course, stage, version, answers, on, today, deps.config.rules,
                                             deps.config.instruments, other), "invalid_questionnaire")
        questionnaire = deps.config.instruments.questionnaires[version]
        value = QuestionnaireAnswers(stage, version, dict(answers), on, questionnaire.total(answers),
                                     questionnaire.max_total)
        await assessments.put_answers(uow.session, certificate_id, value, deps.now())
    return value
