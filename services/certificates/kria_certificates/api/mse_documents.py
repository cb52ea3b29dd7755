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

from kria_certificates.documents import mse
from kria_certificates.domain.mse_forms import Addressee
from kria_certificates.usecases import Deps, mse_documents
from kria_shared.auth import Principal, Role, require

DOCUMENT_READERS = (Role.SFR_OPERATOR, Role.MSE_SYSTEM, Role.PROVIDER)
_PDF_DOCX: dict[int | str, dict[str, Any]] = {200: {"content": {
    mse.MEDIA_TYPES[mse.Format.PDF]: {}, mse.MEDIA_TYPES[mse.Format.DOCX]: {}},
    "description": "the document, PDF/A-3b or DOCX"}}


def build_documents_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["documents"])

    @router.get("/v1/certificates/{cid}/mse-documents/{kind}", response_class=Response, responses=_PDF_DOCX)
    async def mse_document(cid: str, kind: Addressee, fmt: mse.Format = Query(mse.Format.PDF, alias="format"),
                           principal: Principal = require(*DOCUMENT_READERS)) -> Response:
        printed = await mse_documents.document(deps, cid, kind, fmt, principal)
        return Response(printed.body, media_type=printed.media_type,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(printed.file_name)}"})

    return router
