"""Every signature is verified before acceptance (SIGNATURE.md §4), on the broker-free harness, one refusal per
test. The protocol is delivered through the service's own consumer path; the same door over the real broker,
the submission and the federal window stay in tests/integration/signing."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from kria_signing.app import create_app
from kria_signing.config.loader import SigningOptions
from kria_signing.usecases.drafting import conclusion_id_for
from tests.integration.signing.support import as_role, certificates_answering, expert, protocol, protocol_envelope
from tests.integration.signing.test_signature_rejections import cms_by, refusal


@dataclass
class Ready:
    """A conclusion ready to sign, its document, and the PKI that can sign it."""

    h: Harness
    cid: str
    document: bytes
    pki: Any

    async def upload(self, cms: bytes, snils: str | None = None) -> httpx.Response:
        headers = {**as_role("mse_head", snils or self.pki.head.snils), "content-type": "application/pkcs7-signature"}
        return await self.h.client.post(f"/v1/conclusions/{self.cid}/signature", content=cms, headers=headers)

    async def signed_by(self, signer: Any, content: bytes | None = None, **at: datetime) -> bytes:
        return await cms_by(self.pki, signer, self.document if content is None else content, **at)


@pytest.fixture
async def ready(tmp_path: Path, dev_pki: Any) -> AsyncIterator[Ready]:
    app = create_app(broker_free_settings("signing", tmp_path), options=SigningOptions(pki_dir=dev_pki.directory),
                     certificates_transport=certificates_answering())  # the particulars: tests/service/signing/
    payload = protocol("cert-reject")                                     # test_conclusion_pdf.py runs certificates
    async with broker_free(app) as h:
        assert await h.deliver(protocol_envelope(payload, dev_pki)) == []
        cid = conclusion_id_for(payload.protocol_id)
        document = await h.client.get(f"/v1/conclusions/{cid}/document",  # opened by the head: composed for them
                                      headers=as_role("mse_head", dev_pki.head.snils))
        assert document.status_code == 200, document.text
        yield Ready(h, cid, document.content, dev_pki)


async def test_a_delivered_protocol_drafts_a_conclusion_ready_to_sign(ready: Ready) -> None:
    detail = (await ready.h.client.get(f"/v1/conclusions/{ready.cid}", headers=expert())).json()
    assert (detail["state"], detail["signature"]) == ("ready_to_sign", None)


async def test_a_signature_over_other_bytes_is_a_hash_failure(ready: Ready) -> None:
    r = await ready.upload(await ready.signed_by(ready.pki.head, ready.document + b" "))
    assert refusal(r)["sub_indication"] == "HASH_FAILURE"


async def test_a_damaged_signature_value_is_a_crypto_failure(ready: Ready) -> None:
    genuine = await ready.signed_by(ready.pki.head)
    flipped = genuine[:-1] + bytes([genuine[-1] ^ 0x01])  # the last byte belongs to the signature value
    assert refusal(await ready.upload(flipped))["sub_indication"] == "SIG_CRYPTO_FAILURE"


async def test_a_revoked_certificate_is_refused(ready: Ready) -> None:
    assert refusal(await ready.upload(await ready.signed_by(ready.pki.revoked)))["sub_indication"] == "REVOKED"


async def test_an_expired_certificate_is_refused(ready: Ready) -> None:
    r = await ready.upload(await ready.signed_by(ready.pki.expired))
    assert refusal(r)["sub_indication"] in {"EXPIRED", "OUT_OF_BOUNDS_NO_POE"}


async def test_a_certificate_of_another_root_has_no_chain(ready: Ready, foreign_pki: Any) -> None:
    cms = await cms_by(foreign_pki, foreign_pki.head, ready.document)
    assert refusal(await ready.upload(cms))["sub_indication"] == "NO_CERTIFICATE_CHAIN_FOUND"


async def test_a_signing_time_in_the_future_is_refused(ready: Ready) -> None:
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    r = await ready.upload(await ready.signed_by(ready.pki.head, at=tomorrow))
    assert refusal(r)["indication"] == "PASSED"  # cryptographically fine, but not made yet by our clock


async def test_a_signature_that_is_not_base64_is_refused_naming_the_field(ready: Ready) -> None:
    r = await ready.h.client.post(f"/v1/conclusions/{ready.cid}/signature", json={"signature_b64": "***"},
                                  headers=as_role("mse_head", ready.pki.head.snils))
    assert (r.status_code, r.json()["details"]["field"]) == (422, "signature_b64")


async def test_bytes_that_are_not_a_signature_name_the_failing_check(ready: Ready) -> None:
    garbage = refusal(await ready.upload(b"\x30\x03\x02\x01\x00"))
    assert garbage["indication"] in {"FAILED", "INDETERMINATE"} and garbage["failing_check"]


async def test_a_signature_by_someone_other_than_the_caller_is_forbidden(ready: Ready) -> None:
    r = await ready.upload(await ready.signed_by(ready.pki.deputy))  # the deputy's, uploaded by the head
    assert (r.status_code, r.json()["error"]) == (403, "signature_not_by_caller")


async def test_a_caller_who_is_no_authorised_signer_is_forbidden(ready: Ready) -> None:
    r = await ready.h.client.post(f"/v1/conclusions/{ready.cid}/sign", headers=as_role("mse_head", "00000000000"))
    assert (r.status_code, r.json()["error"]) == (403, "not_authorised_signer")


async def test_a_head_token_without_a_snils_is_forbidden(ready: Ready) -> None:
    r = await ready.h.client.post(f"/v1/conclusions/{ready.cid}/sign", headers=as_role("mse_head"))
    assert r.status_code == 403


async def test_a_refused_signature_leaves_the_conclusion_unsigned(ready: Ready) -> None:
    await ready.upload(await ready.signed_by(ready.pki.revoked))
    still = (await ready.h.client.get(f"/v1/conclusions/{ready.cid}", headers=expert())).json()
    assert (still["state"], still["signature"]) == ("ready_to_sign", None)


async def test_a_refusal_is_counted_by_its_reason(ready: Ready) -> None:
    await ready.upload(await ready.signed_by(ready.pki.head, ready.document + b" "))
    metrics = (await ready.h.client.get("/metrics")).text
    assert 'kria_signing_signatures_rejected_total{reason="HASH_FAILURE",source="upload"}' in metrics


async def test_the_heads_own_valid_signature_is_accepted(ready: Ready) -> None:
    good = await ready.upload(await ready.signed_by(ready.pki.head))
    assert good.status_code == 200, good.text
    assert good.json()["signature"]["source"] == "upload"


async def test_a_conclusion_keeps_its_fields_and_their_form_under_its_schema(ready: Ready) -> None:
    detail = (await ready.h.client.get(f"/v1/conclusions/{ready.cid}", headers=expert())).json()
    assert list(detail) == [
        "conclusion_id", "certificate_id", "protocol_id", "organisation_id", "state", "verdict", "total_points",
        "drafted_at", "signed_at", "submitted_at", "methodology_version", "effective", "criteria", "reason",
        "reason_text", "reason_source", "reason_required", "allowed_actions", "protocol", "document_streebog256",
        "signature", "submission", "submission_attempts"]
    assert detail["drafted_at"].endswith("+00:00")  # the offset as before, not pydantic's "Z"
    assert list(detail["protocol"]) == ["outcome", "target_group", "protocol_sha256", "figures"]
    assert detail["submission_attempts"] == {"made": 0, "last_error": None}


async def test_a_verification_report_keeps_its_fields_under_its_schema(ready: Ready) -> None:
    verified = await ready.h.client.post("/v1/verify", headers=as_role("mse_expert"), json={
        "document": base64.b64encode(ready.document).decode(), "signature": base64.b64encode(b"not a cms").decode()})
    assert verified.status_code == 200, verified.text
    report = verified.json()
    assert list(report) == ["indication", "sub_indication", "failing_check", "checks", "signer", "signing_time",
                            "message"]
    assert (report["indication"], report["sub_indication"], report["signer"]) == ("FAILED", "FORMAT_FAILURE", None)
    assert report["message"]  # why it failed, for the person who uploaded it
