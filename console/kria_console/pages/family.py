"""The family (role legal_representative): the certificate, its value and validity, the organisations that fit
the child to choose from with consent to the course, the course's progress and the signed conclusion."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain.care_labels import FAMILY_STATES, FORMS
from kria_console.domain.labels import REASON_NAMES
from kria_console.domain.refusals import Refusal
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.render import page
from kria_console.sessions import Session

FAMILY = "legal_representative"
PLAIN = {"FAMILY_STATES": FAMILY_STATES, "FORMS": FORMS, "REASON_NAMES": REASON_NAMES}


def router() -> APIRouter:
    r = APIRouter(prefix="/family")

    @r.get("")
    async def children(request: Request) -> Response:
        s = web.person(request, FAMILY)
        got = await call(request, s, "GET", "certificates", "/v1/family/children")
        return page(request, "family/children.html", title="Мои дети и сертификаты",
                    items=got.data.get("items", []) if got.ok else [], refused=got.refused, **PLAIN)

    async def child_page(request: Request, s: Session, cid: str, status: int = 200,
                         refused: Refusal | None = None) -> Response:
        got = await call(request, s, "GET", "certificates", f"/v1/family/children/{cid}")
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Сертификат не найден",
                        text="Такого сертификата среди ваших нет.", back="/family")
        done = "Выбор сохранён. Организация свяжется с вами." if request.query_params.get("done") else None
        return page(request, "family/child.html", status=status, title="Сертификат ребёнка", c=got.data,
                    refused=refused, done=done, **PLAIN)

    @r.get("/children/{cid}")
    async def child(request: Request, cid: str) -> Response:
        s = web.person(request, FAMILY)
        return await child_page(request, s, _id(cid))

    @r.post("/children/{cid}/choice")
    async def choose(request: Request, cid: str) -> Response:
        s = web.person(request, FAMILY)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        cid = _id(cid)
        org, chosen_form = str(form.get("organisation_id") or ""), str(form.get("form") or "")
        if not org:
            return await child_page(request, s, cid, 422, Refusal("Поле «организация»: выберите организацию.",
                                                                  "organisation_id"))
        if chosen_form not in FORMS:
            return await child_page(request, s, cid, 422, Refusal("Поле «форма»: выберите, днём или с проживанием.",
                                                                  "form"))
        if form.get("consent") != "yes":
            return await child_page(request, s, cid, 422, Refusal(
                "Поле «согласие»: отметьте согласие на курс реабилитации.", "consent"))
        got = await call(request, s, "PUT", "certificates", f"/v1/family/children/{cid}/choice",
                         json={"organisation_id": _id(org), "form": chosen_form, "consent": True})
        if not got.ok:
            return await child_page(request, s, cid, got.status, got.refused)
        return RedirectResponse(f"/family/children/{cid}?done=1", status_code=303)

    return r
