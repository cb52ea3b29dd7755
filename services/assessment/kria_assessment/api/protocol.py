"""The control-assessment protocol: frozen by the provider, read as hashed, signed by the organisation's head."""

from __future__ import annotations

from fastapi import APIRouter, Response

from kria_assessment.domain.access import NotOwned, provider_organisation
from kria_assessment.schemas import ProtocolIn, ProtocolOut, ProtocolSignatureIn, ProtocolSignatureOut
from kria_assessment.usecases import Deps, protocol
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.path_ids import PathId as CourseId  # the course id is the certificate id


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["assessment"])

    @router.post("/courses/{certificate_id}/protocol", status_code=201, response_model=ProtocolOut)
    async def submit_protocol(certificate_id: CourseId, response: Response, body: ProtocolIn | None = None,
                              principal: Principal = require(Role.PROVIDER)) -> ProtocolOut:
        frozen, duplicate = await protocol.submit(deps, provider_organisation(principal.organisation_id),
                                                  certificate_id, body.notes if body else None)
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
            frozen = await protocol.read(deps, None if bureau else provider_organisation(principal.organisation_id),
                                         certificate_id)
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
        frozen, duplicate = await protocol.sign(deps, provider_organisation(principal.organisation_id),
                                                certificate_id, body.signature, principal.subject)
        if duplicate:
            response.status_code = 200
        assert frozen.signed_at is not None
        return ProtocolSignatureOut(certificate_id=certificate_id, protocol_id=frozen.protocol_id, sha256=frozen.sha256,
                                    signed_at=frozen.signed_at, duplicate=duplicate)

    return router
