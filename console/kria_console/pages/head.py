"""The organisation's head (role provider_head): signs the control-assessment protocol after reading it.

What is signed is shown first: the protocol laid out, and the exact bytes assessment hashed with their SHA-256 and
Streebog-256. The signature is a detached GOST CAdES over those bytes. In development the console makes it with a
key the dev PKI issues for the head's organisation (kria_gost, as the demo's heads sign); a real deployment signs
on the head's workstation with their token device and the head uploads the signature file here. The console signs
only if the protocol's hash is still the one the head was shown.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain.price_list_forms import uploaded_signature
from kria_console.domain.refusals import Refusal
from kria_console.pages.bureau import _id
from kria_console.pages.common import awaiting_signature, call, pretty
from kria_console.pages.economist import organisation
from kria_console.render import page
from kria_console.sessions import Session
from kria_gost import load_dev_pki, organisation_backend
from kria_gost.dev_pki import issue_organisation_signer
from kria_gost.gost import streebog

HEAD = "provider_head"
DONE = {"signed": "Протокол подписан и передан в главное бюро МСЭ.",
        "duplicate": "Этот протокол уже был подписан этой подписью; повторно он не отправлялся."}
CHANGED = Refusal("Протокол изменился после того, как вам его показали: прочитайте его снова перед подписью.")


def dev_signature(pki_dir: Any, organisation_id: str, content: bytes) -> tuple[bytes, str]:
    """A detached CAdES by the head's development certificate (issued on first use by the dev PKI's CA)."""
    now = datetime.now(UTC).replace(microsecond=0)
    signer = issue_organisation_signer(pki_dir, organisation_id, now=now)
    backend = organisation_backend(load_dev_pki(pki_dir), organisation_id, now=now)
    return backend.sign_detached_sync(content, signing_time=now), signer.name


def streebog256(content: bytes) -> str:
    return streebog(content).hex()


def router() -> APIRouter:
    r = APIRouter(prefix="/head")

    @r.get("/protocols")
    async def find(request: Request) -> Response:
        s = web.person(request, HEAD)
        organisation(s)
        course = _id(request.query_params.get("course", "").strip()) if request.query_params.get("course") else ""
        if course:
            return RedirectResponse(f"/head/protocols/{course}", status_code=303)
        got = await awaiting_signature(request, s)
        return page(request, "head/find.html", title="Подпись протоколов контрольной оценки",
                    courses=got.data.get("courses", []) if got.ok else [], unavailable=got.refused)

    async def review(request: Request, s: Session, cid: str, *, status: int = 200, refused: Refusal | None = None,
                     done: str | None = None) -> Response:
        got = await call(request, s, "GET", "assessment", f"/v1/courses/{cid}/protocol")
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Протокол недоступен",
                        text=(got.refused.message if got.refused else "") + " Проверьте номер курса (сертификата).",
                        back="/head/protocols")
        try:
            protocol = json.loads(got.content)
        except ValueError:
            protocol = {}
        settings = request.app.state.settings
        return page(request, "head/protocol.html", status=status, title="Протокол контрольной оценки", cid=cid,
                    protocol=protocol, text=pretty(got.content), sha256=hashlib.sha256(got.content).hexdigest(),
                    streebog=await asyncio.to_thread(streebog256, got.content), refused=refused, done=done,
                    dev=settings.dev_sign_in)

    @r.get("/protocols/{course}")
    async def protocol_page(request: Request, course: str) -> Response:
        s = web.person(request, HEAD)
        organisation(s)
        return await review(request, s, _id(course), done=DONE.get(request.query_params.get("done", "")))

    @r.get("/protocols/{course}/document.json")
    async def exact_bytes(request: Request, course: str) -> Response:
        """The bytes to sign on the head's workstation, exactly as assessment hashed them."""
        s = web.person(request, HEAD)
        cid = _id(course)
        got = await call(request, s, "GET", "assessment", f"/v1/courses/{cid}/protocol")
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Протокол недоступен",
                        text=got.refused.message if got.refused else "", back="/head/protocols")
        return Response(got.content, media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="protocol-{cid}.json"'})

    async def post_signature(request: Request, s: Session, cid: str, signature: str) -> Response:
        got = await call(request, s, "POST", "assessment", f"/v1/courses/{cid}/protocol/signature",
                         json={"signature": signature})
        if not got.ok:
            return await review(request, s, cid, status=got.status, refused=got.refused)
        outcome = "duplicate" if got.status == 200 and got.data.get("duplicate") else "signed"
        return RedirectResponse(f"/head/protocols/{cid}?done={outcome}", status_code=303)

    @r.post("/protocols/{course}/sign")
    async def sign(request: Request, course: str) -> Response:
        s = web.person(request, HEAD)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        cid, org = _id(course), organisation(s)
        settings = request.app.state.settings
        if not settings.dev_sign_in:  # production: the key is on the head's token device, never on this server
            return await review(request, s, cid, status=403, refused=Refusal(
                "Подпись ключом разработки отключена в промышленной эксплуатации: подпишите протокол средством "
                "электронной подписи на своём рабочем месте и загрузите файл подписи."))
        now = await call(request, s, "GET", "assessment", f"/v1/courses/{cid}/protocol")
        if not now.ok:
            return await review(request, s, cid, status=now.status, refused=now.refused)
        if hashlib.sha256(now.content).hexdigest() != str(form.get("sha256") or ""):
            return await review(request, s, cid, status=409, refused=CHANGED)
        cms, _ = await asyncio.to_thread(dev_signature, settings.pki_dir, org, now.content)
        return await post_signature(request, s, cid, base64.b64encode(cms).decode())

    @r.post("/protocols/{course}/signature")
    async def upload(request: Request, course: str) -> Response:
        s = web.person(request, HEAD)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        cid = _id(course)
        file = form.get("file")
        content = await file.read(600_000) if file is not None and hasattr(file, "read") else b""
        parsed = uploaded_signature(content)
        if parsed.body is None:
            return await review(request, s, cid, status=422, refused=parsed.refused)
        return await post_signature(request, s, cid, parsed.body["signature"])

    return r
