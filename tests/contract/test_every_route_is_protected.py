"""Walk every route of every service's OpenAPI document: without a valid token for the right audience and role,
the answer is 401/403 — never 200, never 500. A new endpoint without protection fails here."""

from __future__ import annotations

import importlib
import re
import time
from typing import Any

import httpx
import pytest

from kria_shared.auth import PUBLIC_PATHS
from kria_shared.auth.tokens import mint_dev_token
from kria_shared.settings import ServiceSettings

SERVICES = ["certificates", "costing", "assessment", "signing"]


def app_of(service: str, tmp: Any) -> Any:
    module = importlib.import_module(f"kria_{service}.app")
    return module.create_app(ServiceSettings(service=service, var_dir=tmp, database_url=f"sqlite+aiosqlite:///{tmp}/x.db"))


def operations(app: Any) -> list[tuple[str, str]]:
    out = []
    for path, item in app.openapi()["paths"].items():
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"} and path not in PUBLIC_PATHS:
                out.append((method.upper(), re.sub(r"\{[^}]+\}", "x1", path)))
    return out


def tokens(service: str) -> dict[str, dict[str, str]]:
    def bearer(**kw: Any) -> dict[str, str]:
        return {"Authorization": "Bearer " + mint_dev_token(subject="probe", **kw)}

    return {
        "none": {},
        "garbage": {"Authorization": "Bearer abc.def.ghi"},
        "expired": bearer(roles=["platform_operator"], audience=f"kria-{service}", now=time.time() - 7200, ttl_s=60),
        "other_audience": bearer(roles=["sfr_operator", "mse_head", "provider"], audience="kria-elsewhere",
                                 organisation_id="o"),
        "no_role": bearer(roles=[], audience=f"kria-{service}"),
    }


@pytest.mark.parametrize("service", SERVICES)
async def test_every_route_refuses_unauthenticated_or_unauthorised_calls(service: str, tmp_path: Any) -> None:
    app = app_of(service, tmp_path)
    ops = operations(app)
    assert ops, f"{service} exposes no protected routes?"
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for kind, headers in tokens(service).items():
            expected = {403} if kind == "no_role" else {401}
            for method, path in ops:
                r = await client.request(method, path, headers=headers, json={})
                assert r.status_code in expected, f"{service} {method} {path} with {kind} token -> {r.status_code}"


def test_public_routes_are_listed_in_one_place() -> None:
    assert {"/health/live", "/health/ready", "/metrics"} <= PUBLIC_PATHS
