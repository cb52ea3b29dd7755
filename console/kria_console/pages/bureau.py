"""The main MSE bureau: the experts' worklist and reasons, the head's signing, the submissions to the ЕЦП."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain import worklist
from kria_console.domain.paging import Page, Pager, slice_page
from kria_console.domain.refusals import Refusal
from kria_console.pages.common import call, listing, pretty
from kria_console.render import page
from kria_console.sessions import Session

READERS = ("mse_expert", "mse_head", "platform_operator")
DONE = {"reason": "Причина сохранена: заключение готово к подписи.",
        "signed": "Заключение подписано; оно отправляется в ЕЦП.",
        "resubmitted": "Заключение снова поставлено в очередь отправки в ЕЦП."}
SUBMISSION_STATES = ("signed", "submitted", "submission_failed")


def router() -> APIRouter:
    r = APIRouter(prefix="/bureau")

    @r.get("/worklist")
    async def worklist_page(request: Request) -> Response:
        s = web.person(request, *READERS)
        items: list[dict[str, Any]] = []
        refused = None
        for state in worklist.DRAFT_STATES:
            got, failed = await listing(request, s, "signing", f"/v1/conclusions?state={state}")
            items += got
            refused = refused or failed
        filters = worklist.Filters.parse(dict(request.query_params))
        now = request.app.state.clock()
        chosen, pager = slice_page(worklist.select(items, filters, now), Page.parse(request.query_params.get("page")))
        return page(request, "bureau/worklist.html", title="Проекты заключений", items=chosen, pager=pager,
                    filters=filters, refused=refused.refused if refused else None,
                    qs=urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"]))

    @r.get("/conclusions/{conclusion_id}")
    async def conclusion_page(request: Request, conclusion_id: str) -> Response:
        s = web.person(request, *READERS)
        return await _conclusion(request, s, conclusion_id, done=DONE.get(request.query_params.get("done", "")))

    @r.post("/conclusions/{conclusion_id}/reason")
    async def set_reason(request: Request, conclusion_id: str) -> Response:
        s = web.person(request, "mse_expert")
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        typed = {"reason": str(form.get("reason") or ""), "text": str(form.get("text") or "").strip()}
        body: dict[str, Any] = {"reason": typed["reason"]}
        if typed["text"]:
            body["text"] = typed["text"]
        got = await call(request, s, "PUT", "signing", f"/v1/conclusions/{_id(conclusion_id)}/reason", json=body)
        if not got.ok:
            return await _conclusion(request, s, conclusion_id, refused=got.refused, typed=typed, status=got.status)
        return RedirectResponse(f"/bureau/conclusions/{_id(conclusion_id)}?done=reason", status_code=303)

    @r.get("/sign")
    async def sign_list(request: Request) -> Response:
        s = web.person(request, "mse_head")
        p = Page.parse(request.query_params.get("page"))
        got = await call(request, s, "GET", "signing",
                         f"/v1/conclusions?state=ready_to_sign&limit={p.size}&offset={p.offset}")
        items = got.data["items"] if got.ok else []
        return page(request, "bureau/sign_list.html", title="К подписи", items=items,
                    pager=Pager(p, len(items), None), refused=got.refused)

    @r.post("/sign/review")
    async def sign_review(request: Request) -> Response:
        s = web.person(request, "mse_head")
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        ids = [_id(str(v)) for v in form.getlist("conclusion_id")][:100]
        if not ids:
            return page(request, "message.html", status=422, title="Нечего подписывать",
                        text="Поле «заключения»: отметьте хотя бы одно заключение в списке к подписи.",
                        back="/bureau/sign")
        docs = [await _document(request, s, cid) for cid in ids]
        return page(request, "bureau/sign_review.html", title="Что будет подписано", docs=docs)

    @r.post("/sign/batch")
    async def sign_batch(request: Request) -> Response:
        s = web.person(request, "mse_head")
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        results = []
        for cid, seen in zip(form.getlist("conclusion_id"), form.getlist("streebog"), strict=False):
            results.append(await _sign_one(request, s, _id(str(cid)), str(seen)))
        return page(request, "bureau/sign_result.html", title="Результат подписи", results=results)

    @r.post("/conclusions/{conclusion_id}/sign")
    async def sign_single(request: Request, conclusion_id: str) -> Response:
        s = web.person(request, "mse_head")
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        result = await _sign_one(request, s, _id(conclusion_id), str(form.get("streebog") or ""))
        if result["refused"] is None:
            return RedirectResponse(f"/bureau/conclusions/{_id(conclusion_id)}?done=signed", status_code=303)
        return await _conclusion(request, s, conclusion_id, refused=result["refused"], status=409)

    @r.get("/submissions")
    async def submissions(request: Request) -> Response:
        s = web.person(request, *READERS)
        state = request.query_params.get("state", "submission_failed")
        state = state if state in SUBMISSION_STATES else "submission_failed"
        p = Page.parse(request.query_params.get("page"))
        got = await call(request, s, "GET", "signing",
                         f"/v1/conclusions?state={state}&limit={p.size}&offset={p.offset}")
        items = got.data["items"] if got.ok else []
        return page(request, "bureau/submissions.html", title="Отправка в ЕЦП", items=items, state=state,
                    states=SUBMISSION_STATES, pager=Pager(p, len(items), None), refused=got.refused,
                    done=DONE.get(request.query_params.get("done", "")))

    @r.post("/conclusions/{conclusion_id}/resubmit")
    async def resubmit(request: Request, conclusion_id: str) -> Response:
        s = web.person(request, "platform_operator")
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        got = await call(request, s, "POST", "signing", f"/v1/conclusions/{_id(conclusion_id)}/resubmit")
        if not got.ok:
            return await _conclusion(request, s, conclusion_id, refused=got.refused, status=got.status)
        return RedirectResponse(f"/bureau/conclusions/{_id(conclusion_id)}?done=resubmitted", status_code=303)

    return r


def _id(raw: str) -> str:
    """An id goes into a service's path: only the characters ids are made of."""
    return "".join(c for c in raw if c.isalnum() or c in "-_.")[:100] or "-"


