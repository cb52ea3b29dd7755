"""Baseline/control ratings and the before/after parental questionnaire of a course (role provider)."""

from __future__ import annotations

from fastapi import APIRouter

from kria_assessment.domain.access import provider_organisation
from kria_assessment.domain.assessments import QuestionnaireStage, RatingStage
from kria_assessment.schemas import QuestionnaireIn, QuestionnaireOut, RatingsIn, RatingsOut
from kria_assessment.usecases import Deps, assessments
from kria_shared.auth import Principal, Role, require
from kria_shared.path_ids import PathId as CourseId  # the course id is the certificate id


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["assessment"])

    @router.put("/courses/{certificate_id}/ratings/{stage}", response_model=RatingsOut)
    async def put_ratings(certificate_id: CourseId, stage: RatingStage, body: RatingsIn,
                          principal: Principal = require(Role.PROVIDER)) -> RatingsOut:
        r = await assessments.put_rating(deps, provider_organisation(principal.organisation_id), certificate_id,
                                         stage, body.scale_version, body.ratings, body.assessed_on)
        return RatingsOut(certificate_id=certificate_id, stage=r.stage.value, scale_version=r.scale_version,
                          ratings=dict(r.values), assessed_on=r.assessed_on)

    @router.put("/courses/{certificate_id}/questionnaire/{stage}", response_model=QuestionnaireOut)
    async def put_questionnaire(certificate_id: CourseId, stage: QuestionnaireStage, body: QuestionnaireIn,
                                principal: Principal = require(Role.PROVIDER)) -> QuestionnaireOut:
        a = await assessments.put_answers(deps, provider_organisation(principal.organisation_id), certificate_id,
                                          stage, body.questionnaire_version, body.answers, body.answered_on)
        return QuestionnaireOut(certificate_id=certificate_id, stage=a.stage.value,
                                questionnaire_version=a.questionnaire_version, answers=dict(a.answers),
                                answered_on=a.answered_on, total=a.total, max_total=a.max_total)

    return router
