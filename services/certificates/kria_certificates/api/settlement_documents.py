"""The settlement act of a certificate and the period's payment registry as documents (PDF/A or XLSX).

Access follows the settlement data: the act to the СФР operator and to the organisation the certificate was
settled with (another organisation's certificate is answered as absent); the registry, which lists every
organisation's payments, to the СФР operator only.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from kria_certificates.documents.settlement_act import MEDIA_TYPES, SheetFormat
from kria_certificates.domain.access import provider_scope
from kria_certificates.usecases import Deps, settlement_documents
from kria_certificates.usecases.settlement_documents import Printed
from kria_shared.auth import Principal, Role, require

_PDF_XLSX: dict[int | str, dict[str, Any]] = {200: {"content": {media: {} for media in MEDIA_TYPES.values()},
                                                    "description": "the document, PDF/A-3b or XLSX"}}


def _attachment(doc: Printed) -> Response:
    return Response(doc.body, media_type=doc.media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(doc.file_name)}"})


def build_settlement_documents_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["settlements"])

    @router.get("/v1/certificates/{cid}/settlement-act", response_class=Response, responses=_PDF_XLSX)
    async def act(cid: str, fmt: SheetFormat = Query(SheetFormat.PDF, alias="format"),
                  principal: Principal = require(Role.SFR_OPERATOR, Role.PROVIDER)) -> Response:
        """The act of services delivered (акт оказанных услуг) of a settled certificate."""
        return _attachment(await settlement_documents.act(deps, cid, fmt, organisation_id=provider_scope(principal)))

    @router.get("/v1/settlements/registry", response_class=Response, responses=_PDF_XLSX)
    async def registry(
        period_from: date | None = Query(None, alias="from"), period_to: date | None = Query(None, alias="to"),
        region: str | None = Query(None, max_length=2), fmt: SheetFormat = Query(SheetFormat.PDF, alias="format"),
        principal: Principal = require(Role.SFR_OPERATOR),
    ) -> Response:
        """The payment registry (реестр платежей) of the acts settled in [from, to], for the СФР office."""
        return _attachment(await settlement_documents.registry(deps, fmt, period_from=period_from,
                                                               period_to=period_to, region=region))

    return router
