"""The HTTP sink end to end (an in-process stand-in ЕЦП), and the production refusal of the software key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from kria_gost import DevPki
from kria_shared.settings import ServiceSettings
from kria_shared.testing.service import running
from kria_signing.adapters.pki_setup import StartupRefused
from kria_signing.app import create_app
from kria_signing.config.loader import SigningOptions
from kria_signing.usecases.drafting import conclusion_id_for

from .support import as_role, protocol, protocol_envelope, publish, signing_app, wait_for_state


def http_sink_app(kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki, ecp: FastAPI,
                  **extra: Any) -> tuple[FastAPI, str]:
    """The signing service submitting over HTTP to ``ecp`` (an in-process stand-in ЕЦП)."""
    return signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory, ecp_sink="http",
                       ecp_url="http://ecp.test/api/conclusions", ecp_backoff_s=0.01,
                       ecp_transport=httpx.ASGITransport(app=ecp), **extra)


async def sign_when_ready(client: httpx.AsyncClient, cid: str, dev_pki: DevPki) -> None:
    await wait_for_state(client, cid, "ready_to_sign")
    signed = await client.post(f"/v1/conclusions/{cid}/sign", headers=as_role("mse_head", dev_pki.head.snils))
    assert signed.status_code == 200, signed.text


@pytest.mark.kafka
async def test_the_http_sink_submits_once_and_records_the_receipt(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    ecp = FastAPI()
    received: list[dict[str, Any]] = []
    answers = [503]

    @ecp.post("/api/conclusions")
    async def accept(request: Request) -> Any:
        from fastapi.responses import JSONResponse

        if answers:
            return JSONResponse({"error": "busy"}, status_code=answers.pop())
        received.append({"key": request.headers["idempotency-key"], **(await request.json())})
        return {"receipt": f"ECP-{len(received)}"}

    app, prefix = http_sink_app(kafka_bootstrap, database_url, tmp_path, dev_pki, ecp)
    payload = protocol("cert-http")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    async with running(app) as client:
        await sign_when_ready(client, cid, dev_pki)
        done = await wait_for_state(client, cid, "submitted")
        await app.state.submitter.run_once()
    assert done["submission"]["receipt"] == "ECP-1"
    assert [r["key"] for r in received] == [cid] and received[0]["conclusion_id"] == cid


@pytest.mark.kafka
async def test_an_operator_resubmits_a_conclusion_the_platform_refused_and_it_is_then_received_once(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    from fastapi.responses import JSONResponse

    received: list[str] = []
    refusing = [True]
    ecp = FastAPI()

    @ecp.post("/api/conclusions")
    async def accept(request: Request) -> Any:
        if refusing[0]:  # e.g. the platform's side was misconfigured until the operator had it fixed
            return JSONResponse({"error": "invalid_sender"}, status_code=422)
        received.append(request.headers["idempotency-key"])
        return {"receipt": f"ECP-{len(received)}"}

    app, prefix = http_sink_app(kafka_bootstrap, database_url, tmp_path, dev_pki, ecp, submit_max_attempts=1)
    payload = protocol("cert-resubmit")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    async with running(app) as client:
        await sign_when_ready(client, cid, dev_pki)
        failed = await wait_for_state(client, cid, "submission_failed")
        assert failed["allowed_actions"] == ["resubmit"] and failed["submission_attempts"]["made"] == 1
        for role in ("mse_head", "mse_expert", "federal_mse"):
            denied = await client.post(f"/v1/conclusions/{cid}/resubmit", headers=as_role(role))
            assert denied.status_code == 403, role
        refusing[0] = False
        again = await client.post(f"/v1/conclusions/{cid}/resubmit", headers=as_role("platform_operator"))
        assert again.status_code == 200, again.text
        assert again.json()["state"] in {"signed", "submitted"}  # the job is woken at once
        done = await wait_for_state(client, cid, "submitted")
        late = await client.post(f"/v1/conclusions/{cid}/resubmit", headers=as_role("platform_operator"))
        await app.state.submitter.run_once()
    assert done["submission"]["receipt"] == "ECP-1" and received == [cid]
    assert late.status_code == 409 and late.json()["details"]["state"] == "submitted"


def test_production_refuses_the_software_backend_at_start_up(tmp_path: Path, dev_pki: DevPki) -> None:
    password = tmp_path / "password"
    password.write_bytes(dev_pki.head.password)
    settings = ServiceSettings(service="signing", environment="production", var_dir=tmp_path,
                               database_url=f"sqlite+aiosqlite:///{tmp_path}/s.db")
    options = SigningOptions(trust_roots=[dev_pki.root_cert], keystore=dev_pki.head.keystore,
                             keystore_password_file=password, keystore_chain=[dev_pki.head.cert,
                                                                               dev_pki.intermediate_cert],
                             keystore_snils=dev_pki.head.snils)
    with pytest.raises(StartupRefused, match="not qualified"):
        create_app(settings, options=options)
    assert not (tmp_path / "pki").exists()  # no development PKI is ever made in production
