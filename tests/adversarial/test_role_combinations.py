"""Issue 20, item 6: ``platform_operator`` + ``provider`` of B read A's child. A token holding a party-bound role
(``provider``, ``provider_head``: one organisation; ``legal_representative``: one family) with any role outside its
party is refused at verification, in the kit, so every route of every service answers 401 — checked per service on
each of its protected routes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from kria_shared.auth import PUBLIC_PATHS
from kria_shared.settings import ServiceSettings
from kria_shared.testing.service import bearer

pytestmark = pytest.mark.adversarial
SERVICES = ["certificates", "costing", "assessment", "signing"]
COMBINATIONS = [("platform_operator", "provider"), ("sfr_operator", "provider"), ("provider_head", "mse_head"),
                ("federal_mse", "provider", "provider_head"), ("legal_representative", "sfr_operator")]


def app_of(service: str, tmp: Path) -> Any:
    settings = ServiceSettings(service=service, var_dir=tmp, database_url=f"sqlite+aiosqlite:///{tmp}/x.db",
                               dev_clock=True)
    return importlib.import_module(f"kria_{service}.app").create_app(settings)


@pytest.mark.parametrize("service", SERVICES)
async def test_a_combined_role_token_is_refused_on_every_route_of(service: str, tmp_path: Path) -> None:
    app = app_of(service, tmp_path)  # the lifespan is not started: the kit refuses before any store is asked
    routes = [r for r in iter_route_contexts(app.routes)
              if isinstance(r.original_route, APIRoute) and r.path not in PUBLIC_PATHS]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for route in routes:
            path = re.sub(r"\{[^}]+\}", "x1", route.path)
            for method in sorted(route.methods or ()):
                for roles in COMBINATIONS:
                    r = await client.request(method, path, json={}, headers=bearer(service, *roles, org="org-b"))
                    assert r.status_code == 401, f"{service} {method} {route.path} {roles} -> {r.status_code}"
                    assert r.json()["details"]["reason"] == "role_combination"


async def test_the_mse_export_import_has_its_own_larger_cap(tmp_path: Path) -> None:
    app = app_of("certificates", tmp_path)
    limit = app.openapi()["paths"]["/v1/mse-imports"]["post"]["x-body-limit"]
    assert limit == 32 * 1024 * 1024
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        over = await client.post("/v1/mse-imports", content=b"x" * (limit + 1),
                                 headers={**bearer("certificates", "mse_system"), "content-type": "text/csv"})
        assert over.status_code == 413 and over.json()["details"]["limit"] == limit
        # Any other route keeps the kit's 1 MiB.
        json_over = await client.post("/v1/mse-decisions", content=b"[" + b"1," * 600_000 + b"1]",
                                      headers={**bearer("certificates", "mse_system"),
                                               "content-type": "application/json"})
        assert json_over.status_code == 413
