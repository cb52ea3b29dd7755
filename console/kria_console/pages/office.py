"""The Social Fund office: MSE export upload and its report, certificates and their history, the summary."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from kria_console import web
from kria_console.domain.paging import Page, Pager, slice_page
from kria_console.domain.refusals import Refusal, decision_reason
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.render import page

OFFICE = ("sfr_operator", "platform_operator")
CERT_FILTERS = ("state", "region", "from", "to")


def date_refusal(query: dict[str, str]) -> Refusal | None:
    for name, label in (("from", "дата начала периода"), ("to", "дата конца периода")):
        raw = query.get(name, "")
        if raw:
            try:
                date.fromisoformat(raw)
            except ValueError:
                return Refusal(f"Поле «{label}»: нужна дата в виде ГГГГ-ММ-ДД.", name)
    return None


def router() -> APIRouter:
    r = APIRouter(prefix="/office")

    @r.get("/import")
    async def import_form(request: Request) -> Response:
        web.person(request, "sfr_operator")
        return page(request, "office/import.html", title="Загрузка выгрузки МСЭ")

    @r.post("/import")
    async def import_file(request: Request) -> Response:
        s = web.person(request, "sfr_operator")
        limit = request.app.state.settings.upload_limit_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:  # refused before the body is read
            return page(request, "office/import.html", status=413, title="Загрузка выгрузки МСЭ", refused=Refusal(
                f"Поле «файл выгрузки МСЭ»: файл больше {limit // (1024 * 1024)} МБ; разделите выгрузку на части.",
                "file"))
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return page(request, "office/import.html", status=422, title="Загрузка выгрузки МСЭ",
                        refused=Refusal("Поле «файл выгрузки МСЭ»: выберите файл CSV.", "file"))
        content = await upload.read()
        got = await call(request, s, "POST", "certificates", "/v1/mse-imports",
                         files={"file": (upload.filename, content, "text/csv")})
        if not got.ok:
            return page(request, "office/import.html", status=got.status, title="Загрузка выгрузки МСЭ",
                        refused=got.refused)
        s.last_import = got.data
        return RedirectResponse("/office/import/report", status_code=303)

    @r.get("/import/report")
    async def import_report(request: Request) -> Response:
        s = web.person(request, "sfr_operator")
        report = s.last_import
        if report is None:
            return RedirectResponse("/office/import", status_code=303)
        rows = [{**e, "why": decision_reason(e.get("code"), e.get("field"))} for e in report.get("entries", [])]
        chosen, pager = slice_page(rows, Page.parse(request.query_params.get("page"), size=50))
        return page(request, "office/import_report.html", title="Отчёт о загрузке", report=report, rows=chosen,
                    pager=pager)

    @r.get("/certificates")
    async def certificates(request: Request) -> Response:
        s = web.person(request, *OFFICE)
        query = {k: request.query_params.get(k, "").strip()[:40] for k in CERT_FILTERS}
        wanted = request.query_params.get("id", "").strip()
        if wanted:
            return RedirectResponse(f"/office/certificates/{_id(wanted)}", status_code=303)
        p = Page.parse(request.query_params.get("page"))
        refused = date_refusal(query)
        items: list[dict[str, Any]] = []
        total = 0
        if refused is None:
            params = urlencode({k: v for k, v in query.items() if v} | {"limit": p.size, "offset": p.offset})
            got = await call(request, s, "GET", "certificates", f"/v1/certificates?{params}")
            refused = got.refused
            if got.ok:
                items, total = got.data["items"], got.data.get("count", 0)
        return page(request, "office/certificates.html", title="Сертификаты", items=items, query=query,
                    pager=Pager(p, len(items), total), refused=refused,
                    qs=urlencode({k: v for k, v in query.items() if v}))

    @r.get("/certificates/{certificate_id}")
    async def certificate(request: Request, certificate_id: str) -> Response:
        s = web.person(request, *OFFICE)
        cid = _id(certificate_id)
        got = await call(request, s, "GET", "certificates", f"/v1/certificates/{cid}")
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Сертификат недоступен",
                        text=got.refused.message if got.refused else "", back="/office/certificates")
        travel = await call(request, s, "GET", "certificates", f"/v1/certificates/{cid}/travel")
        lines = travel.data if travel.ok and isinstance(travel.data, list) else []
        return page(request, "office/certificate.html", title="Сертификат", c=got.data, travel=lines)

    @r.get("/report")
    async def report(request: Request) -> Response:
        s = web.person(request, *OFFICE)
        query = {k: request.query_params.get(k, "").strip()[:40] for k in ("region", "from", "to")}
        summary, refused = None, date_refusal(query)
        if refused is None and (query["from"] or query["to"]):
            got = await call(request, s, "GET", "certificates",
                             "/v1/reports/summary?" + urlencode({k: v for k, v in query.items() if v}))
            summary, refused = got.data, got.refused
        return page(request, "office/report.html", title="Сводка за период", query=query, summary=summary,
                    refused=refused)

    return r
