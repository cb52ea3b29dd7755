"""A small app built by the kit's ``create_http_app`` (no store, no broker) for the HTTP hardening tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel

from kria_shared.auth import Role, require, set_auth
from kria_shared.auth.keys import DEV_KID, dev_public_key
from kria_shared.auth.tokens import TokenVerifier
from kria_shared.http import create_http_app
from kria_shared.http_guard import body_limit
from kria_shared.paging import Limit, Offset

AUDIENCE = "kria-costing"


class Note(BaseModel):
    text: str
    amount: float = 0
    tags: list[str] = []


def build(*, production: bool = False, metrics_on_api: bool = True) -> FastAPI:
    router = APIRouter()

    @router.post("/v1/notes")
    async def post_note(note: Note, _: Any = require(Role.SFR_OPERATOR)) -> dict[str, Any]:
        return note.model_dump()

    @router.post("/v1/files", openapi_extra=body_limit(4 * 1024 * 1024))
    async def post_file(request: Request, _: Any = require(Role.SFR_OPERATOR)) -> dict[str, int]:
        return {"size": len(await request.body())}

    @router.get("/v1/notes")
    async def list_notes(limit: Limit = 100, offset: Offset = 0,
                         _: Any = require(Role.SFR_OPERATOR)) -> dict[str, int]:
        return {"limit": limit, "offset": offset}

    async def ready() -> dict[str, bool]:
        return {"database": True}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield

    app = create_http_app(service="costing", title="guarded", routers=[router], ready=ready, lifespan=lifespan,
                          production=production, metrics_on_api=metrics_on_api)
    set_auth(app, TokenVerifier(audience=AUDIENCE, issuer="kria-dev-idp", keys={DEV_KID: dev_public_key()}))
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[int]:
    """The app behind a real uvicorn on a free loopback port (what a client's socket meets)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # uvicorn sets `started` once it listens; no event to wait on
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        await task
