"""The federal bureau: a conclusion inside its 10-day window, read-only; outside it the page says why it is closed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain import window
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.render import page


def router() -> APIRouter:
    r = APIRouter(prefix="/federal")

    @r.get("")
    async def search(request: Request, q: str = "") -> Response:
        web.person(request, "federal_mse")
        wanted = _id(q.strip()) if q.strip() else ""
        if wanted:
            return RedirectResponse(f"/federal/conclusions/{wanted}", status_code=303)
        return page(request, "federal/search.html", title="Заключения для федерального бюро", q=q)

    @r.get("/conclusions/{conclusion_id}")
    async def read(request: Request, conclusion_id: str) -> Response:
        s = web.person(request, "federal_mse")
        cid = _id(conclusion_id)
        got = await call(request, s, "GET", "signing", f"/v1/conclusions/{cid}")
        # The signing service answers a closed window as an unknown id (404): a closed window must not confirm that
        # the conclusion exists, so the page says both why it can be closed and that the number may be wrong.
        if got.code == "federal_access_closed" or got.status == 404:
            return page(request, "federal/closed.html", status=403, title="Доступ закрыт", conclusion_id=cid,
                        text=window.closed_sentence(None))
        if not got.ok:
            return page(request, "federal/search.html", status=got.status, title="Заключения для федерального бюро",
                        q=conclusion_id, refused=got.refused)
        c = got.data
        until = (c.get("submission") or {}).get("federal_access_until")
        return page(request, "federal/conclusion.html", title="Заключение (только чтение)", c=c,
                    window_text=window.open_sentence(until))

    return r
