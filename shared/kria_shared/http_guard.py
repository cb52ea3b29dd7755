"""Before a route runs: the token is checked, then the body is read under a size cap and, if JSON, parsed strictly.

An unauthenticated request is answered 401 without its body being read (a 200 MB POST without a token grew a
service by 600 MB before it answered, and malformed JSON without a token got 422). A body over the route's cap is
answered 413 as soon as its declared length or its first excess byte shows it. JSON that Python's parser accepts
but JSON does not (``NaN``, ``Infinity``, numbers that overflow to infinity, lone surrogates that no store can
encode) is answered 422 naming the field, in one place for every route.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kria_shared.auth.routes import PUBLIC_PATHS, principal_from, unauthenticated_body
from kria_shared.auth.tokens import TokenError
from kria_shared.strict_json import StrictJsonError, check_strict_json

DEFAULT_BODY_LIMIT = 1024 * 1024  # 1 MiB: every JSON command of the pilot is a few KiB
BODY_LIMIT_KEY = "x-body-limit"
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def body_limit(n_bytes: int) -> dict[str, Any]:
    """``openapi_extra`` of a route whose bodies may exceed the kit's default cap (an MSE export file)."""
    return {BODY_LIMIT_KEY: n_bytes}


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> None:
    raw = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()), *headers]})
    await send({"type": "http.response.body", "body": raw})


def _error(code: str, message: str, **details: Any) -> dict[str, Any]:
    return {"error": code, "message": message, **({"details": details} if details else {})}


@dataclass(frozen=True)
class _Entry:
    regex: re.Pattern[str]
    methods: frozenset[str]
    body_limit: int


class RequestGuard:
    """Plain ASGI (no BaseHTTPMiddleware task per request); ``owner`` is the FastAPI app (routes, auth config)."""

    def __init__(self, app: ASGIApp, owner: FastAPI, default_limit: int = DEFAULT_BODY_LIMIT) -> None:
        self.app = app
        self.owner = owner
        self.default_limit = default_limit
        self._table: list[_Entry] | None = None

    def _entries(self) -> list[_Entry]:
        """The app's API routes, flattened once (routes are all included before the first request)."""
        if self._table is None:
            self._table = [
                _Entry(route.path_regex, frozenset(route.methods or ()),
                       int((route.openapi_extra or {}).get(BODY_LIMIT_KEY, self.default_limit)))
                for route in iter_route_contexts(self.owner.router.routes)
                if isinstance(route.original_route, APIRoute)
            ]
        return self._table

    def _route(self, scope: Scope) -> _Entry | None:
        for entry in self._entries():
            if scope["method"] in entry.methods and entry.regex.match(scope["path"]):
                return entry
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        route = self._route(scope)
        if route is None:  # 404/405: the router answers, it never reads the body
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        auth = getattr(self.owner.state, "auth", None)  # None: an app without auth (kit tests); routes decide
        if auth is not None:
            try:
                principal = principal_from(auth.verifier, _text(headers.get(b"authorization")))
            except TokenError as exc:
                await _send_json(send, 401, unauthenticated_body(exc), [(b"www-authenticate", b"Bearer")])
                return
            scope.setdefault("state", {})["principal"] = principal  # request.state.principal for `authenticate`
        bad = _control_character_parameter(scope.get("query_string", b""))
        if bad is not None:
            await _send_json(send, 422, _error("invalid_query", f"параметр {bad}: управляющий символ в значении",
                                               field=f"query.{bad}"), [])
            return
        if scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = route.body_limit
        body = await self._read(headers, receive, limit)
        if body is None:
            await _send_json(send, 413, _error("body_too_large", f"тело запроса больше {limit} байт",
                                               field="body", limit=limit), [(b"connection", b"close")])
            return
        if _is_json(headers) and body:
            try:
                check_strict_json(body)
            except StrictJsonError as exc:
                await _send_json(send, 422, _error("invalid_json", exc.message, field=exc.field), [])
                return
        await self.app(scope, _replay(body, receive), send)

    @staticmethod
    async def _read(headers: dict[bytes, bytes], receive: Receive, limit: int) -> bytes | None:
        """The whole body, or None as soon as it is known to exceed ``limit`` (nothing more is read)."""
        declared = _text(headers.get(b"content-length"))
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _control_character_parameter(query: bytes) -> str | None:
    """The first query parameter with a control character (PostgreSQL refuses a NUL in text: a 500 there), as
    PathId refuses them in path ids; None if there is none."""
    if b"%" not in query and not _CONTROL.search(query.decode("latin-1")):
        return None
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8",
                                 errors="replace"):
        if _CONTROL.search(name) or _CONTROL.search(value):
            return _CONTROL.sub("?", name)[:100]
    return None


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None


def _is_json(headers: dict[bytes, bytes]) -> bool:
    media = (_text(headers.get(b"content-type")) or "").split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return replay
