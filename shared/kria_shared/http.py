"""The HTTP side of a service: health, metrics, error mapping, correlation ids, dev clock."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kria_shared.auth import Role, require
from kria_shared.clock import AdjustableClock, Clock
from kria_shared.errors import Conflict, DomainError, Unavailable, is_invalid_data, is_transient, sqlstate
from kria_shared.http_guard import RequestGuard
from kria_shared.logging import correlation_id
from kria_shared.metrics import HTTP_REQUESTS, HTTP_SECONDS, registry
from kria_shared.openapi_doc import install_openapi
from kria_shared.security_headers import SecurityHeaders

log = logging.getLogger("kria.http")
_HTTP_CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
ReadyCheck = Callable[[], Awaitable[dict[str, bool]]]


def error_body(code: str, message: str, **details: Any) -> dict[str, Any]:
    return {"error": code, "message": message, **({"details": details} if details else {})}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, **exc.details), status_code=exc.http_status)

    @app.exception_handler(Unavailable)
    async def _unavailable(_: Request, exc: Unavailable) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, **exc.details), status_code=exc.http_status)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, dict) else error_body(_HTTP_CODES.get(exc.status_code, "error"),
                                                                            str(exc.detail))
        return JSONResponse(detail, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(IntegrityError)
    async def _clash(_: Request, exc: IntegrityError) -> JSONResponse:
        # Two requests raced to create the same thing: the loser is told, it is not a server fault.
        log.info("integrity conflict answered 409", extra={"constraint": type(exc.orig).__name__})
        return JSONResponse(error_body("conflict", "the record was changed or created concurrently; retry"), 409)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        if is_invalid_data(exc):
            # e.g. a NUL byte in a text field: the request's data, answered 422 (the error text may quote it).
            log.info("value refused by the database", extra={"sqlstate": sqlstate(exc)})
            return JSONResponse(error_body("invalid_data", "a value cannot be stored (e.g. a NUL or an invalid "
                                                           "character in a text field)"), 422)
        if is_transient(exc):
            log.warning("dependency unavailable", exc_info=exc)
            return JSONResponse(error_body("unavailable", "a dependency is unavailable, retry later"), 503)
        log.error("unhandled error", exc_info=exc)
        return JSONResponse(error_body("internal_error", "unexpected error; it was logged"), 500)


def health_router(ready: ReadyCheck, *, metrics: bool = True) -> APIRouter:
    """``metrics=False``: /metrics is served on its own port (KRIA_METRICS_PORT), not beside the API."""
    router = APIRouter(tags=["operations"])

    @router.get("/health/live", status_code=204)
    async def live() -> Response:
        return Response(status_code=204)  # the process answers; never pings Kafka

    @router.get("/health/ready")
    async def is_ready() -> JSONResponse:
        checks = await ready()
        return JSONResponse(checks, status_code=200 if all(checks.values()) else 503)

    if metrics:
        @router.get("/metrics", include_in_schema=False)
        async def scrape() -> Response:
            return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router


# The development clock stays within these years: beyond them dates overflow (year 10000) or mean nothing.
CLOCK_YEARS = (2000, 2100)
_CENTURY_DAYS = 36_600


class ClockChange(BaseModel):
    advance_days: int | None = Field(None, ge=-_CENTURY_DAYS, le=_CENTURY_DAYS, strict=True)
    advance_seconds: int | None = Field(None, ge=-_CENTURY_DAYS * 86_400, le=_CENTURY_DAYS * 86_400, strict=True)
    set_to: datetime | None = Field(None, description=f"within the years {CLOCK_YEARS[0]}..{CLOCK_YEARS[1]}")

    @field_validator("set_to")
    @classmethod
    def _sane_year(cls, value: datetime | None) -> datetime | None:
        if value is not None and not CLOCK_YEARS[0] <= value.year <= CLOCK_YEARS[1]:
            raise ValueError(f"the year must be within {CLOCK_YEARS[0]}..{CLOCK_YEARS[1]}")
        return value


def dev_clock_router(clock: Clock) -> APIRouter:
    """Moves an AdjustableClock; mounted only outside production when KRIA_DEV_CLOCK is on."""
    router = APIRouter(prefix="/v1/dev", tags=["development"])

    @router.post("/clock")
    async def move_clock(change: ClockChange, _: Any = require(Role.PLATFORM_OPERATOR)) -> dict[str, str]:
        if not isinstance(clock, AdjustableClock):
            raise Conflict("clock_not_adjustable", "this service runs on the system clock")
        delta = timedelta(days=change.advance_days or 0, seconds=change.advance_seconds or 0)
        then = (change.set_to or clock.now()) + delta
        if not CLOCK_YEARS[0] <= then.year <= CLOCK_YEARS[1]:  # checked before the clock moves at all
            raise DomainError("clock_out_of_range", f"the clock would read {then.isoformat()}, outside the years "
                              f"{CLOCK_YEARS[0]}..{CLOCK_YEARS[1]}",
                              field="advance_days" if change.advance_days else "advance_seconds")
        if change.set_to is not None:
            clock.set(change.set_to)
        clock.advance(delta)
        return {"now": clock.now().isoformat()}

    @router.get("/clock")
    async def read_clock(_: Any = require(Role.PLATFORM_OPERATOR)) -> dict[str, str]:
        return {"now": clock.now().isoformat()}

    return router


def create_http_app(
    *, service: str, title: str, routers: Sequence[APIRouter], ready: ReadyCheck, lifespan: Any, description: str = "",
    production: bool = False, metrics_on_api: bool = True,
) -> FastAPI:
    # Production serves no Swagger UI / ReDoc: FastAPI's pages load their scripts from a CDN without integrity
    # checks (issue 20). The OpenAPI document stays; the committed copies are in docs/openapi/.
    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan,
                  docs_url=None if production else "/docs", redoc_url=None if production else "/redoc")
    install_error_handlers(app)
    app.include_router(health_router(ready, metrics=metrics_on_api))
    for r in routers:
        app.include_router(r)
    install_openapi(app)
    # Outermost last: headers and correlation id on every answer, the guard's 401/413/422 included.
    app.add_middleware(RequestGuard, owner=app)
    app.add_middleware(CorrelationMiddleware, service=service)
    app.add_middleware(SecurityHeaders)
    return app


# A client's correlation id travels into every event of the request: bounded and plain, or replaced.
_CORRELATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def accepted_correlation_id(incoming: bytes | None) -> str:
    """The client's ``X-Correlation-ID`` if it is 1–64 of ``A-Z a-z 0-9 . _ : -``; a new UUID otherwise."""
    if incoming:
        text = incoming.decode("latin-1")
        if _CORRELATION_ID.fullmatch(text):
            return text
    return str(uuid.uuid4())


class CorrelationMiddleware:
    """Correlation id in and out, request counts and latency by route template.

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware costs a task and
    a memory stream per request, which showed up in the profile of the journal endpoint.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cid = accepted_correlation_id(dict(scope.get("headers") or ()).get(b"x-correlation-id"))
        token = correlation_id.set(cid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-correlation-id", cid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            correlation_id.reset(token)
            route = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(self.service, route, str(status)).inc()
            HTTP_SECONDS.labels(self.service, route).observe(time.perf_counter() - started)

