"""The course's activity journal: a provider records a batch of days (role provider, own organisation only)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from kria_assessment.domain.access import provider_organisation
from kria_assessment.schemas import ActivitiesIn, BatchOut
from kria_assessment.usecases import Deps, journal
from kria_shared.auth import Principal, Role, require
from kria_shared.path_ids import PathId as CourseId  # the course id is the certificate id


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["assessment"])

    @router.post("/courses/{certificate_id}/activities", status_code=201, response_model=BatchOut)
    async def record_activities(certificate_id: CourseId, body: ActivitiesIn, response: Response,
                                principal: Principal = require(Role.PROVIDER)) -> BatchOut:
        result = await journal.record_batch(deps, provider_organisation(principal.organisation_id),
                                            certificate_id, body)
        if result.duplicate:
            response.status_code = 200
        return result

    return router
