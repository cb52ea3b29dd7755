"""Walk every route each service serves (``app.routes``, including those hidden from the OpenAPI document):
the routes reachable without a token are exactly ``PUBLIC_PATHS``; every other route answers 401 to a missing,
garbage, expired or other-audience token, and 403 to a valid token holding every role except the ones the
route allows — never 2xx, never 500. A new endpoint without ``require(...)`` fails here."""

from __future__ import annotations

import importlib
import re
import time
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Route

from kria_shared.auth import PUBLIC_PATHS, Role
from kria_shared.auth.principal import BOUND_ROLE_GROUPS
from kria_shared.auth.routes import required_roles
from kria_shared.auth.tokens import mint_dev_token
from kria_shared.settings import ServiceSettings

SERVICES = ["certificates", "costing", "assessment", "signing"]


def app_of(service: str, tmp: Any) -> Any:
    module = importlib.import_module(f"kria_{service}.app")
    settings = ServiceSettings(service=service, var_dir=tmp, database_url=f"sqlite+aiosqlite:///{tmp}/x.db",
                               dev_clock=True)  # the dev clock's routes are walked too
    return module.create_app(settings)


def endpoints(app: Any) -> list[tuple[str, str, Any]]:
    """(method, concrete path, route) for every route of the app, in or out of the OpenAPI document."""
    out = []
    for route in iter_route_contexts(app.routes):  # included routers flattened, as FastAPI serves them
        assert isinstance(route.original_route, Route), f"unexpected kind of route {route!r}: teach this walk"
        path = re.sub(r"\{[^}]+\}", "x1", route.path)
        out.extend((method, path, route) for method in sorted((route.methods or {"GET"}) - {"HEAD", "OPTIONS"}))
    return out


def bearer(**kw: Any) -> dict[str, str]:
    return {"Authorization": "Bearer " + mint_dev_token(subject="probe", **kw)}


def refused_tokens(service: str) -> dict[str, dict[str, str]]:
    every_role = [r.value for r in Role]
    return {
        "none": {},
        "garbage": {"Authorization": "Bearer abc.def.ghi"},
        "expired": bearer(roles=every_role, audience=f"kria-{service}", now=time.time() - 7200, ttl_s=60),
        "other_audience": bearer(roles=every_role, audience="kria-elsewhere", organisation_id="o"),
    }


def client_of(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t")


@pytest.mark.parametrize("service", SERVICES)
async def test_only_the_listed_public_paths_answer_without_a_token(service: str, tmp_path: Any) -> None:
    app = app_of(service, tmp_path)
    open_paths: set[str] = set()
    async with client_of(app) as client:
        for method, path, route in endpoints(app):
            r = await client.request(method, path, json={})
            assert r.status_code != 500, f"{service} {method} {path} without a token -> 500"
            if r.status_code != 401:
                open_paths.add(route.path)
    assert open_paths == PUBLIC_PATHS, f"{service}: routes served without a token differ from PUBLIC_PATHS"


@pytest.mark.parametrize("service", SERVICES)
async def test_every_route_refuses_unauthenticated_or_unauthorised_calls(service: str, tmp_path: Any) -> None:
    app = app_of(service, tmp_path)
    protected = [(m, p, route) for m, p, route in endpoints(app) if route.path not in PUBLIC_PATHS]
    assert protected, f"{service} exposes no protected routes?"
    async with client_of(app) as client:
        for method, path, route in protected:
            where = f"{service} {method} {route.path}"
            demanded = required_roles(route)
            assert demanded, f"{where} checks no role: protect it with require(...)"
            for kind, headers in refused_tokens(service).items():
                r = await client.request(method, path, headers=headers, json={})
                assert r.status_code == 401, f"{where} with a {kind} token -> {r.status_code}"
            # Valid tokens holding every role but the ones this route allows (a party-bound role only with its
            # party's roles: other combinations are refused at verification).
            for others in role_sets_without(set().union(*demanded)):
                r = await client.request(method, path, json={}, headers=bearer(
                    roles=others, audience=f"kria-{service}", organisation_id="o", bureau_id="b",
                    signer_snils="112-233-445 95"))
                assert r.status_code == 403, f"{where} with roles {others} -> {r.status_code}"
                assert "requires one of the roles" in r.json()["message"], f"{where}: 403 not from the role check"


def role_sets_without(allowed: set[Role]) -> list[list[Role]]:
    """Every role outside ``allowed``, as the fewest tokens verification accepts (one per party-bound group)."""
    unbound = set(Role) - set().union(*BOUND_ROLE_GROUPS)
    sets = [sorted(unbound - allowed), *(sorted(group - allowed) for group in BOUND_ROLE_GROUPS)]
    return [s for s in sets if s]
