"""The office's settlements (each act and payment record) and the monitoring report of order 525н for a period."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kria_console import web
from kria_console.domain.monitoring import PERIODS, ROWS, monitoring_query
from kria_console.domain.paging import Page, Pager
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.pages.office import date_refusal
from kria_console.render import page

READERS = ("sfr_operator", "platform_operator")
SETTLEMENT_FILTERS = ("from", "to", "region", "organisation_id")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def router() -> APIRouter:
    r = APIRouter(prefix="/office")

    @r.get("/settlements")
    async def settlements(request: Request) -> Response:
        s = web.person(request, *READERS)
        query = {k: request.query_params.get(k, "").strip()[:60] for k in SETTLEMENT_FILTERS}
        if query["organisation_id"]:
            query["organisation_id"] = _id(query["organisation_id"])
        p = Page.parse(request.query_params.get("page"))
        refused = date_refusal(query)
        data: dict[str, Any] = {}
        status = 422 if refused else 200
        if refused is None:
            params = {k: v for k, v in query.items() if v} | {"limit": p.size, "offset": p.offset}
            got = await call(request, s, "GET", "certificates", "/v1/settlements?" + urlencode(params))
            refused, status = got.refused, got.status if got.refused else 200
            data = got.data if got.ok and isinstance(got.data, dict) else {}
        items = data.get("items", [])
        return page(request, "office/settlements.html", status=status,
                    title="Расчёты, акты и платёжные документы", items=items, totals=data.get("totals"),
                    query=query, pager=Pager(p, len(items), data.get("count", 0)), refused=refused,
                    qs=urlencode({k: v for k, v in query.items() if v}))

    @r.get("/monitoring")
    async def monitoring(request: Request) -> Response:
        s = web.person(request, *READERS)
        asked = monitoring_query(request.query_params.get("year", ""), request.query_params.get("period", ""),
                                 request.query_params.get("region", ""))
        report = None
        refused = asked.refused
        if asked.params is not None:
            got = await call(request, s, "GET", "certificates", "/v1/reports/monitoring?" + urlencode(asked.params))
            report, refused = got.data, got.refused
        return page(request, "office/monitoring.html", status=200 if refused is None else 422,
                    title="Мониторинг (приказ № 525н)", typed=asked.typed, report=report, refused=refused,
                    PERIODS=PERIODS, ROWS=ROWS, qs=urlencode(asked.params or {}))

    @r.get("/monitoring.xlsx")
    async def monitoring_xlsx(request: Request) -> Response:
        """The service's workbook passed through with the person's token (the console keeps no copy)."""
        s = web.person(request, *READERS)
        asked = monitoring_query(request.query_params.get("year", ""), request.query_params.get("period", ""),
                                 request.query_params.get("region", ""))
        if asked.params is None:
            return page(request, "office/monitoring.html", status=422, title="Мониторинг (приказ № 525н)",
                        typed=asked.typed, report=None, refused=asked.refused, PERIODS=PERIODS, ROWS=ROWS, qs="")
        got = await call(request, s, "GET", "certificates",
                         "/v1/reports/monitoring/xlsx?" + urlencode(asked.params))
        if not got.ok:
            return page(request, "office/monitoring.html", status=got.status, title="Мониторинг (приказ № 525н)",
                        typed=asked.typed, report=None, refused=got.refused, PERIODS=PERIODS, ROWS=ROWS, qs="")
        name = f"monitoring-{asked.params['year']}-{asked.params['period']}.xlsx"
        return Response(got.content, media_type=XLSX,
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    return r
