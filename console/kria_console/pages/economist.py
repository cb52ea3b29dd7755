"""The organisation's economist (role provider) and head (provider_head): the cost normalisation as a form with
drafts, the computed price list with the derivation of each figure, its XLSX and PDF, and the head's approval.

The organisation is always the signed-in person's own (never taken from the address), so another organisation's
lists cannot even be asked for; costing enforces the same (403 not_your_organisation).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain import costing_names as names
from kria_console.domain import normalisation_form as nf
from kria_console.domain.price_list_forms import approval_body, price_filter
from kria_console.domain.refusals import Refusal
from kria_console.drafts import DraftStore
from kria_console.pages.common import awaiting_signature, call
from kria_console.render import page
from kria_console.sessions import Session

STAFF = ("provider", "provider_head")
ECONOMIST, HEAD = "provider", "provider_head"
DOCUMENT_TIMEOUT_S = 300  # costing renders a whole price list's PDF on request: a minute on a loaded machine
BLANK_ROWS = 3  # empty rows under each table; saving the draft brings three more
DONE = {"saved": "Черновик сохранён. Его видят только сотрудники вашей организации.",
        "computed": "Прейскурант рассчитан и сохранён как проект. Его утверждает руководитель организации.",
        "approved": "Прейскурант утверждён приказом."}


def drafts(request: Request) -> DraftStore:
    store: DraftStore = request.app.state.drafts
    return store


def organisation(s: Session) -> str:
    org = s.person.get("organisation")
    if not org:
        raise web.NotYourPage()
    return str(org)


def _version(raw: str) -> int:
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 1_000_000 else 0


def router() -> APIRouter:
    r = APIRouter(prefix="/org")

    @r.get("/price-lists")
    async def listing(request: Request) -> Response:
        s = web.person(request, *STAFF)
        org = organisation(s)
        got = await call(request, s, "GET", "costing", f"/v1/organisations/{org}/price-lists")
        data = got.data if got.ok and isinstance(got.data, dict) else {}
        draft = drafts(request).get(org)
        to_sign = None  # the head's start page says how many protocols await the head's signature
        if HEAD in s.roles:
            answer = await awaiting_signature(request, s)
            to_sign = len(answer.data.get("courses", [])) if answer.ok else None
        return page(request, "economist/price_lists.html", title="Прейскуранты организации", names=names,
                    lists=sorted(data.get("price_lists", []), key=lambda p: -int(p["version"])),
                    current=data.get("current_version"), draft=draft, refused=got.refused,
                    economist=ECONOMIST in s.roles, head=HEAD in s.roles, to_sign=to_sign)

    async def form_page(request: Request, s: Session, values: nf.Values, *, status: int = 200,
                        problems: list[nf.Problem] | None = None, source: str = "",
                        done: str | None = None) -> Response:
        standards = await call(request, s, "GET", "costing", "/v1/standards")
        data = standards.data if standards.ok and isinstance(standards.data, dict) else {}
        groups = [g.strip() for g in nf.one(values, "target_groups").split(",") if g.strip()]
        needs = nf.needs(data, groups or None)
        values = nf.with_needed_specialists(values, needs.specialists)
        counts = {p: nf.row_count(values, p) + BLANK_ROWS for p in nf.TABLES}
        bad = {p.field: p for p in problems or []}
        return page(request, "economist/normalisation.html", status=status, title="Нормализация затрат",
                    v=values, counts=counts, tables=nf.TABLES, needs=needs, bad=bad, problems=problems or [],
                    names=names, directions=nf.DIRECTION_CODES, standards_version=data.get("version"),
                    refused=standards.refused, source=source, done=done, label=nf.label)

    @r.get("/normalisation")
    async def normalisation(request: Request) -> Response:
        s = web.person(request, ECONOMIST)
        org = organisation(s)
        wanted = request.query_params.get("from", "")
        draft = drafts(request).get(org)
        if draft is not None and wanted in ("", "draft"):
            return await form_page(request, s, draft["values"], source=f"черновик от {draft['saved_at']}",
                                   done=DONE.get(request.query_params.get("done", "")))
        version = _version(wanted)
        if version:
            got = await call(request, s, "GET", "costing", f"/v1/organisations/{org}/price-lists/{version}?group=-")
            if got.ok:
                return await form_page(request, s, nf.values_of(got.data.get("inputs") or {}),
                                       source=f"исходные данные прейскуранта версии {version}")
        return await form_page(request, s, {}, source="пустая форма")

    @r.post("/normalisation")
    async def save_or_compute(request: Request) -> Response:
        s = web.person(request, ECONOMIST)
        org = organisation(s)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        values: nf.Values = {}
        for key, value in form.multi_items():
            if key not in ("csrf", "action") and isinstance(value, str):
                values.setdefault(key[:60], []).append(value[:1000])
        saved_at = datetime.now(UTC).strftime("%d.%m.%Y %H:%M UTC")
        if form.get("action") != "compute":
            drafts(request).put(org, values, str(s.person.get("name", "")), saved_at)
            return RedirectResponse("/org/normalisation?done=saved", status_code=303)
        standards = await call(request, s, "GET", "costing", "/v1/standards")
        groups = [g.strip() for g in nf.one(values, "target_groups").split(",") if g.strip()]
        parsed = nf.body_of(values, nf.needs(standards.data if standards.ok else {}, groups or None))
        # What was typed is kept whatever happens next: a refusal never loses the economist's work.
        drafts(request).put(org, values, str(s.person.get("name", "")), saved_at)
        if parsed.body is None:
            return await form_page(request, s, values, status=422, problems=parsed.problems,
                                   source="введённые данные (сохранены как черновик)")
        got = await call(request, s, "POST", "costing", f"/v1/organisations/{org}/price-lists", json=parsed.body)
        if got.status == 422:
            return await form_page(request, s, values, status=422,
                                   problems=nf.service_problems(got.body, parsed.where),
                                   source="введённые данные (сохранены как черновик)")
        if not got.ok:
            message = got.refused.message if got.refused else ""
            return await form_page(request, s, values, status=got.status, problems=[nf.Problem("", "нормализация",
                                   message.rstrip(".").lower() or "расчёт не выполнен")],
                                   source="введённые данные (сохранены как черновик)")
        drafts(request).drop(org)
        return RedirectResponse(f"/org/price-lists/{got.data['version']}?done=computed", status_code=303)

    async def price_list(request: Request, version: str, *, status: int = 200, refused: Refusal | None = None,
                         typed: dict[str, str] | None = None) -> Response:
        s = web.person(request, *STAFF)
        org, v = organisation(s), _version(version)
        head = await call(request, s, "GET", "costing", f"/v1/organisations/{org}/price-lists/{v}?group=-")
        if not head.ok:
            return page(request, "message.html", status=head.status, title="Прейскурант недоступен",
                        text=head.refused.message if head.refused else "", back="/org/price-lists")
        groups = sorted({str(t["group"]) for t in head.data["derivation"].get("standards", [])},
                        key=lambda g: (len(g), g))
        group, form = price_filter(request.query_params.get("group", ""), request.query_params.get("form", ""),
                                   groups)
        got = await call(request, s, "GET", "costing",
                         f"/v1/organisations/{org}/price-lists/{v}?" + urlencode({"group": group, "form": form}))
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Прейскурант недоступен",
                        text=got.refused.message if got.refused else "", back="/org/price-lists")
        pl: dict[str, Any] = got.data
        return page(request, "economist/price_list.html", status=status, title=f"Прейскурант, версия {v}", pl=pl,
                    d=pl["derivation"], groups=groups, group=group, form=form, names=names, refused=refused,
                    typed=typed or {}, done=DONE.get(request.query_params.get("done", "")),
                    can_approve=HEAD in s.roles and pl["status"] == "draft")

    @r.get("/price-lists/{version}")
    async def price_list_page(request: Request, version: str) -> Response:
        return await price_list(request, version)

    @r.get("/price-lists/{version}/document.{fmt}")
    async def document(request: Request, version: str, fmt: str) -> Response:
        s = web.person(request, *STAFF)
        if fmt not in ("xlsx", "pdf"):
            return page(request, "message.html", status=404, title="Не найдено", text="Такого документа нет.")
        got = await call(request, s, "GET", "costing",
                         f"/v1/organisations/{organisation(s)}/price-lists/{_version(version)}/document.{fmt}",
                         timeout=DOCUMENT_TIMEOUT_S)
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Документ недоступен",
                        text=got.refused.message if got.refused else "", back="/org/price-lists")
        headers = {"Content-Disposition": got.headers.get("content-disposition",
                                                          f'attachment; filename="preyskurant.{fmt}"')}
        return Response(got.content, media_type=got.headers.get("content-type"), headers=headers)

    @r.post("/price-lists/{version}/approve")
    async def approve(request: Request, version: str) -> Response:
        s = web.person(request, HEAD)  # four eyes: the economist has no such action, and costing refuses it too
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        typed = {k: str(form.get(k) or "")[:60] for k in ("order_number", "order_date", "effective_from")}
        parsed = approval_body(typed["order_number"], typed["order_date"], typed["effective_from"])
        if parsed.body is None:
            return await price_list(request, version, status=422, refused=parsed.refused, typed=typed)
        v = _version(version)
        got = await call(request, s, "POST", "costing", f"/v1/organisations/{organisation(s)}/price-lists/{v}/approve",
                         json=parsed.body)
        if not got.ok:
            refused = got.refused
            if got.code == "drafter_cannot_approve":
                refused = Refusal("Прейскурант рассчитан вами: утверждает другой сотрудник — руководитель "
                                  "организации (принцип четырёх глаз).")
            elif got.code in ("standards_changed", "superseded", "already_approved"):
                refused = Refusal(APPROVAL_CODES[got.code])
            return await price_list(request, version, status=got.status, refused=refused, typed=typed)
        return RedirectResponse(f"/org/price-lists/{v}?done=approved", status_code=303)

    return r


APPROVAL_CODES = {
    "standards_changed": "Стандарты курса изменились после расчёта: экономист рассчитывает прейскурант заново.",
    "superseded": "Уже утверждена более новая версия прейскуранта: эта не вступила бы в силу.",
    "already_approved": "Прейскурант уже утверждён; утверждённый прейскурант не меняется.",
}
