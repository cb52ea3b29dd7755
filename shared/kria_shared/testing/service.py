"""Run a service app in-process for a test: lifespan (store, relay, consumer) + an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from kria_shared.auth.tokens import mint_dev_token


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan (it connects to the real broker) and yield a client bound to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def bearer(service: str, *roles: str, org: str | None = None, snils: str | None = None,
           bureau: str | None = None, subject: str = "tester") -> dict[str, str]:
    """Authorization header with a development token for ``kria-<service>``."""
    token = mint_dev_token(subject=subject, roles=list(roles), audience=f"kria-{service}",
                           organisation_id=org, signer_snils=snils, bureau_id=bureau)
    return {"Authorization": f"Bearer {token}"}

