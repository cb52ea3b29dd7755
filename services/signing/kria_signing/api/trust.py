"""HTTP routes of verification and trust: verify any document+signature, list signers, the trust anchor."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile

from kria_shared.auth import Principal, Role, require
from kria_shared.http_guard import body_limit
from kria_signing.adapters.pki_setup import SigningSetup, validity
from kria_signing.api.conclusions import read_limited
from kria_signing.domain import uploads
from kria_signing.metrics import VERIFICATIONS
from kria_signing.schemas import SignerList, VerificationReport, signer_view
from kria_signing.usecases import SigningDeps
from kria_signing.usecases.verification import SignatureChecker

VERIFIERS = (Role.MSE_EXPERT, Role.MSE_HEAD, Role.FEDERAL_MSE, Role.PLATFORM_OPERATOR)


class VerifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str = Field(min_length=1, description="base64 of the exact signed bytes")
    signature: str = Field(min_length=1, description="base64 of the DER CMS (detached)")


VERIFY_BODY = {"required": True, "description": "the document and its detached CMS signature", "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["document", "signature"], "properties": {
        "document": {"type": "string", "format": "binary"}, "signature": {"type": "string", "format": "binary"}}}},
    "application/json": {"schema": VerifyIn.model_json_schema()},
}}


async def _part(form: Any, name: str) -> bytes:
    value = form.get(name)
    if isinstance(value, UploadFile):
        return await value.read()
    return uploads.required_part(None if value is None else str(value).encode(), name)


def build_trust_router(deps: SigningDeps, setup: SigningSetup, checker: SignatureChecker) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["verification"])
    max_document_bytes = deps.config.options.max_document_bytes

    @router.post("/verify", response_model_exclude_unset=True,  # "message" only when the verifier gave one
                 openapi_extra={**body_limit(max_document_bytes * 3), "requestBody": VERIFY_BODY})
    async def verify(request: Request, principal: Principal = require(*VERIFIERS)) -> VerificationReport:
        """multipart/form-data with parts ``document`` and ``signature``, or JSON {document, signature} in base64."""
        content_type = request.headers.get("content-type", "")
        limit = max_document_bytes * 2
        if content_type.startswith("multipart/form-data"):
            await read_limited(request, limit, "body")
            async with request.form(max_files=2, max_fields=2) as form:
                document, signature = await _part(form, "document"), await _part(form, "signature")
        else:
            body = await read_limited(request, limit, "body")
            try:
                data = VerifyIn.model_validate_json(body)
            except ValidationError as exc:
                fields = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")}) or ["body"]
                raise uploads.invalid_body("expected JSON {document, signature} in base64, or multipart",
                                           fields[0]) from exc
            document = uploads.decode_b64(data.document, "document")
            signature = uploads.decode_b64(data.signature, "signature")
        uploads.not_empty(document, signature)
        checked = await checker.check(document, signature)
        VERIFICATIONS.labels(str(checked.report.get("indication", "FAILED"))).inc()
        return VerificationReport.model_validate(checked.report)

    @router.get("/signers")
    async def signers(principal: Principal = require(Role.MSE_HEAD, Role.PLATFORM_OPERATOR)) -> SignerList:
        return SignerList(register_version=setup.register.version, bureau_ogrn=setup.register.bureau_ogrn,
                          signers=signer_view(setup, validity))

    @router.get("/trust-anchor", response_class=Response)
    async def trust_anchor(principal: Principal = require(*VERIFIERS)) -> Response:
        return Response(setup.root_pem, media_type="application/x-pem-file")

    return router
