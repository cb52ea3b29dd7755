"""HTTP routes over conclusions: list, read (federal bureau only inside its window), reason, sign, upload, resubmit."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kria_shared.auth import Principal, Role, require
from kria_shared.paging import Limit, Offset
from kria_signing.domain import uploads
from kria_signing.domain.conclusion import ConclusionState, require_document, require_signed
from kria_signing.domain.reason import IneffectiveReason
from kria_signing.schemas import ConclusionDetail, ConclusionList, conclusion_detail, conclusion_summary
from kria_signing.usecases import SigningDeps
from kria_signing.usecases.composition import DocumentComposer
from kria_signing.usecases.conclusion_acts import ConclusionActs
from kria_signing.usecases.conclusion_reads import BUREAU, ConclusionReads


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: IneffectiveReason
    text: str | None = Field(default=None, max_length=2000)


class SignatureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signature_b64: str = Field(min_length=1)


SIGNATURE_BODY = {"required": True, "description": "the detached CMS signature of the document", "content": {
    "application/pkcs7-signature": {"schema": {"type": "string", "format": "binary"}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
    "application/json": {"schema": SignatureIn.model_json_schema()},
}}


async def read_limited(request: Request, limit: int, field: str) -> bytes:
    """The body, refused unread when its declared length is already over ``limit``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit():
        uploads.within_limit(int(declared), limit, field)
    body = await request.body()
    uploads.within_limit(len(body), limit, field)
    return body


def build_router(deps: SigningDeps, reads: ConclusionReads, acts: ConclusionActs,
                 composer: DocumentComposer) -> APIRouter:
    router = APIRouter(prefix="/v1/conclusions", tags=["conclusions"])
    max_signature_bytes = deps.config.options.max_signature_bytes
    readable = reads.readable

    @router.get("")
    async def list_conclusions(
        principal: Principal = require(*BUREAU),
        state: ConclusionState | None = None,
        verdict: Literal["effective", "ineffective"] | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> ConclusionList:
        effective = None if verdict is None else verdict == "effective"
        rows = await reads.listing(state=state, effective=effective, limit=limit, offset=offset)
        return ConclusionList(items=[conclusion_summary(r) for r in rows], limit=limit, offset=offset)

    @router.get("/{conclusion_id}")
    async def get_conclusion(conclusion_id: str,
                             principal: Principal = require(*BUREAU, Role.FEDERAL_MSE)) -> ConclusionDetail:
        return conclusion_detail(await readable(conclusion_id, principal))

    @router.get("/{conclusion_id}/document", response_class=Response)
    async def get_document(conclusion_id: str, request: Request,
                           principal: Principal = require(*BUREAU, Role.FEDERAL_MSE)) -> Response:
        """The canonical bytes to sign. Read by an authorised signer before signing, it is composed in that
        signer's name, with the child's particulars read from the certificates service (503 if it is down)."""
        row = await readable(conclusion_id, principal)
        if row.state == ConclusionState.READY_TO_SIGN and principal.has(Role.MSE_HEAD) and composer.signs_today(
                principal):
            row = await composer.for_signer(conclusion_id, principal, request.headers.get("authorization", ""))
        return Response(require_document(row.document, row.state), media_type="application/json",
                        headers={"x-document-streebog256": row.document_streebog256 or ""})

    @router.get("/{conclusion_id}/signature", response_class=Response)
    async def get_signature(conclusion_id: str,
                            principal: Principal = require(*BUREAU, Role.FEDERAL_MSE)) -> Response:
        row = await readable(conclusion_id, principal)
        return Response(require_signed(row.signature, row.state), media_type="application/pkcs7-signature",
                        headers={"content-disposition": f'attachment; filename="{row.id}.p7s"'})

    @router.put("/{conclusion_id}/reason")
    async def put_reason(conclusion_id: str, body: ReasonIn,
                         principal: Principal = require(Role.MSE_EXPERT)) -> ConclusionDetail:
        await acts.set_reason(conclusion_id, body.reason, body.text)
        return await _detail(conclusion_id)

    @router.post("/{conclusion_id}/sign")
    async def sign(conclusion_id: str, request: Request,
                   principal: Principal = require(Role.MSE_HEAD)) -> ConclusionDetail:
        """Composes the document in the caller's name if they have not opened it yet, then signs it."""
        await composer.for_signer(conclusion_id, principal, request.headers.get("authorization", ""))
        await acts.sign(conclusion_id, principal)
        return await _detail(conclusion_id)

    @router.post("/{conclusion_id}/signature", openapi_extra={"requestBody": SIGNATURE_BODY})
    async def upload_signature(conclusion_id: str, request: Request,
                               principal: Principal = require(Role.MSE_HEAD)) -> ConclusionDetail:
        """Body: the DER CMS itself (application/pkcs7-signature or octet-stream), or JSON {"signature_b64"}."""
        body = await read_limited(request, max_signature_bytes * 2, "signature")
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                encoded = SignatureIn.model_validate_json(body).signature_b64
            except ValidationError as exc:
                raise uploads.invalid_body('expected JSON {"signature_b64": "<base64 of the DER CMS>"}',
                                           "signature_b64") from exc
            cms = uploads.decode_b64(encoded, "signature_b64")
        else:
            cms = body
        cms = uploads.signature_size(cms, max_signature_bytes)
        # as for sign: the document names its signer (a no-op once the caller opened it for signing)
        await composer.for_signer(conclusion_id, principal, request.headers.get("authorization", ""))
        await acts.upload(conclusion_id, cms, principal)
        return await _detail(conclusion_id)

    @router.post("/{conclusion_id}/resubmit")
    async def resubmit(conclusion_id: str,
                       principal: Principal = require(Role.PLATFORM_OPERATOR)) -> ConclusionDetail:
        """Re-queue a submission_failed conclusion: an operational act once the ЕЦП side is fixed, not a signature."""
        await acts.resubmit(conclusion_id, principal)
        return await _detail(conclusion_id)

    async def _detail(conclusion_id: str) -> ConclusionDetail:
        return conclusion_detail(await reads.get(conclusion_id))

    return router
