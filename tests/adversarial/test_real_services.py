"""The attack of issue 20 against the four real services (in-process, real broker, both stores).

Routes come from each app's own OpenAPI document (``x-roles`` names who may call each one), so a new route is
probed without editing this file: every forged token -> 401; every single role it does not admit -> 403;
hostile and extreme bodies and queries, with a token it admits -> 4xx, never 5xx.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from kria_shared.auth.principal import BOUND_ROLE_GROUPS, Role
from kria_shared.settings import ServiceSettings
from kria_shared.testing.kafka import unique
from kria_shared.testing.service import bearer, running

from .forgeries import variants

pytestmark = [pytest.mark.adversarial, pytest.mark.kafka]
SERVICES = ["certificates", "costing", "assessment", "signing"]
BODY_METHODS = {"post", "put", "patch", "delete"}
DEFAULT_CAP = 1024 * 1024
TALLY: Counter[str] = Counter()

# Bodies no route may take: the kit answers each 413/422 before the route runs.
INVALID_BODIES: dict[str, bytes] = {
    "nan": b'{"value": NaN}',
    "infinity": b'{"value": -Infinity, "n": 1e999}',
    "lone_surrogate": b'{"value": "\\ud800"}',
    "huge_integer": b'{"value": ' + b"9" * 5000 + b"}",
    "deep_nesting": b"[" * 20000 + b"]" * 20000,
    "not_utf8": b'{"value": "\xff\xfe"}',
}
# Bodies of the wrong shape: refused by the route's validation (or by its path id), never a 500.
ODD_BODIES: dict[str, bytes] = {
    "empty": b"", "null": b"null", "list": b"[]", "string": b'"x"', "number": b"1", "object": b"{}",
    "big_numbers": b'{"amount_kopecks": 9223372036854775808, "minutes": 18446744073709551616, "days": -1e308}',
    "malformed": b"{not json", "nul_text": b'{"value": "a\\u0000b", "reason": "\\u0000"}',
}
ODD_QUERIES = ["9223372036854775808", "-1", "1e400", "NaN", "\x00", "x" * 5000, "9999-12-31"]


def app_of(service: str, bootstrap: str, database_url: str, tmp: Path) -> Any:
    settings = ServiceSettings(service=service, kafka_bootstrap_servers=bootstrap, database_url=database_url,
                               topic_prefix=unique("adv") + ".", var_dir=tmp, dev_clock=True)
    return importlib.import_module(f"kria_{service}.app").create_app(settings)


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, concrete path, operation) of every protected operation in the document."""
    out = []
    for template, item in doc["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "x-roles" in op:
                out.append((method, re.sub(r"\{[^}]+\}", "x1", template), op))
    return out


def admitted(op: dict[str, Any], role: Role) -> bool:
    return all(role.value in alternatives for alternatives in op["x-roles"])


def token_of(service: str, *roles: str) -> dict[str, str]:
    return bearer(service, *roles, org="org-b", bureau="main-66", snils="112-233-445 95", subject="adversary")


async def send(client: httpx.AsyncClient, method: str, path: str, **kw: Any) -> httpx.Response:
    TALLY["requests"] += 1
    return await client.request(method, path, **kw)


async def probe_tokens(client: httpx.AsyncClient, service: str, ops: list[Any]) -> list[str]:
    wrong = []
    for name, header in variants(service).items():
        headers = {"Authorization": header} if header is not None else {}
        for method, path, _ in ops:
            r = await send(client, method, path, headers=headers, json={})
            if r.status_code != 401:
                wrong.append(f"{method.upper()} {path} with a {name} token -> {r.status_code}")
    return wrong


async def probe_roles(client: httpx.AsyncClient, service: str, ops: list[Any]) -> list[str]:
    """Each role the operation does not admit, alone; then all of them in the tokens verification accepts (the
    unbound roles together, each party's roles together)."""
    wrong = []
    unbound = set(Role) - set().union(*BOUND_ROLE_GROUPS)
    for method, path, op in ops:
        refused = [r for r in Role if not admitted(op, r)]
        combined = [sorted(r.value for r in group if r in refused) for group in (unbound, *BOUND_ROLE_GROUPS)]
        for roles in [[r.value] for r in refused] + [c for c in combined if len(c) > 1]:
            r = await send(client, method, path, headers=token_of(service, *roles), json={})
            if r.status_code != 403:
                wrong.append(f"{method.upper()} {path} as {'+'.join(roles)} -> {r.status_code}")
    return wrong


async def probe_bodies(client: httpx.AsyncClient, service: str, ops: list[Any]) -> list[str]:
    wrong = []
    for method, path, op in ops:
        role = next((r for r in Role if admitted(op, r)), None)
        if role is None:
            continue
        # A party-bound role needs its party's claims; the others ignore them.
        headers = token_of(service, role.value)
        if method in BODY_METHODS:
            cases = {**{k: (v, True) for k, v in INVALID_BODIES.items()}, **{k: (v, False) for k, v in
                                                                             ODD_BODIES.items()}}
            if int(op.get("x-body-limit", DEFAULT_CAP)) == DEFAULT_CAP:
                cases["too_large"] = (b'{"value": "' + b"x" * DEFAULT_CAP + b'"}', True)
            for name, (body, must_refuse) in cases.items():
                r = await send(client, method, path, content=body,
                               headers={**headers, "content-type": "application/json"})
                TALLY["bodies"] += 1
                if r.status_code >= 500 or (must_refuse and not 400 <= r.status_code < 500):
                    wrong.append(f"{method.upper()} {path} with a {name} body -> {r.status_code}: {r.text[:200]}")
        for param in (p for p in op.get("parameters", []) if p.get("in") == "query"):
            for value in ODD_QUERIES:
                r = await send(client, method, path, params={param["name"]: value}, headers=headers, json={})
                TALLY["queries"] += 1
                if r.status_code >= 500:
                    wrong.append(f"{method.upper()} {path}?{param['name']}={value[:20]!r} -> {r.status_code}")
    return wrong


@pytest.mark.parametrize("service", SERVICES)
async def test_the_attack_finds_nothing(service: str, kafka_bootstrap: str, database_url: str,
                                        tmp_path: Path) -> None:
    app = app_of(service, kafka_bootstrap, database_url, tmp_path)
    async with running(app) as client:
        doc = (await client.get("/openapi.json")).json()
        ops = operations(doc)
        assert len(ops) >= 5, f"{service}: the document lists too few protected operations: {ops}"
        TALLY["routes"] += len(ops)
        wrong = [*await probe_tokens(client, service, ops), *await probe_roles(client, service, ops),
                 *await probe_bodies(client, service, ops)]
    print(f"\nadversarial {service}: {len(ops)} operations, tally so far {dict(TALLY)}")
    assert not wrong, "\n".join(wrong)


def test_party_bound_groups_are_what_the_suite_assumes() -> None:
    # Party-bound roles are probed alone or with their party's roles: mixed with others they are refused at
    # verification (test_role_combinations), and the forged "combined_roles" variant checks it on the real services.
    assert all(len(group & {Role.PLATFORM_OPERATOR, Role.SFR_OPERATOR}) == 0 for group in BOUND_ROLE_GROUPS)
