"""The people and systems of a pilot region, each with its own token, talking HTTP to the services."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from typing import Any

import httpx

from kria_shared.auth.tokens import mint_dev_token

SERVICES = ("certificates", "costing", "assessment", "signing")
# Beyond its attempts, a call keeps retrying an unreachable or unavailable service this long (the chaos load
# raises it: a SIGKILLed service is back in a minute or two).
RETRY_FOR_S = 0.0


class ApiError(RuntimeError):
    def __init__(self, method: str, url: str, status: int, body: str) -> None:
        super().__init__(f"{method} {url} -> {status}: {body[:500]}")
        self.status = status
        self.body = body


class Actor:
    """One role (and organisation or signer identity) holding a token valid for every service."""

    def __init__(self, urls: dict[str, str], client: httpx.AsyncClient, subject: str, *roles: str,
                 org: str | None = None, snils: str | None = None) -> None:
        self.urls = urls
        self.client = client
        token = mint_dev_token(subject=subject, roles=roles, audience=[f"kria-{s}" for s in SERVICES],
                               organisation_id=org, signer_snils=snils, ttl_s=6 * 3600)
        self.headers = {"Authorization": f"Bearer {token}"}

    async def call(self, service: str, method: str, path: str, *, ok: tuple[int, ...] = (200, 201, 202),
                   attempts: int = 9, **kwargs: Any) -> Any:
        url = self.urls[service] + path
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if method in ("POST", "PUT"):
            # One key for every attempt of this call: a retry after a lost response is applied once.
            headers.setdefault("Idempotency-Key", uuid.uuid4().hex)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RETRY_FOR_S
        delay = 0.2
        for attempt in itertools.count():
            last = attempt >= attempts - 1 and loop.time() > deadline
            try:
                r = await self.client.request(method, url, headers=headers, **kwargs)
            except httpx.TransportError:
                if last:
                    raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if r.status_code == 503 and not last:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if r.status_code not in ok:
                raise ApiError(method, url, r.status_code, r.text)
            ctype = r.headers.get("content-type", "")
            return r.json() if "json" in ctype else r.content
        raise AssertionError("unreachable")

    async def get(self, service: str, path: str, **kw: Any) -> Any:
        return await self.call(service, "GET", path, **kw)

    async def post(self, service: str, path: str, body: Any = None, **kw: Any) -> Any:
        return await self.call(service, "POST", path, json=body, **kw)

    async def put(self, service: str, path: str, body: Any = None, **kw: Any) -> Any:
        return await self.call(service, "PUT", path, json=body, **kw)


async def paged(actor: Actor, service: str, path: str, *, page: int = 500) -> list[dict[str, Any]]:
    """Every item of a ``{"items": [...]}`` listing, page by page (``limit``/``offset``)."""
    out: list[dict[str, Any]] = []
    sep = "&" if "?" in path else "?"
    while True:
        got = await actor.get(service, f"{path}{sep}limit={page}&offset={len(out)}")
        out.extend(got["items"])
        if len(got["items"]) < page:
            return out


# How long a journey waits for the platform to react; the chaos load raises it (a fault stalls a pipeline minutes).
WAIT_TIMEOUT_S = 60.0


async def wait_for(probe: Any, *, timeout_s: float | None = None, every_s: float = 0.15) -> Any:
    """Poll ``probe()`` until it returns something truthy; the services react to events asynchronously."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + (WAIT_TIMEOUT_S if timeout_s is None else timeout_s)
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise TimeoutError("the platform did not reach the expected state in time")
        await asyncio.sleep(every_s)