async def _document(request: Request, s: Session, cid: str) -> dict[str, Any]:
    got = await call(request, s, "GET", "signing", f"/v1/conclusions/{cid}/document")
    head = await call(request, s, "GET", "signing", f"/v1/conclusions/{cid}")
    return {"conclusion_id": cid, "conclusion": head.data if head.ok else None,
            "text": pretty(got.content) if got.ok else None,
            "streebog": got.headers.get("x-document-streebog256") if got.ok else None, "refused": got.refused}


async def _sign_one(request: Request, s: Session, cid: str, seen: str) -> dict[str, Any]:
    """Sign only the document the head was shown: if its hash moved meanwhile, nothing is signed."""
    now = await call(request, s, "GET", "signing", f"/v1/conclusions/{cid}/document")
    if not now.ok:
        return {"conclusion_id": cid, "refused": now.refused}
    if not seen or now.headers.get("x-document-streebog256") != seen:
        return {"conclusion_id": cid, "refused": Refusal(
            "Документ изменился после того, как вам его показали: откройте заключение снова и проверьте его.")}
    got = await call(request, s, "POST", "signing", f"/v1/conclusions/{cid}/sign")
    return {"conclusion_id": cid, "refused": got.refused, "conclusion": got.data if got.ok else None}


async def _conclusion(request: Request, s: Session, conclusion_id: str, *, refused: Refusal | None = None,
                      typed: dict[str, str] | None = None, status: int = 200, done: str | None = None) -> Response:
    cid = _id(conclusion_id)
    got = await call(request, s, "GET", "signing", f"/v1/conclusions/{cid}")
    if not got.ok:
        return page(request, "message.html", status=got.status, title="Заключение недоступно",
                    text=got.refused.message if got.refused else "")
    c = got.data
    protocol = await call(request, s, "GET", "assessment", f"/v1/courses/{c['certificate_id']}/protocol")
    doc = None
    if "mse_head" in s.roles and c["state"] == "ready_to_sign":
        doc = await _document(request, s, cid)
    current = {"reason": c.get("reason") or "", "text": c.get("reason_text") or ""}
    return page(request, "bureau/conclusion.html", status=status, title="Заключение", c=c,
                protocol=protocol.data if protocol.ok else None, doc=doc, refused=refused, typed=typed or current,
                done=done, can_reason="mse_expert" in s.roles and "set_reason" in c.get("allowed_actions", []),
                can_sign="mse_head" in s.roles and c["state"] == "ready_to_sign",
                can_resubmit="platform_operator" in s.roles and c["state"] == "submission_failed")
