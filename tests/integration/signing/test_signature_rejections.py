"""Every signature is verified before acceptance: the refusals of SIGNATURE.md §4 at the service's door.

Signatures are made with the real software backend from the dev PKI's keystores and uploaded as a
detached CMS "made elsewhere"; each refusal names its ETSI sub-indication and leaves the conclusion
unsigned. One refusal per test on the broker-free harness: tests/service/signing (it uses ``cms_by`` and
``refusal`` from here); here, over the real broker, the register that lists only the head.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from kria_gost import DevPki, DevSigner, load_soft_backend
from kria_shared.testing.service import running
from kria_signing.usecases.drafting import conclusion_id_for

from .support import as_role, expert, protocol, protocol_envelope, publish, signing_app, wait_for_state

pytestmark = pytest.mark.kafka


async def cms_by(pki: DevPki, signer: DevSigner, content: bytes, *, at: datetime | None = None) -> bytes:
    backend = load_soft_backend(signer.keystore, signer.password, [signer.cert, pki.intermediate_cert])
    return bytes(await backend.sign_detached(content, signing_time=at or datetime.now(UTC)))


def refusal(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "signature_rejected"
    return dict(body["details"]["report"])


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
        head = as_role("mse_head", dev_pki.head.snils)  # the document is composed when a signer opens it
        document = (await client.get(f"/v1/conclusions/{cid}/document", headers=head)).content
        deputy_cms = await cms_by(dev_pki, dev_pki.deputy, document)
        report = (await client.post("/v1/verify", headers=expert(), files={
            "document": ("c.json", document), "signature": ("c.p7s", deputy_cms)})).json()
        assert report["indication"] == "FAILED" and report["sub_indication"] == "SIGNER_NOT_AUTHORISED"
        denied = await client.post(f"/v1/conclusions/{cid}/sign", headers=as_role("mse_head", dev_pki.deputy.snils))
        assert denied.status_code == 403
        listed = (await client.get("/v1/signers", headers=as_role("platform_operator"))).json()
        assert [s["snils"] for s in listed["signers"]] == [dev_pki.head.snils]
