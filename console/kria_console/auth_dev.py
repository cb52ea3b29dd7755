"""Development sign-in: pick one of the demo's people; the console mints their development token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.people import demo_people, dev_token
from kria_console.render import page


def router() -> APIRouter:
    r = APIRouter()

    @r.post("/signin/dev")
    async def sign_in_dev(request: Request, person: Annotated[str, Form()], csrf: Annotated[str, Form()] = "",
                          next_path: Annotated[str, Form(alias="next")] = "/") -> Response:
        settings = request.app.state.settings
        if not settings.dev_sign_in:
            return page(request, "message.html", status=403, title="Вход недоступен",
                        text="Вход без поставщика удостоверений отключён в промышленной эксплуатации.")
        s = web.session(request)
        web.check_csrf(s, csrf)
        chosen = next((p for p in await demo_people(request.app.state.backend) if p.key == person), None)
        if chosen is None:
            return page(request, "message.html", status=422, title="Вход не выполнен",
                        text="Поле «пользователь»: такого пользователя в демонстрации нет.")
        fresh = web.store(request).renew(s)
        fresh.token = dev_token(chosen, settings.session_ttl_s)
        fresh.person = chosen.as_session()
        request.state.session, request.state.new_cookie = fresh, True
        return RedirectResponse(web.safe_next(next_path), status_code=303)

    return r


async def people_for_page(request: Request) -> list[dict[str, object]]:
    return [{"key": p.key, "name": p.name, "roles": p.roles, "place": p.place, "snils": p.snils}
            for p in await demo_people(request.app.state.backend)]
