"""N requests released at the same instant, for the races of issue 20 (two annuls, annul vs reserve, …).

``at_once`` starts every request's coroutine, holds them at a barrier until all are ready, then lets them go
together, so the store sees them as concurrently as one event loop can make it. The answers come back in the
order the requests were given. Usage (the certificate aggregate's tests)::

    answers = await at_once(client, [("POST", f"/v1/certificates/{cid}/annul", body, OPERATOR)] * 5)
    assert sorted(r.status_code for r in answers) == [200, 409, 409, 409, 409]
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import httpx

Request = tuple[str, str, Any, dict[str, str]]  # method, path, JSON body (None: none), headers


async def at_once(client: httpx.AsyncClient, requests: Sequence[Request]) -> list[httpx.Response]:
    gate = asyncio.Barrier(len(requests))

    async def one(method: str, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
        await gate.wait()
        return await client.request(method, path, json=body, headers=headers)

    return list(await asyncio.gather(*(one(*r) for r in requests)))


def statuses(answers: Sequence[httpx.Response]) -> list[int]:
    return sorted(r.status_code for r in answers)
