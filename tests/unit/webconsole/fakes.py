"""The services as the console sees them over HTTP, answering from a dict (the browser tests use the real ones)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from kria_console.app import create_app
from kria_console.settings import ConsoleSettings

SIGNERS = {"register_version": "t", "bureau_ogrn": "1027700000008",
           "signers": [{"name": "Глава Бюро", "snils": "112-233-445 95", "role": "head", "signing_key_here": True}]}
Handler = Callable[[httpx.Request], httpx.Response | None]


class Services:
    """Routes by ``(method, path regex)``; every call is recorded with the token it carried."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None, bytes]] = []
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.on("GET", r"/v1/signers", lambda r: httpx.Response(200, json=SIGNERS))

    def on(self, method: str, path: str, handler: Handler) -> None:
        self.routes.insert(0, (method, re.compile(path + "$"), handler))

    def json(self, method: str, path: str, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.on(method, path, lambda r: httpx.Response(status, json=body, headers=headers))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append((request.method, request.url.path, request.headers.get("authorization"), request.content))
        for method, pattern, handler in self.routes:
            if method == request.method and pattern.match(request.url.path):
                got = handler(request)
                if got is not None:
                    return got
        return httpx.Response(404, json={"error": "not_found", "message": "no route", "details": {}})

    def made(self, method: str, path: str) -> list[tuple[str, str, str | None, bytes]]:
        return [c for c in self.calls if c[0] == method and c[1] == path]


def client(services: Services, **settings: Any) -> TestClient:
    base = {"cookie_secure": True, "public_url": "https://testserver"} | settings
    app = create_app(ConsoleSettings(**base), transport=httpx.MockTransport(services))
    return TestClient(app, base_url="https://testserver")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(c: TestClient, person: str = "mse-expert-1") -> None:
    page = c.get("/signin")
    r = c.post("/signin/dev", data={"csrf": csrf_of(page.text), "person": person, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def body_of(call: tuple[str, str, str | None, bytes]) -> Any:
    return json.loads(call[3]) if call[3] else None
