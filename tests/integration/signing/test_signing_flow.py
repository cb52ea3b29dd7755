"""The signing service against the real broker and both stores, with the real GOST crypto.

A protocol event becomes one draft conclusion (however often it arrives); the head signs it, the
signature is verified, the ЕЦП file sink receives the exact bytes once, the federal bureau reads it
for 10 days (and
afterwards gets the same 404 as for an id that does not exist).
"""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import httpx
import orjson
import pytest

from kria_gost import DevPki
from kria_shared.testing.service import running
from kria_signing.usecases.drafting import conclusion_id_for

from .support import (
    PARTICULARS,
    as_role,
    certificates_answering,
    expert,
    outbox_types,
    protocol,
    protocol_envelope,
    publish,
    signing_app,
    wait_for_state,
)

pytestmark = pytest.mark.kafka


async def test_a_protocol_delivered_twice_gives_one_conclusion_one_signature_one_submission(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    seen: list[httpx.Request] = []
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory,
                              ecp_dir=tmp_path / "ecp", certificates_transport=certificates_answering(seen))
    payload = protocol("cert-flow")
    once = protocol_envelope(payload, dev_pki)
    # the same event redelivered, and the same protocol re-published under a new event id
    await publish(kafka_bootstrap, prefix, [once, once, protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    head = as_role("mse_head", dev_pki.head.snils)
    async with running(app) as client:
        draft = await wait_for_state(client, cid, "ready_to_sign")
        assert draft["verdict"] == "effective" and draft["total_points"] == 8
        assert [c["points"] for c in draft["criteria"]] == [2, 2, 2, 2]
        assert all(c["why"] and c["inputs"] for c in draft["criteria"])
        assert draft["allowed_actions"] == ["sign", "upload_signature"]

        not_yet = await client.get(f"/v1/conclusions/{cid}/document", headers=expert())
        assert not_yet.status_code == 409 and not seen  # composed when the signer opens it, not before
        document = (await client.get(f"/v1/conclusions/{cid}/document", headers=head)).content
        named = orjson.loads(document)
        assert named["schema_version"] == "kria.mse.conclusion.v2"
        assert named["child"] == PARTICULARS["child"] and named["ipra_number"] == PARTICULARS["ipra_number"]
        assert named["mse_act"] == PARTICULARS["mse_act"]
        assert named["signer"]["full_name"] == dev_pki.head.name
        [asked] = seen  # certificates was asked once, for this certificate, with the head's own token
        assert asked.url.path == f"/v1/certificates/{payload.certificate_id}/particulars"
        assert asked.headers["authorization"] == head["Authorization"]
        assert (await client.get(f"/v1/conclusions/{cid}/document", headers=expert())).content == document
        signed = await client.post(f"/v1/conclusions/{cid}/sign", headers=head)
        assert signed.status_code == 200, signed.text
        assert signed.json()["signature"]["signer_role"] == "head"
        again = await client.post(f"/v1/conclusions/{cid}/sign", headers=head)
        assert again.status_code == 409
        assert again.json()["details"]["state"] in {"signed", "submitted"}

        submitted = await wait_for_state(client, cid, "submitted")
        signature = (await client.get(f"/v1/conclusions/{cid}/signature", headers=expert())).content
        assert (tmp_path / "ecp" / f"{cid}.json").read_bytes() == document
        assert (tmp_path / "ecp" / f"{cid}.p7s").read_bytes() == signature
        # the documented place (var/pki/root.pem), although KRIA_SIGNING_PKI_DIR keeps the dev PKI elsewhere
        anchor = tmp_path / "pki" / "root.pem"
        assert anchor.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
        assert submitted["submission"]["receipt"].startswith(f"file:{cid}")

        verified = await client.post("/v1/verify", headers=expert(), json={
            "document": base64.b64encode(document).decode(), "signature": base64.b64encode(signature).decode()})
        assert verified.status_code == 200 and verified.json()["indication"] == "PASSED"
        listed = (await client.get("/v1/conclusions?state=submitted&verdict=effective", headers=expert())).json()
        assert [c["conclusion_id"] for c in listed["items"]] == [cid]
        await app.state.submitter.run_once()  # a further round finds nothing to submit
        events = await outbox_types(app)
    assert events == ["ConclusionDrafted", "ConclusionSigned", "ConclusionSubmitted"]
    assert sorted(p.name for p in (tmp_path / "ecp").iterdir()) == [f"{cid}.json", f"{cid}.p7s"]
    # the platform's side, with an independent GOST implementation: OpenSSL + gost engine, our exported anchor
    checked = await asyncio.to_thread(
        subprocess.run,
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(tmp_path / "ecp" / f"{cid}.p7s"),
         "-content", str(tmp_path / "ecp" / f"{cid}.json"), "-CAfile", str(anchor),
         "-purpose", "any", "-out", os.devnull],
        env={**os.environ, "OPENSSL_CONF": str(Path(__file__).with_name("openssl-gost.cnf"))},
        capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


async def test_an_ineffective_conclusion_needs_the_experts_reason_and_a_deputy_may_sign(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory)
    payload = protocol("cert-weak", effective=False, missed={"child_health": 3, "family_refused_activities": 3})
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    deputy = as_role("mse_head", dev_pki.deputy.snils)
    async with running(app) as client:
        draft = await wait_for_state(client, cid, "awaiting_reason")
        assert draft["verdict"] == "ineffective" and draft["reason_required"]

        refused = await client.post(f"/v1/conclusions/{cid}/sign", headers=deputy)
        assert refused.status_code == 409
        assert refused.json()["details"] == {"state": "awaiting_reason", "allowed": ["set_reason"]}
        assert (await client.get(f"/v1/conclusions/{cid}/document", headers=expert())).status_code == 409

        no_text = await client.put(f"/v1/conclusions/{cid}/reason", headers=expert(), json={"reason": "other"})
        assert no_text.status_code == 422 and no_text.json()["details"]["field"] == "text"
        unknown = await client.put(f"/v1/conclusions/{cid}/reason", headers=expert(), json={"reason": "weather"})
        assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "reason"]
        not_expert = await client.put(f"/v1/conclusions/{cid}/reason", headers=deputy,
                                      json={"reason": "family_refused_course"})
        assert not_expert.status_code == 403

        legacy = await client.put(f"/v1/conclusions/{cid}/reason", headers=expert(), json={"reason": "family_refusal"})
        assert (legacy.status_code, legacy.json()["error"], legacy.json()["details"]["field"]) == (
            422, "family_refusal_scope_required", "reason")
        given = await client.put(f"/v1/conclusions/{cid}/reason", headers=expert(),
                                 json={"reason": "family_refused_course"})
        assert given.status_code == 200 and given.json()["state"] == "ready_to_sign"
        document = (await client.get(f"/v1/conclusions/{cid}/document", headers=deputy)).json()
        assert (document["reason"], document["reason_source"], document["effective"]) == (
            "family_refused_course", "expert", False)
        assert document["signer"]["full_name"] == dev_pki.deputy.name and document["reason_words"]

        signed = await client.post(f"/v1/conclusions/{cid}/sign", headers=deputy)
        assert signed.status_code == 200, signed.text
        assert signed.json()["signature"]["signer_role"] == "deputy"
        late = await client.put(f"/v1/conclusions/{cid}/reason", headers=expert(), json={"reason": "child_health"})
        assert late.status_code == 409


async def test_the_federal_bureau_reads_through_day_10_and_is_refused_on_day_11(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory)
    payload = protocol("cert-federal")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    federal = as_role("federal_mse")
    async with running(app) as client:
        await wait_for_state(client, cid, "ready_to_sign")
        before = await client.get(f"/v1/conclusions/{cid}", headers=federal)
        assert before.status_code == 404  # no window before the submission: as if there were no such conclusion
        assert (await client.post(f"/v1/conclusions/{cid}/sign",
                                  headers=as_role("mse_head", dev_pki.head.snils))).status_code == 200
        submitted = await wait_for_state(client, cid, "submitted")
        until = submitted["submission"]["federal_access_until"]
        assert until.endswith("21:00:00+00:00")  # midnight in Moscow

        clock = app.state.runtime.clock
        from datetime import datetime

        end = datetime.fromisoformat(until)
        clock.set(end - timedelta(seconds=1))  # the last second of day 10
        for path in ("", "/document", "/signature"):
            assert (await client.get(f"/v1/conclusions/{cid}{path}", headers=federal)).status_code == 200
        clock.set(end)  # day 11
        for path in ("", "/document", "/signature"):
            denied = await client.get(f"/v1/conclusions/{cid}{path}", headers=federal)
            unknown = await client.get(f"/v1/conclusions/no-such-conclusion{path}", headers=federal)
            assert denied.status_code == unknown.status_code == 404  # a closed window reads as an unknown id
            assert denied.json()["error"] == unknown.json()["error"] == "not_found"
        assert (await client.get(f"/v1/conclusions/{cid}", headers=expert())).status_code == 200
        assert (await client.get("/v1/conclusions", headers=federal)).status_code == 403
    access_log = (tmp_path / "log" / "signing-access.log").read_text().splitlines()
    federal_lines = [line for line in access_log if '"federal_mse"' in line and cid in line]
    assert any('"allowed": false' in line for line in federal_lines)
    assert any('"allowed": true' in line for line in federal_lines)
