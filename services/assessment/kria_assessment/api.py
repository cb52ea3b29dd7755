"""HTTP routes of the rehabilitation organisation (role provider, own organisation only) and the MSE bureau."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response

from kria_assessment.deps import Deps, NotOwned
from kria_assessment.domain.assessments import QuestionnaireStage, RatingStage
from kria_assessment.schemas import (
    ActivitiesIn,
    BatchOut,
    CourseList,
    ProtocolIn,
    ProtocolOut,
    ProtocolSignatureIn,
    ProtocolSignatureOut,
    QuestionnaireIn,
    QuestionnaireOut,
    RatingsIn,
    RatingsOut,
)
from kria_assessment.usecases import assessments, journal, protocol, reads
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import Forbidden
from kria_shared.paging import Limit, Offset
from kria_shared.path_ids import PathId as CourseId  # the course id is the certificate id


def organisation_of(principal: Principal) -> str:
    if not principal.organisation_id:
        raise Forbidden("forbidden", "a provider token must name its organisation")
    return principal.organisation_id


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["assessment"])

    @router.post("/courses/{certificate_id}/activities", status_code=201, response_model=BatchOut)
    async def record_activities(certificate_id: CourseId, body: ActivitiesIn, response: Response,
                                principal: Principal = require(Role.PROVIDER)) -> BatchOut:
        result = await journal.record_batch(deps, organisation_of(principal), certificate_id, body)
        if result.duplicate:
            response.status_code = 200
        return result

    @router.put("/courses/{certificate_id}/ratings/{stage}", response_model=RatingsOut)
    async def put_ratings(certificate_id: CourseId, stage: RatingStage, body: RatingsIn,
                          principal: Principal = require(Role.PROVIDER)) -> RatingsOut:
        r = await assessments.put_rating(deps, organisation_of(principal), certificate_id, stage, body.scale_version,
                                         body.ratings, body.assessed_on)
        return RatingsOut(certificate_id=certificate_id, stage=r.stage.value, scale_version=r.scale_version,
                          ratings=dict(r.values), assessed_on=r.assessed_on)

    @router.put("/courses/{certificate_id}/questionnaire/{stage}", response_model=QuestionnaireOut)
    async def put_questionnaire(certificate_id: CourseId, stage: QuestionnaireStage, body: QuestionnaireIn,
                                principal: Principal = require(Role.PROVIDER)) -> QuestionnaireOut:
        a = await assessments.put_answers(deps, organisation_of(principal), certificate_id, stage,
                                          body.questionnaire_version, body.answers, body.answered_on)
        return QuestionnaireOut(certificate_id=certificate_id, stage=a.stage.value,
                                questionnaire_version=a.questionnaire_version, answers=dict(a.answers),
                                answered_on=a.answered_on, total=a.total, max_total=a.max_total)

    @router.post("/courses/{certificate_id}/protocol", status_code=201, response_model=ProtocolOut)
    async def submit_protocol(certificate_id: CourseId, response: Response, body: ProtocolIn | None = None,
                              principal: Principal = require(Role.PROVIDER)) -> ProtocolOut:
        frozen, duplicate = await protocol.submit(deps, organisation_of(principal), certificate_id,
                                                  body.notes if body else None)
        if duplicate:
            response.status_code = 200
        return ProtocolOut(certificate_id=certificate_id, protocol_id=frozen.protocol_id, sha256=frozen.sha256,
                           duplicate=duplicate, document=frozen.document())

    @router.get("/courses/{certificate_id}/protocol", response_class=Response,
                responses={200: {"content": {"application/json": {}},
                                 "description": "the canonical (RFC 8785) document exactly as hashed"}})
    async def read_protocol(certificate_id: CourseId,
                            principal: Principal = require(Role.PROVIDER, Role.PROVIDER_HEAD, Role.MSE_EXPERT,
                                                           Role.MSE_HEAD)) -> Response:
        bureau = principal.has(Role.MSE_EXPERT, Role.MSE_HEAD)
        try:
            frozen = await protocol.read(deps, None if bureau else organisation_of(principal), certificate_id)
        except NotOwned:
            log_personal_data_access(principal, "assessment_protocol", certificate_id, False)
            raise
        log_personal_data_access(principal, "assessment_protocol", certificate_id, True)
        return Response(frozen.canonical, media_type="application/json",
                        headers={"x-protocol-sha256": frozen.sha256, "x-protocol-id": frozen.protocol_id})

    @router.post("/courses/{certificate_id}/protocol/signature", status_code=202, response_model=ProtocolSignatureOut)
    async def sign_protocol(certificate_id: CourseId, body: ProtocolSignatureIn, response: Response,
                            principal: Principal = require(Role.PROVIDER_HEAD)) -> ProtocolSignatureOut:
        """The organisation's head signs the bytes of GET .../protocol; the signed protocol is then published."""
        frozen, duplicate = await protocol.sign(deps, organisation_of(principal), certificate_id, body.signature,
                                                principal.subject)
        if duplicate:
            response.status_code = 200
        assert frozen.signed_at is not None
        return ProtocolSignatureOut(certificate_id=certificate_id, protocol_id=frozen.protocol_id, sha256=frozen.sha256,
                                    signed_at=frozen.signed_at, duplicate=duplicate)

    @router.get("/courses", response_model=CourseList)
    async def list_courses(state: Literal["open", "closed", "all"] = "open",
                           limit: Limit = 100, offset: Offset = 0,
                           principal: Principal = require(Role.PROVIDER)) -> CourseList:
        return await reads.list_courses(deps, organisation_of(principal), None if state == "all" else state,
                                        limit, offset)

    @router.get("/courses/{certificate_id}")
    async def course_detail(certificate_id: CourseId, principal: Principal = require(Role.PROVIDER)) -> dict[str, Any]:
        try:
            detail = await reads.course_detail(deps, organisation_of(principal), certificate_id)
        except NotOwned:  # another organisation's child: refused (404) and logged as the other services do
            log_personal_data_access(principal, "assessment_course", certificate_id, False)
            raise
        log_personal_data_access(principal, "assessment_course", certificate_id, True)
        return detail

    @router.get("/instruments")
    async def instruments(_: Principal = require(Role.PROVIDER, Role.MSE_EXPERT, Role.MSE_HEAD,
                                                 Role.PLATFORM_OPERATOR)) -> dict[str, Any]:
        return reads.instruments(deps.config)

    return router
