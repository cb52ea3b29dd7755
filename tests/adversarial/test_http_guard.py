"""The kit's HTTP hardening (issue 20, items 3, 4, 7, 8, 14): token before body, body caps, strict JSON, bounded
paging, correlation ids, security headers — on an app the kit builds, over ASGI and over a real socket."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest

from kria_shared.auth.keys import DEV_KID
from kria_shared.auth.tokens import mint_dev_token

from .guarded_app import AUDIENCE, build, client, served

pytestmark = pytest.mark.adversarial


def token(*roles: str, **kw: Any) -> dict[str, str]:
    return {"Authorization": "Bearer " + mint_dev_token(subject="t", roles=list(roles) or ["sfr_operator"],
                                                        audience=AUDIENCE, **kw)}


def with_header(header: dict[str, Any]) -> dict[str, str]:
    """A valid dev token whose header is replaced (the signature no longer matters: the header must not crash)."""
    real = token()["Authorization"].removeprefix("Bearer ")
    _, payload, signature = real.split(".")
    head = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return {"Authorization": f"Bearer {head}.{payload}.{signature}"}


@pytest.mark.parametrize("alg", ["RS256", "ES256", "HS256", "none", "PS512"])
async def test_a_header_declaring_another_algorithm_for_the_dev_key_is_a_401_naming_the_reason(
        alg: str, caplog: pytest.LogCaptureFixture) -> None:
    async with client(build()) as c:
        r = await c.get("/v1/notes", headers=with_header({"alg": alg, "kid": DEV_KID, "typ": "JWT"}))
    assert r.status_code == 401, r.text
    assert r.json()["details"]["reason"] == "algorithm"
    assert not [rec for rec in caplog.records if rec.levelname == "ERROR"], "a forged header logged an error"


@pytest.mark.parametrize("header", [{"alg": "EdDSA", "kid": 7}, {"alg": "EdDSA", "kid": ["x"]}, {"alg": 5}])
async def test_malformed_token_headers_are_401(header: dict[str, Any]) -> None:
    async with client(build()) as c:
        r = await c.get("/v1/notes", headers=with_header(header))
    assert r.status_code == 401, r.text


async def test_malformed_json_without_a_token_is_401_not_422() -> None:
    async with client(build()) as c:
        r = await c.post("/v1/notes", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 401 and r.json()["details"]["reason"] == "missing"


async def test_a_body_over_the_kit_cap_is_413_and_a_route_may_raise_its_cap() -> None:
    big = b"x" * (1024 * 1024 + 1)
    async with client(build()) as c:
        r = await c.post("/v1/notes", content=big, headers={**token(), "content-type": "application/json"})
        assert r.status_code == 413 and r.json()["details"] == {"field": "body", "limit": 1024 * 1024}
        r = await c.post("/v1/files", content=big, headers={**token(), "content-type": "text/csv"})
        assert r.status_code == 200 and r.json() == {"size": len(big)}
        r = await c.post("/v1/files", content=big * 4, headers={**token(), "content-type": "text/csv"})
        assert r.status_code == 413


async def raw_post(port: int, headers: str, body: bytes) -> tuple[bytes, float]:
    """Send the request head and a few bytes of the body, then wait for the answer (the body never completes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    loop = asyncio.get_running_loop()
    started = loop.time()
    writer.write(headers.encode() + b"\r\n" + body)
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
    writer.close()
    return head, loop.time() - started


@pytest.mark.parametrize(("auth", "status"), [(False, b"401"), (True, b"413")])
async def test_a_200_mb_post_is_answered_at_once_without_its_body_being_read(auth: bool, status: bytes) -> None:
    # The client declares 200 MB and sends 10 bytes: an answer arriving means the server did not wait for
    # (or buffer) the body.
    bearer = f"Authorization: {token()['Authorization']}\r\n" if auth else ""
    head = (f"POST /v1/notes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n{bearer}"
            f"Content-Length: {200 * 1024 * 1024}\r\n")
    async with served(build()) as port:
        answer, took = await raw_post(port, head, b'{"text": "')
    assert answer.split(b" ")[1] == status, answer
    assert took < 5


async def test_a_forged_header_keeps_the_connection_alive() -> None:
    async with served(build()) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        forged = with_header({"alg": "RS256", "kid": DEV_KID})["Authorization"]
        for _ in range(3):
            writer.write(f"GET /v1/notes HTTP/1.1\r\nHost: t\r\nAuthorization: {forged}\r\n\r\n".encode())
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            assert head.startswith(b"HTTP/1.1 401"), head
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            await reader.readexactly(length)
        writer.close()


@pytest.mark.parametrize(("body", "field"), [
    (b'{"text": "a", "amount": NaN}', "amount"),
    (b'{"text": "a", "amount": Infinity}', "amount"),
    (b'{"text": "a", "amount": -Infinity}', "amount"),
    (b'{"text": "a", "amount": 1e400}', "amount"),
    (b'{"text": "\\ud800"}', "text"),
    (b'{"text": "a", "tags": ["ok", "\\udfff"]}', "tags[1]"),
    (b'[{"a": {"b": [1, NaN]}}]', "[0].a.b[1]"),
    (b'{"\\ud83d": 1, "text": "a"}', "body"),
    (b'{"text": "a", "amount": ' + b"9" * 5000 + b"}", "body"),
    (b"[" * 100000 + b"]" * 100000, "body"),
])
async def test_json_that_is_not_strict_json_is_422_naming_the_field(body: bytes, field: str) -> None:
    async with client(build()) as c:
        r = await c.post("/v1/notes", content=body, headers={**token(), "content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["details"]["field"] == field


async def test_strict_json_passes_through_what_json_allows() -> None:
    async with client(build()) as c:
        r = await c.post("/v1/notes", json={"text": "ёлка \U0001f384", "amount": 1.5e300, "tags": []},
                         headers=token())
    assert r.status_code == 200 and r.json()["text"] == "ёлка \U0001f384"


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=-1", "limit=0", "limit=100000",
                                   "offset=2147483648"])
async def test_paging_is_bounded(query: str) -> None:
    async with client(build()) as c:
        r = await c.get(f"/v1/notes?{query}", headers=token())
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"][-1] == query.split("=")[0]


@pytest.mark.parametrize(("sent", "kept"), [
    ("req-42", True), ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", True),
    ("x" * 65, False), ("a b", False), ("ивАн", False), ("<script>", False), ("-lead", False), ("", False),
])
async def test_a_client_correlation_id_is_kept_only_when_bounded_and_plain(sent: str, kept: bool) -> None:
    async with client(build()) as c:
        r = await c.get("/v1/notes", headers={**token(), "x-correlation-id": sent.encode()})
    back = r.headers["x-correlation-id"]
    assert (back == sent) is kept
    if not kept:
        assert len(back) == 36  # a fresh UUID


@pytest.mark.parametrize("path", ["/v1/notes", "/health/live", "/nowhere", "/openapi.json"])
async def test_every_response_carries_the_security_headers(path: str) -> None:
    async with client(build()) as c:
        r = await c.get(path)  # 401, 204, 404, 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "default-src 'none'" in r.headers["content-security-policy"]


async def test_production_serves_no_swagger_ui_from_a_cdn() -> None:
    async with client(build(production=True)) as c:
        assert (await c.get("/docs")).status_code in (401, 404)
        assert (await c.get("/redoc")).status_code in (401, 404)
        assert (await c.get("/openapi.json")).status_code == 200
    async with client(build()) as c:
        assert (await c.get("/docs")).status_code == 200


async def test_the_openapi_document_lists_the_kits_statuses_and_roles() -> None:
    doc = build().openapi()
    post = doc["paths"]["/v1/notes"]["post"]
    assert {"401", "403", "409", "413", "422", "503"} <= set(post["responses"])
    assert post["x-roles"] == [["sfr_operator"]]
    assert {"401", "403", "422", "503"} <= set(doc["paths"]["/v1/notes"]["get"]["responses"])
    assert doc["paths"]["/v1/files"]["post"]["x-body-limit"] == 4 * 1024 * 1024


@pytest.mark.parametrize("query", ["offset=1&x=%00", "q=a%0Ab", "%01=1", "tab=%09"])
async def test_a_control_character_in_a_query_parameter_is_422_naming_it(query: str) -> None:
    async with client(build()) as c:
        r = await c.get(f"/v1/notes?{query}", headers=token())
    assert r.status_code == 422, r.text
    assert r.json()["details"]["field"].startswith("query.")


async def test_an_ordinary_query_passes() -> None:
    async with client(build()) as c:
        r = await c.get("/v1/notes?offset=5&name=%D0%B5%D0%BB%D0%BA%D0%B0", headers=token())
    assert r.status_code == 200 and r.json()["offset"] == 5
