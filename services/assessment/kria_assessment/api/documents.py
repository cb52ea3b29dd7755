"""The control-assessment protocol as a printable PDF/A, with the protocol's read rules (issue 16.2)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kria_assessment.domain import protocol_form
from kria_assessment.domain.access import provider_organisation
from kria_assessment.usecases import Deps, protocol
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.documents.pdf import to_pdf
from kria_shared.path_ids import PathId as CourseId


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["documents"])

    @router.get("/courses/{certificate_id}/protocol.pdf", response_class=Response,
                responses={200: {"content": {"application/pdf": {}}, "description": "PDF/A-3b"}})
    async def protocol_pdf(certificate_id: CourseId, request: Request,
                           principal: Principal = require(Role.PROVIDER, Role.MSE_EXPERT, Role.MSE_HEAD)) -> Response:
        bureau = principal.has(Role.MSE_EXPERT, Role.MSE_HEAD)
        organisation_id = None if bureau else provider_organisation(principal.organisation_id)
        frozen = await protocol.read(deps, organisation_id, certificate_id)
        log_personal_data_access(principal, "assessment_protocol", certificate_id, True)
        url = str(request.url_for("read_protocol", certificate_id=certificate_id).include_query_params(
            sha256=frozen.sha256))
        doc = protocol_form.build(frozen.document(), sha256=frozen.sha256, url=url)
        body = await run_in_threadpool(to_pdf, doc)
        return Response(body, media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{frozen.protocol_id}.pdf"'})

    return router
