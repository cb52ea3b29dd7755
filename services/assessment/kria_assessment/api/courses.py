"""The organisation's courses: the list (its staff and its head), and one course's journal and progress (role
provider); always the caller's own organisation only."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from kria_assessment.domain.access import COURSE_LISTERS, NotOwned, provider_organisation
from kria_assessment.schemas import CourseDetail, CourseList
from kria_assessment.usecases import Deps, reads
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.paging import Limit, Offset
from kria_shared.path_ids import PathId as CourseId  # the course id is the certificate id


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["assessment"])

    @router.get("/courses", response_model=CourseList)
    async def list_courses(state: Literal["open", "closed", "all"] = "open",
                           protocol: Literal["any", "awaiting_signature"] = "any",
                           limit: Limit = 100, offset: Offset = 0,
                           principal: Principal = require(*map(Role, COURSE_LISTERS))) -> CourseList:
        """``protocol=awaiting_signature``: only the courses whose protocol is frozen and not yet signed by the
        organisation's head (the head's list to sign)."""
        return await reads.list_courses(deps, provider_organisation(principal.organisation_id),
                                        None if state == "all" else state, limit, offset,
                                        awaiting_signature=protocol == "awaiting_signature")

    @router.get("/courses/{certificate_id}", response_model=CourseDetail)
    async def course_detail(certificate_id: CourseId, principal: Principal = require(Role.PROVIDER)) -> CourseDetail:
        try:
            detail = await reads.course_detail(deps, provider_organisation(principal.organisation_id),
                                               certificate_id)
        except NotOwned:  # another organisation's child: refused (404) and logged as the other services do
            log_personal_data_access(principal, "assessment_course", certificate_id, False)
            raise
        log_personal_data_access(principal, "assessment_course", certificate_id, True)
        return detail

    return router
