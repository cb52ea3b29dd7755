"""The four services' APIs called with the signed-in person's own token: every access rule stays in the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from kria_console.domain.refusals import UNAVAILABLE, Refusal, refusal


@dataclass
class Answer:
    status: int
    data: Any = None
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    refused: Refusal | None = None
    body: dict[str, Any] = field(default_factory=dict)  # the error body as the service sent it

    @property
    def ok(self) -> bool:
        return self.refused is None

    @property
    def code(self) -> str | None:
        value = self.body.get("error")
        return value if isinstance(value, str) else None


class Backend:
    def __init__(self, urls: dict[str, str], transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.urls = urls
        self.client = httpx.AsyncClient(timeout=30, transport=transport)

    async def close(self) -> None:
        await self.client.aclose()

    async def call(self, token: str | None, service: str, method: str, path: str, **kwargs: Any) -> Answer:
        headers = {**kwargs.pop("headers", {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            r = await self.client.request(method, self.urls[service] + path, headers=headers, **kwargs)
        except httpx.HTTPError:
            return Answer(503, refused=Refusal(UNAVAILABLE))
        ctype = r.headers.get("content-type", "")
        try:
            data = r.json() if "json" in ctype and r.content else None
        except ValueError:  # a proxy's broken answer: said as an outage, never a 500 of the console
            return Answer(503, refused=Refusal(UNAVAILABLE))
        if r.status_code >= 400:
            body = data if isinstance(data, dict) else {}
            return Answer(r.status_code, refused=refusal(r.status_code, body), body=body,
                          headers=dict(r.headers))
        return Answer(r.status_code, data=data, content=r.content, headers=dict(r.headers))

    async def get(self, token: str | None, service: str, path: str, **kw: Any) -> Answer:
        return await self.call(token, service, "GET", path, **kw)

    async def post(self, token: str | None, service: str, path: str, **kw: Any) -> Answer:
        return await self.call(token, service, "POST", path, **kw)

    async def put(self, token: str | None, service: str, path: str, **kw: Any) -> Answer:
        return await self.call(token, service, "PUT", path, **kw)
