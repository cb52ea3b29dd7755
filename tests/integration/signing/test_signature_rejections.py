"""Every signature is verified before acceptance: the refusals of SIGNATURE.md §4 at the service's door.

Signatures are made with the real software backend from the dev PKI's keystores and uploaded as a
detached CMS "made elsewhere"; each refusal names its ETSI sub-indication and leaves the conclusion
unsigned.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from kria_gost import DevPki, DevSigner, load_soft_backend
from kria_shared.testing.service import running
from kria_signing.drafting import conclusion_id_for

from .support import as_role, expert, protocol, protocol_envelope, publish, signing_app, wait_for_state

pytestmark = pytest.mark.kafka


async def cms_by(pki: DevPki, signer: DevSigner, content: bytes, *, at: datetime | None = None) -> bytes:
    backend = load_soft_backend(signer.keystore, signer.password, [signer.cert, pki.intermediate_cert])
    return bytes(await backend.sign_detached(content, signing_time=at or datetime.now(UTC)))


async def upload(client: httpx.AsyncClient, cid: str, cms: bytes, snils: str) -> httpx.Response:
    return await client.post(f"/v1/conclusions/{cid}/signature", content=cms,
                             headers={**as_role("mse_head", snils), "content-type": "application/pkcs7-signature"})


def refusal(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "signature_rejected"
    return dict(body["details"]["report"])


async def test_bad_signatures_are_refused_with_their_etsi_reason(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki, foreign_pki: DevPki
) -> None:
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory)
    payload = protocol("cert-reject")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    head = dev_pki.head.snils
    async with running(app) as client:
        await wait_for_state(client, cid, "ready_to_sign")
        document = (await client.get(f"/v1/conclusions/{cid}/document", headers=expert())).content

        tampered = refusal(await upload(client, cid, await cms_by(dev_pki, dev_pki.head, document + b" "), head))
        assert tampered["sub_indication"] == "HASH_FAILURE"
        genuine = await cms_by(dev_pki, dev_pki.head, document)
        flipped = genuine[:-1] + bytes([genuine[-1] ^ 0x01])  # the last byte belongs to the signature value
        bad_value = refusal(await upload(client, cid, flipped, head))
        assert bad_value["sub_indication"] == "SIG_CRYPTO_FAILURE"
        revoked = refusal(await upload(client, cid, await cms_by(dev_pki, dev_pki.revoked, document), head))
        assert revoked["sub_indication"] == "REVOKED"
        expired = refusal(await upload(client, cid, await cms_by(dev_pki, dev_pki.expired, document), head))
        assert expired["sub_indication"] in {"EXPIRED", "OUT_OF_BOUNDS_NO_POE"}
        foreign = refusal(await upload(client, cid, await cms_by(foreign_pki, foreign_pki.head, document), head))
        assert foreign["sub_indication"] == "NO_CERTIFICATE_CHAIN_FOUND"
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        future = refusal(await upload(client, cid, await cms_by(dev_pki, dev_pki.head, document, at=tomorrow), head))
        assert future["indication"] == "PASSED"  # cryptographically fine, but not made yet by our clock
        not_base64 = await client.post(f"/v1/conclusions/{cid}/signature", headers=as_role("mse_head", head),
                                       json={"signature_b64": "***"})
        assert not_base64.status_code == 422 and not_base64.json()["details"]["field"] == "signature_b64"
        garbage = refusal(await upload(client, cid, b"\x30\x03\x02\x01\x00", head))
        assert garbage["indication"] in {"FAILED", "INDETERMINATE"}
        assert garbage["failing_check"]

        # a valid signature by the deputy, uploaded by the head: the act must be the signer's own
        by_other = await upload(client, cid, await cms_by(dev_pki, dev_pki.deputy, document), head)
        assert by_other.status_code == 403 and by_other.json()["error"] == "signature_not_by_caller"
        # a caller who is neither the head nor an authorised deputy
        stranger = await client.post(f"/v1/conclusions/{cid}/sign", headers=as_role("mse_head", "00000000000"))
        assert stranger.status_code == 403 and stranger.json()["error"] == "not_authorised_signer"
        no_snils = await client.post(f"/v1/conclusions/{cid}/sign", headers=as_role("mse_head"))
        assert no_snils.status_code == 403

        still = (await client.get(f"/v1/conclusions/{cid}", headers=expert())).json()
        assert still["state"] == "ready_to_sign" and still["signature"] is None

        good = await upload(client, cid, await cms_by(dev_pki, dev_pki.head, document), head)
        assert good.status_code == 200, good.text
        assert good.json()["signature"]["source"] == "upload"
        metrics = (await client.get("/metrics")).text
    for reason in ("SIGNING_TIME_IN_FUTURE", "HASH_FAILURE", "SIG_CRYPTO_FAILURE", "REVOKED",
                   "NO_CERTIFICATE_CHAIN_FOUND", "SIGNER_NOT_CALLER"):
        assert f'kria_signing_signatures_rejected_total{{reason="{reason}",source="upload"}}' in metrics


async def test_a_signer_outside_the_register_is_refused_even_with_a_valid_certificate(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    """The register lists only the head (include_dev_pki off): the deputy's valid signature is not authorised."""
    signers = tmp_path / "signers.yaml"
    signers.write_text(f"version: t1\nbureau_ogrn: '1027700000008'\ninclude_dev_pki: false\nsigners:\n"
                       f"  - {{name: Head, snils: '{dev_pki.head.snils}', role: head}}\n")
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory, signers_file=signers)
    payload = protocol("cert-authority")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    cid = conclusion_id_for(payload.protocol_id)
    async with running(app) as client:
        await wait_for_state(client, cid, "ready_to_sign")
        document = (await client.get(f"/v1/conclusions/{cid}/document", headers=expert())).content
        deputy_cms = await cms_by(dev_pki, dev_pki.deputy, document)
        report = (await client.post("/v1/verify", headers=expert(), files={
            "document": ("c.json", document), "signature": ("c.p7s", deputy_cms)})).json()
        assert report["indication"] == "FAILED" and report["sub_indication"] == "SIGNER_NOT_AUTHORISED"
        denied = await client.post(f"/v1/conclusions/{cid}/sign", headers=as_role("mse_head", dev_pki.deputy.snils))
        assert denied.status_code == 403
        listed = (await client.get("/v1/signers", headers=as_role("platform_operator"))).json()
        assert [s["snils"] for s in listed["signers"]] == [dev_pki.head.snils]
