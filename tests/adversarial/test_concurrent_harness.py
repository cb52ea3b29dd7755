"""The harness releases its requests together: all are inside the route before any answers."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from .concurrent import at_once, statuses

pytestmark = pytest.mark.adversarial


async def test_requests_are_in_flight_together() -> None:
    app = FastAPI()
    inside = 0
    peak = 0

    @app.post("/x")
    async def x(body: dict[str, Any]) -> dict[str, Any]:
        nonlocal inside, peak
        inside += 1
        peak = max(peak, inside)
        await asyncio.sleep(0.05)
        inside -= 1
        return body

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        answers = await at_once(client, [("POST", "/x", {"n": i}, {}) for i in range(5)])
    assert peak == 5
    assert [r.json()["n"] for r in answers] == [0, 1, 2, 3, 4]
    assert statuses(answers) == [200] * 5
