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
from starlette.concurrency import run_in_threadpool

from kria_certificates.documents import payment_registry, settlement_act
from kria_certificates.documents.settlement_act import MEDIA_TYPES, SheetFormat
from kria_certificates.domain.access import provider_scope
from kria_certificates.domain.dates import check_period
from kria_certificates.usecases import Deps
from kria_shared.auth import Principal, Role, require
from kria_shared.errors import NotFound

_PDF_XLSX: dict[int | str, dict[str, Any]] = {200: {"content": {media: {} for media in MEDIA_TYPES.values()},
                                                    "description": "the document, PDF/A-3b or XLSX"}}


def _attachment(body: bytes, fmt: SheetFormat, name: str) -> Response:
    return Response(body, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def build_settlement_documents_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["settlements"])

    @router.get("/v1/certificates/{cid}/settlement-act", response_class=Response, responses=_PDF_XLSX)
    async def act(cid: str, fmt: SheetFormat = Query(SheetFormat.PDF, alias="format"),
                  principal: Principal = require(Role.SFR_OPERATOR, Role.PROVIDER)) -> Response:
        """The act of services delivered (акт оказанных услуг) of a settled certificate."""
        scope = provider_scope(principal)
        async with deps.db.session() as session:
            data = await settlement_act.load(session, deps.config, cid)
        if data is None or (scope is not None and data.organisation_id != scope):
            raise NotFound("settlement_act", cid)
        # off the event loop: a PDF takes tens of milliseconds of CPU, the consumer shares the loop
        body = await run_in_threadpool(settlement_act.render, data, fmt)
        return _attachment(body, fmt, settlement_act.file_name(data, fmt))

    @router.get("/v1/settlements/registry", response_class=Response, responses=_PDF_XLSX)
    async def registry(
        period_from: date | None = Query(None, alias="from"), period_to: date | None = Query(None, alias="to"),
        region: str | None = Query(None, max_length=2), fmt: SheetFormat = Query(SheetFormat.PDF, alias="format"),
        principal: Principal = require(Role.SFR_OPERATOR),
    ) -> Response:
        """The payment registry (реестр платежей) of the acts settled in [from, to], for the СФР office."""
        check_period(period_from, period_to)
        async with deps.db.session() as session:
            data = await payment_registry.load(session, deps.config, period_from=period_from, period_to=period_to,
                                               region=region)
        body = await run_in_threadpool(payment_registry.render, data, fmt)
        return _attachment(body, fmt, payment_registry.file_name(data, fmt))

    return router
