"""Composition root of the console: sessions, sign-in, the pages of each role, static files (wiring only)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import httpx
from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kria_console import auth_dev, auth_oidc, web
from kria_console.backend import Backend
from kria_console.drafts import DraftStore
from kria_console.pages import (
    bureau,
    economist,
    family,
    federal,
    head,
    office,
    register,
    reports,
    specialist,
    specialist_journal,
)
from kria_console.render import page
from kria_console.sessions import COOKIE, SessionStore
from kria_console.settings import ConsoleSettings

STATIC = Path(__file__).parent / "static"
HOME_BY_ROLE = (("mse_expert", "/bureau/worklist"), ("mse_head", "/bureau/sign"), ("federal_mse", "/federal"),
                ("sfr_operator", "/office/import"), ("platform_operator", "/bureau/submissions"),
                ("provider_head", "/org/price-lists"), ("provider", "/specialist"), ("legal_representative", "/family"))
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def create_app(settings: ConsoleSettings | None = None, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    settings = settings or ConsoleSettings()
    backend = Backend(settings.service_urls(), transport=transport)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await backend.close()

    app = FastAPI(title="KRiA console", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings, app.state.backend = settings, backend
    app.state.sessions = SessionStore(settings.session_ttl_s)
    app.state.drafts = DraftStore(settings.drafts_dir)  # the economists' unfinished normalisations
    app.state.clock = lambda: datetime.now(UTC)  # only for how long a draft waited; the services keep their own
    # __Host- prefix: the browser keeps it only from this host over HTTPS with path / (not in dev over http).
    app.state.cookie_name = f"__Host-{COOKIE}" if settings.cookie_secure else COOKIE

    @app.middleware("http")
    async def cookie_and_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if getattr(request.state, "new_cookie", False) and getattr(request.state, "session", None):
            response.set_cookie(app.state.cookie_name, request.state.session.sid, max_age=settings.session_ttl_s,
                                httponly=True, secure=settings.cookie_secure, samesite="lax", path="/")
        if getattr(request.state, "drop_cookie", False):
            response.delete_cookie(app.state.cookie_name, path="/", secure=settings.cookie_secure, httponly=True)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(web.SignInRequired)
    async def _sign_in(request: Request, exc: web.SignInRequired) -> Response:
        return RedirectResponse(web.sign_in_url(exc.next_path), status_code=303)

    @app.exception_handler(web.NotYourPage)
    async def _not_yours(request: Request, exc: web.NotYourPage) -> Response:
        return page(request, "message.html", status=403, title="Страница не для вашей роли",
                    text="Эта страница предназначена для другой роли. Вернитесь на главную страницу.")

    @app.exception_handler(web.BadForm)
    async def _bad_form(request: Request, exc: web.BadForm) -> Response:
        return page(request, "message.html", status=403, title="Форма устарела",
                    text="Поле «токен формы» не совпадает с вашей сессией: обновите страницу и отправьте форму снова.")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(str(e["loc"][-1]) for e in exc.errors())
        return page(request, "message.html", status=422, title="Данные не приняты",
                    text=f"Поле «{fields}»: значение не заполнено или неверного вида.")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        text = "Такой страницы нет." if exc.status_code == 404 else "Запрос не выполнен."
        return page(request, "message.html", status=exc.status_code, title="Не найдено" if exc.status_code == 404
                    else "Ошибка", text=text)

    @app.get("/")
    async def home(request: Request) -> Response:
        s = web.person(request)
        if s.person.get("home"):  # the dev sign-in's economist: the price lists, not the specialists' children
            return RedirectResponse(web.safe_next(str(s.person["home"])), status_code=303)
        for role, path in HOME_BY_ROLE:
            if role in s.roles:
                return RedirectResponse(path, status_code=303)
        return page(request, "message.html", title="Нет доступных разделов",
                    text="Для вашей роли в этой части консоли разделов нет.")

    @app.get("/signin")
    async def sign_in(request: Request, next: str = "/") -> Response:
        web.session(request)
        people = await auth_dev.people_for_page(request) if settings.dev_sign_in else []
        return page(request, "signin.html", title="Вход", people=people, next=web.safe_next(next),
                    dev=settings.dev_sign_in, oidc=bool(settings.oidc_issuer))

    @app.post("/signout")
    async def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        s = web.session(request)
        web.check_csrf(s, csrf)
        web.store(request).drop(s.sid)
        request.state.session, request.state.drop_cookie = None, True
        return RedirectResponse("/signin", status_code=303)

    @app.get("/health/live", status_code=204)
    async def live() -> Response:
        return Response(status_code=204)

    app.include_router(auth_dev.router())
    if settings.oidc_issuer:
        app.include_router(auth_oidc.router(auth_oidc.Oidc(settings, transport=transport)))
    app.include_router(bureau.router())
    app.include_router(federal.router())
    app.include_router(office.router())
    app.include_router(register.router())
    app.include_router(reports.router())
    app.include_router(specialist_journal.router())
    app.include_router(specialist.router())
    app.include_router(family.router())
    app.include_router(economist.router())
    app.include_router(head.router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
