"""The ЕЦП adapters: the file sink's two files, the HTTP sink's retries, receipt and refusals."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kria_signing.adapters.ecp_sinks import FileSink, HttpSink, Submission, SubmissionRefused

ITEM = Submission("concl-1", "cert-1", b'{"a":1}', b"\x30\x82\x01\x00", "ab" * 32)


async def test_file_sink_writes_the_exact_bytes_under_the_conclusion_id(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "ecp")
    receipt = await sink.submit(ITEM)
    assert (tmp_path / "ecp" / "concl-1.json").read_bytes() == ITEM.document
    assert (tmp_path / "ecp" / "concl-1.p7s").read_bytes() == ITEM.signature
    assert receipt == await sink.submit(ITEM)  # idempotent: same files, same receipt
    assert sorted(p.name for p in (tmp_path / "ecp").iterdir()) == ["concl-1.json", "concl-1.p7s"]


def platform(answers: list[int]) -> tuple[FastAPI, list[dict[str, Any]]]:
    """A stand-in ЕЦП answering the given statuses in turn, then 200 with a receipt."""
    app = FastAPI()
    seen: list[dict[str, Any]] = []

    @app.post("/conclusions")
    async def receive(request: Request) -> JSONResponse:
        body = await request.json()
        seen.append({"body": body, "key": request.headers.get("idempotency-key")})
        status = answers.pop(0) if answers else 200
        if status != 200:
            return JSONResponse({"error": "busy"}, status_code=status)
        return JSONResponse({"receipt": f"ecp-{body['conclusion_id']}"})

    return app, seen


def sink_for(app: FastAPI, attempts: int = 4) -> HttpSink:
    return HttpSink("http://ecp.test/conclusions", attempts=attempts, backoff_s=0.0,
                    transport=httpx.ASGITransport(app=app))


async def test_http_sink_retries_busy_answers_and_records_the_receipt() -> None:
    app, seen = platform([503, 429, 502])
    assert await sink_for(app).submit(ITEM) == "ecp-concl-1"
    assert len(seen) == 4
    assert {s["key"] for s in seen} == {"concl-1"}  # one idempotency key for every retry
    assert base64.b64decode(seen[-1]["body"]["document_b64"]) == ITEM.document
    assert base64.b64decode(seen[-1]["body"]["signature_b64"]) == ITEM.signature


async def test_http_sink_gives_up_after_its_attempts_without_a_receipt() -> None:
    app, seen = platform([503] * 10)
    with pytest.raises(ConnectionError):
        await sink_for(app, attempts=3).submit(ITEM)
    assert len(seen) == 3


async def test_http_sink_does_not_retry_a_refusal() -> None:
    app, seen = platform([400])
    with pytest.raises(SubmissionRefused):
        await sink_for(app).submit(ITEM)
    assert len(seen) == 1


def answering(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[FastAPI, list[int]]:
    app = FastAPI()
    calls: list[int] = []

    @app.post("/conclusions")
    async def receive() -> JSONResponse:
        calls.append(status)
        return JSONResponse(body, status_code=status, headers=headers)

    return app, calls


@pytest.mark.parametrize(("body", "headers", "receipt"), [
    ({"receipt": "ecp-42", "error": "already_received"}, None, "ecp-42"),
    ({"error": "conflict"}, {"x-receipt": "ecp-43"}, "ecp-43"),
    ({"code": "ALREADY_RECEIVED"}, None, "ecp-already-received:concl-1"),
])
async def test_a_409_already_received_is_the_receipt_of_an_earlier_send(
        body: dict[str, Any], headers: dict[str, str] | None, receipt: str) -> None:
    app, calls = answering(409, body, headers)
    assert await sink_for(app).submit(ITEM) == receipt
    assert calls == [409]


async def test_a_409_that_is_not_a_repeat_is_a_refusal() -> None:
    app, _ = answering(409, {"error": "version_conflict"})
    with pytest.raises(SubmissionRefused, match="HTTP 409 version_conflict"):
        await sink_for(app).submit(ITEM)


async def test_a_refusal_names_status_and_code_but_never_quotes_the_platform_body() -> None:
    app, _ = answering(422, {"error": "invalid_document", "message": "Иванов Иван, СНИЛС 112-233-445 95: bad"})
    with pytest.raises(SubmissionRefused) as refused:
        await sink_for(app).submit(ITEM)
    assert str(refused.value) == "HTTP 422 invalid_document"
    app, _ = answering(400, {"error": "Иванов Иван Иванович, 112-233-445 95 is not registered"})
    with pytest.raises(SubmissionRefused) as free_text:
        await sink_for(app).submit(ITEM)
    assert str(free_text.value) == "HTTP 400 -"  # free text is not a code
