"""Issue 20, item 12: /metrics shows money totals per region. With KRIA_METRICS_PORT (always in production) it is
served on that port only; development without it keeps /metrics beside the API."""

from __future__ import annotations

import httpx
import pytest

from kria_shared.metrics import MetricsServer
from kria_shared.settings import DEFAULT_METRICS_PORT, ServiceSettings

from .guarded_app import build, client, free_port

pytestmark = pytest.mark.adversarial


def test_production_always_uses_a_metrics_port_of_its_own() -> None:
    assert ServiceSettings(environment="development").resolved_metrics_port() is None
    assert ServiceSettings(environment="development", metrics_port=9999).resolved_metrics_port() == 9999
    assert ServiceSettings(environment="production").resolved_metrics_port() == DEFAULT_METRICS_PORT


async def test_metrics_on_their_own_port_are_not_on_the_api() -> None:
    async with client(build(metrics_on_api=False)) as c:
        assert (await c.get("/metrics")).status_code == 404
    async with client(build()) as c:
        assert (await c.get("/metrics")).status_code == 200  # development default


async def test_the_metrics_server_serves_the_kits_registry_and_stops() -> None:
    port = free_port()
    server = MetricsServer(port, "127.0.0.1")
    server.start()
    try:
        async with httpx.AsyncClient() as c:
            r = await c.get(f"http://127.0.0.1:{port}/metrics")
        assert r.status_code == 200 and "kria_http_requests_total" in r.text
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as c:
            await c.get(f"http://127.0.0.1:{port}/metrics")
