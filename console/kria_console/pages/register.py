"""The provider register kept by the Social Fund office: the list, adding an organisation, its status and history."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain import register_form as rf
from kria_console.domain.paging import Page, slice_page
from kria_console.domain.refusals import Refusal
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.render import page

READERS = ("sfr_operator", "platform_operator")
KEEPER = "sfr_operator"  # only the office changes the register (the service enforces it too)
FILTERS = ("region", "target_group", "municipality", "age_band")
DONE = {"added": "Организация включена в реестр.", "suspend": "Организация приостановлена.",
        "reinstate": "Организация возобновлена.", "withdraw": "Организация исключена из реестра."}


def _typed(form: Any) -> dict[str, Any]:
    """Everything the person typed, to put back in the form on a refusal."""
    one = {k: str(form.get(k) or "")[:500] for k in ("name", "region", "municipality", "coverage", "capacity",
                                                       "effective_on", "reason")}
    return one | {"groups": [str(v) for v in form.getlist("target_group")],
                  "bands": [str(v) for v in form.getlist("age_band")],
                  "forms": [str(v) for v in form.getlist("forms")]}


def router() -> APIRouter:
    r = APIRouter(prefix="/office/register")

    async def listing(request: Request, status: int = 200, typed: dict[str, Any] | None = None,
                      refused: Refusal | None = None) -> Response:
        s = web.person(request, *READERS)
        query = {k: request.query_params.get(k, "").strip()[:60] for k in FILTERS}
        got = await call(request, s, "GET", "certificates",
                         "/v1/providers?" + urlencode({k: v for k, v in query.items() if v}))
        rows = got.data if got.ok and isinstance(got.data, list) else []
        chosen, pager = slice_page(rows, Page.parse(request.query_params.get("page")))
        blank = {"coverage": "named", "groups": [], "bands": [], "forms": []}
        return page(request, "office/register.html", status=status, title="Реестр поставщиков", items=chosen,
                    pager=pager, query=query, refused=refused or got.refused, typed=typed or blank, rf=rf,
                    qs=urlencode({k: v for k, v in query.items() if v}))

    @r.get("")
    async def register(request: Request) -> Response:
        return await listing(request)

    @r.post("")
    async def add(request: Request) -> Response:
        s = web.person(request, KEEPER)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        typed = _typed(form)
        parsed = rf.addition_body(typed, typed["groups"], typed["bands"], typed["forms"])
        if parsed.body is None:
            return await listing(request, 422, typed, parsed.refused)
        got = await call(request, s, "POST", "certificates", "/v1/register/organisations", json=parsed.body)
        if not got.ok:
            return await listing(request, got.status, typed, got.refused)
        return RedirectResponse(f"/office/register/{_id(got.data['organisation_id'])}?done=added", status_code=303)

    async def organisation(request: Request, org: str, status: int = 200, typed: dict[str, str] | None = None,
                           refused: Refusal | None = None, action: str = "") -> Response:
        s = web.person(request, *READERS)
        on = request.query_params.get("on", "").strip()[:10]
        if on:
            try:
                date.fromisoformat(on)
            except ValueError:
                refused, on = Refusal("Поле «на дату»: нужна дата в виде ГГГГ-ММ-ДД.", "on"), ""
        got = await call(request, s, "GET", "certificates",
                         f"/v1/register/organisations/{org}" + (f"?on={on}" if on else ""))
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Организация недоступна",
                        text=got.refused.message if got.refused else "", back="/office/register")
        return page(request, "office/organisation.html", status=status, title="Организация в реестре", o=got.data,
                    on=on, rf=rf, typed=typed or {}, action=action, refused=refused,
                    done=DONE.get(request.query_params.get("done", "")))

    @r.get("/{org}")
    async def organisation_page(request: Request, org: str) -> Response:
        return await organisation(request, _id(org))

    @r.post("/{org}/{action}")
    async def change(request: Request, org: str, action: str) -> Response:
        s = web.person(request, KEEPER)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        oid = _id(org)
        if action not in rf.ACTIONS:
            return await organisation(request, oid, 404, refused=Refusal("Такого изменения реестра нет."))
        typed = {"effective_on": str(form.get("effective_on") or "")[:10],
                 "reason": str(form.get("reason") or "")[:500]}
        parsed = rf.change_body(typed["effective_on"], typed["reason"])
        if parsed.body is None:
            return await organisation(request, oid, 422, typed, parsed.refused, action)
        got = await call(request, s, "POST", "certificates", f"/v1/register/organisations/{oid}/{action}",
                         json=parsed.body)
        if not got.ok:
            return await organisation(request, oid, got.status, typed, got.refused, action)
        return RedirectResponse(f"/office/register/{oid}?done={action}", status_code=303)

    return r
