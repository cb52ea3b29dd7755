"""HTTP routes over conclusions: list, read (federal bureau only inside its window), reason, sign, upload, resubmit."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.clock import Clock
from kria_shared.errors import Conflict, DomainError, NotFound
from kria_shared.paging import Limit, Offset
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.domain.access import may_read
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.domain.reason import IneffectiveReason
from kria_signing.metrics import FEDERAL_READS
from kria_signing.schemas import conclusion_detail, conclusion_summary
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases.composition import DocumentComposer, authorised_signer
from kria_signing.usecases.conclusion_acts import ConclusionActs

BUREAU = (Role.MSE_EXPERT, Role.MSE_HEAD, Role.PLATFORM_OPERATOR)


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


def decode_b64(value: str, field: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DomainError("invalid_base64", f"{field} is not valid base64", field=field) from exc


async def read_limited(request: Request, limit: int, field: str) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise DomainError("too_large", f"{field} exceeds {limit} bytes", field=field, limit=limit)
    body = await request.body()
    if len(body) > limit:
        raise DomainError("too_large", f"{field} exceeds {limit} bytes", field=field, limit=limit)
    return body


def conclusion_reader(uows: UnitOfWorkFactory, clock: Clock) -> Callable[[str, Principal], Awaitable[ConclusionRow]]:
    """The read rule of a conclusion: the bureau always; the federal bureau within its window (logged)."""

    async def readable(conclusion_id: str, principal: Principal) -> ConclusionRow:
        async with uows() as uow:
            row = await store.get(uow.session, conclusion_id)
        if row is None:
            raise NotFound("conclusion", conclusion_id)
        if principal.has(*BUREAU):
            log_personal_data_access(principal, "conclusion", conclusion_id, True)
            return row
        allowed = may_read(clock.now(), row.federal_access_until)
        FEDERAL_READS.labels("allowed" if allowed else "denied").inc()
        log_personal_data_access(principal, "conclusion", conclusion_id, allowed)
        if not allowed:  # answered as an unknown id: a closed window must not confirm the conclusion exists
            raise NotFound("conclusion", conclusion_id)
        return row

    return readable


def _not_ready(row: ConclusionRow) -> Conflict:
    if row.state == ConclusionState.AWAITING_REASON:
        return Conflict("document_not_ready", "an ineffective conclusion needs its reason first",
                        state=row.state, allowed=["set_reason"])
    return Conflict("document_not_ready", "документ заключения составляется, когда его открывает для подписи "
                    "руководитель бюро или уполномоченный заместитель", state=row.state)


def build_router(uows: UnitOfWorkFactory, clock: Clock, acts: ConclusionActs, composer: DocumentComposer,
                 max_signature_bytes: int) -> APIRouter:
    router = APIRouter(prefix="/v1/conclusions", tags=["conclusions"])

    readable = conclusion_reader(uows, clock)

    @router.get("")
    async def list_conclusions(
        principal: Principal = require(*BUREAU),
        state: ConclusionState | None = None,
        verdict: Literal["effective", "ineffective"] | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        effective = None if verdict is None else verdict == "effective"
        async with uows() as uow:
            rows = await store.listing(uow.session, state=state, effective=effective, limit=limit, offset=offset)
        return {"items": [conclusion_summary(r) for r in rows], "limit": limit, "offset": offset}

    @router.get("/{conclusion_id}")
    async def get_conclusion(conclusion_id: str,
                             principal: Principal = require(*BUREAU, Role.FEDERAL_MSE)) -> dict[str, Any]:
        return conclusion_detail(await readable(conclusion_id, principal))

    @router.get("/{conclusion_id}/document", response_class=Response)
    async def get_document(conclusion_id: str, request: Request,
                           principal: Principal = require(*BUREAU, Role.FEDERAL_MSE)) -> Response:
        """The canonical bytes to sign. Read by an authorised signer before signing, it is composed in that
        signer's name, with the child's particulars read from the certificates service (503 if it is down)."""
        row = await readable(conclusion_id, principal)
        if (row.state == ConclusionState.READY_TO_SIGN and principal.has(Role.MSE_HEAD)
                and authorised_signer(composer.register, clock, principal) is not None):
            row = await composer.for_signer(conclusion_id, principal, request.headers.get("authorization", ""))
        if row.document is None:
            raise _not_ready(row)
        return Response(row.document, media_type="application/json",
                        headers={"x-document-streebog256": row.document_streebog256 or ""})

    @router.get("/{conclusion_id}/signature", response_class=Response)
    async def get_signature(conclusion_id: str,
                            principal: Principal = require(*BUREAU, Role.FEDERAL_MSE)) -> Response:
        row = await readable(conclusion_id, principal)
        if row.signature is None:
            raise Conflict("not_signed", "the conclusion is not signed yet", state=row.state)
        return Response(row.signature, media_type="application/pkcs7-signature",
                        headers={"content-disposition": f'attachment; filename="{row.id}.p7s"'})

    @router.put("/{conclusion_id}/reason")
    async def put_reason(conclusion_id: str, body: ReasonIn,
                         principal: Principal = require(Role.MSE_EXPERT)) -> dict[str, Any]:
        await acts.set_reason(conclusion_id, body.reason, body.text)
        return await _detail(conclusion_id)

    @router.post("/{conclusion_id}/sign")
    async def sign(conclusion_id: str, request: Request,
                   principal: Principal = require(Role.MSE_HEAD)) -> dict[str, Any]:
        """Composes the document in the caller's name if they have not opened it yet, then signs it."""
        await composer.for_signer(conclusion_id, principal, request.headers.get("authorization", ""))
        await acts.sign(conclusion_id, principal)
        return await _detail(conclusion_id)

    @router.post("/{conclusion_id}/signature", openapi_extra={"requestBody": SIGNATURE_BODY})
    async def upload_signature(conclusion_id: str, request: Request,
                               principal: Principal = require(Role.MSE_HEAD)) -> dict[str, Any]:
        """Body: the DER CMS itself (application/pkcs7-signature or octet-stream), or JSON {"signature_b64"}."""
        body = await read_limited(request, max_signature_bytes * 2, "signature")
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                encoded = SignatureIn.model_validate_json(body).signature_b64
            except ValidationError as exc:
                raise DomainError("invalid_body", 'expected JSON {"signature_b64": "<base64 of the DER CMS>"}',
                                  field="signature_b64") from exc
            cms = decode_b64(encoded, "signature_b64")
        else:
            cms = body
        if not cms or len(cms) > max_signature_bytes:
            raise DomainError("invalid_signature_size", f"signature must be 1..{max_signature_bytes} bytes",
                              field="signature")
        # as for sign: the document names its signer (a no-op once the caller opened it for signing)
        await composer.for_signer(conclusion_id, principal, request.headers.get("authorization", ""))
        await acts.upload(conclusion_id, cms, principal)
        return await _detail(conclusion_id)

    @router.post("/{conclusion_id}/resubmit")
    async def resubmit(conclusion_id: str,
                       principal: Principal = require(Role.PLATFORM_OPERATOR)) -> dict[str, Any]:
        """Re-queue a submission_failed conclusion: an operational act once the ЕЦП side is fixed, not a signature."""
        await acts.resubmit(conclusion_id, principal)
        return await _detail(conclusion_id)

    async def _detail(conclusion_id: str) -> dict[str, Any]:
        async with uows() as uow:
            row = await store.get(uow.session, conclusion_id)
        assert row is not None
        return conclusion_detail(row)

    return router
