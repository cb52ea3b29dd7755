"""The four MSE documents of a certificate over HTTP, with the access rules of the certificate data.

The Social Fund's operator and the MSE system get all four; a provider only the organisation's extract, and
only of a child whose certificate is reserved to it (another organisation's child is answered as absent).
The platform operator sees no personal data, so none of these.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kria_certificates.documents import mse
from kria_certificates.domain.access import provider_scope
from kria_certificates.domain.mse_forms import Addressee, check_provider_may_read
from kria_certificates.store import repository as store
from kria_certificates.usecases import Deps
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import Forbidden, NotFound

DOCUMENT_READERS = (Role.SFR_OPERATOR, Role.MSE_SYSTEM, Role.PROVIDER)
_PDF_DOCX: dict[int | str, dict[str, Any]] = {200: {"content": {
    mse.MEDIA_TYPES[mse.Format.PDF]: {}, mse.MEDIA_TYPES[mse.Format.DOCX]: {}},
    "description": "the document, PDF/A-3b or DOCX"}}


def build_documents_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["documents"])

    @router.get("/v1/certificates/{cid}/mse-documents/{kind}", response_class=Response, responses=_PDF_DOCX)
    async def mse_document(cid: str, kind: Addressee, fmt: mse.Format = Query(mse.Format.PDF, alias="format"),
                           principal: Principal = require(*DOCUMENT_READERS)) -> Response:
        bureau_side = principal.has(Role.SFR_OPERATOR, Role.MSE_SYSTEM)
        async with deps.db.session() as session:
            row = await store.certificate(session, cid)
            if row is None:
                raise NotFound("certificate", cid)
            if not bureau_side:
                scope = provider_scope(principal)
                if row.organisation_id != scope:
                    log_personal_data_access(principal, "mse_document", cid, allowed=False)
                    raise NotFound("certificate", cid)
                try:
                    check_provider_may_read(kind)
                except Forbidden:
                    log_personal_data_access(principal, "mse_document", cid, allowed=False)
                    raise
            source = await mse.load(session, row)
        if source is None:
            raise NotFound("certificate", cid)
        log_personal_data_access(principal, "mse_document", cid, allowed=True)
        # off the event loop: a document takes tens of milliseconds of CPU, the consumer shares the loop
        body = await run_in_threadpool(mse.render, source, kind, fmt)
        name = mse.file_name(source, kind, fmt)
        return Response(body, media_type=mse.MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    return router
