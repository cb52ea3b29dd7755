"""The federal bureau: the conclusions inside its 10-day window (list, search, each read-only) and the pilot's
progress; outside the window the page says why it is closed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain import window
from kria_console.domain.labels import REASONS, VERDICTS
from kria_console.domain.paging import Page, Pager
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.pages.office import date_refusal
from kria_console.render import page

LIST_FILTERS = ("region", "from", "to", "organisation_id", "verdict", "reason")
TITLE = "Заключения для федерального бюро"


def _filters(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    query = {k: request.query_params.get(k, "").strip()[:60] for k in names}
    if query.get("organisation_id"):
        query["organisation_id"] = _id(query["organisation_id"])
    if query.get("verdict") not in (None, "", *VERDICTS):
        query["verdict"] = ""
    if query.get("reason") not in (None, "", *REASONS):
        query["reason"] = ""
    return query


def router() -> APIRouter:
    r = APIRouter(prefix="/federal")

    async def search_page(request: Request, q: str, status: int = 200, refused: Any = None) -> Response:
        s = web.person(request, "federal_mse")
        query = _filters(request, LIST_FILTERS)
        p = Page.parse(request.query_params.get("page"))
        refused_list = date_refusal(query)
        data: dict[str, Any] = {}
        if refused_list is None:
            params = {k: v for k, v in query.items() if v} | {"limit": p.size, "offset": p.offset}
            got = await call(request, s, "GET", "signing", "/v1/federal/conclusions?" + urlencode(params))
            refused_list = got.refused
            data = got.data if got.ok and isinstance(got.data, dict) else {}
            if got.refused and status == 200:
                status = got.status
        elif status == 200:
            status = 422
        items = data.get("items", [])
        return page(request, "federal/search.html", status=status, title=TITLE, q=q, query=query, items=items,
                    pager=Pager(p, len(items), data.get("total", 0)), refused=refused or refused_list,
                    qs=urlencode({k: v for k, v in query.items() if v}), REASONS=REASONS, VERDICTS=VERDICTS)

    @r.get("")
    async def search(request: Request, q: str = "") -> Response:
        web.person(request, "federal_mse")
        wanted = _id(q.strip()) if q.strip() else ""
        if wanted:
            return RedirectResponse(f"/federal/conclusions/{wanted}", status_code=303)
        return await search_page(request, q)

    @r.get("/progress")
    async def progress(request: Request) -> Response:
        s = web.person(request, "federal_mse", "platform_operator")
        query = _filters(request, ("region", "from", "to"))
        refused = date_refusal(query)
        figures = None
        if refused is None:
            got = await call(request, s, "GET", "signing",
                             "/v1/federal/progress?" + urlencode({k: v for k, v in query.items() if v}))
            figures, refused = got.data, got.refused
        return page(request, "federal/progress.html", status=200 if refused is None else 422,
                    title="Ход пилотного проекта", query=query, figures=figures, refused=refused)

    @r.get("/conclusions/{conclusion_id}")
    async def read(request: Request, conclusion_id: str) -> Response:
        s = web.person(request, "federal_mse")
        cid = _id(conclusion_id)
        got = await call(request, s, "GET", "signing", f"/v1/conclusions/{cid}")
        if got.code == "federal_access_closed":
            return page(request, "federal/closed.html", status=403, title="Доступ закрыт", conclusion_id=cid,
                        text=window.closed_sentence(None))
        # The signing service answers a closed window as an unknown id (404): a closed window must not confirm that
        # the conclusion exists, so the page says both why it can be closed and that the number may be wrong.
        if got.status == 404:
            return page(request, "federal/closed.html", status=404, title="Доступ закрыт", conclusion_id=cid,
                        text=window.unknown_or_closed_sentence())
        if not got.ok:
            return await search_page(request, conclusion_id, got.status, got.refused)
        c = got.data
        until = (c.get("submission") or {}).get("federal_access_until")
        return page(request, "federal/conclusion.html", title="Заключение (только чтение)", c=c,
                    window_text=window.open_sentence(until))

    return r
