"""Response times of the services' HTTP routes as the actors see them (request sent -> response headers).

Hooked into the shared httpx client, grouped by method and route template (ids replaced by ``{id}``), so
a slow route (a write waiting for its store, say) shows up next to the event figures.
"""

from __future__ import annotations

import re
import time
from typing import Any

import httpx

from kria_bench.figures import percentiles

_ID = re.compile(r"/(cert-[^/]+|[0-9a-f]{8}-[0-9a-f-]{27,}|org-[^/]+|\d+)(?=/|$)")


def route_of(request: httpx.Request) -> str:
    return f"{request.method} {request.url.port} {_ID.sub('/{id}', request.url.path)}"


class HttpStats:
    def __init__(self, ports: dict[int, str]) -> None:
        self.ports = ports  # port -> service name, for readable route names
        self.samples: dict[str, list[float]] = {}

    async def on_request(self, request: httpx.Request) -> None:
        request.extensions["bench_t0"] = time.perf_counter()

    async def on_response(self, response: httpx.Response) -> None:
        t0 = response.request.extensions.get("bench_t0")
        if t0 is not None:
            route = route_of(response.request)
            method, port, path = route.split(" ", 2)
            name = f"{method} {self.ports.get(int(port), port)} {path}"
            self.samples.setdefault(name, []).append((time.perf_counter() - t0) * 1000)

    def hooks(self) -> dict[str, list[Any]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    def take(self) -> dict[str, Any]:
        """Percentiles per route since the last call (slowest median first), then start afresh."""
        out = {route: percentiles(v) for route, v in self.samples.items()}
        self.samples = {}
        return dict(sorted(out.items(), key=lambda kv: -float(kv[1]["p50"])))
