"""The organisation's signature of its protocol, against the real broker and both stores with the real GOST
crypto: signed by its head → drafted; unsigned, signed by another organisation's head, or changed after
signing → no draft, a refusal readable at GET /v1/protocols/{id}, a ProtocolRefused event, a counted metric."""

from __future__ import annotations

from pathlib import Path

import pytest
import rfc8785

from kria_gost import DevPki
from kria_shared.metrics import registry
from kria_shared.testing.kafka import eventually
from kria_shared.testing.service import running
from kria_signing.usecases.drafting import conclusion_id_for

from .support import (
    expert,
    outbox_types,
    protocol,
    protocol_envelope,
    publish,
    signed_by_organisation,
    signing_app,
    wait_for_state,
)

pytestmark = pytest.mark.kafka


def refused_total(reason: str) -> float:
    return registry.get_sample_value("kria_signing_protocols_refused_total", {"reason": reason}) or 0.0


async def test_a_protocol_signed_by_its_organisations_head_is_drafted(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory, ecp_dir=tmp_path / "ecp")
    payload = protocol("cert-org-signed")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(payload, dev_pki)])
    async with running(app) as client:
        await wait_for_state(client, conclusion_id_for(payload.protocol_id), "ready_to_sign")
        status = (await client.get(f"/v1/protocols/{payload.protocol_id}", headers=expert())).json()
        assert status["state"] == "drafted" and status["refusals"] == []
        assert status["conclusion_id"] == conclusion_id_for(payload.protocol_id)


async def test_unsigned_foreign_and_altered_protocols_are_refused_with_their_reason(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory, ecp_dir=tmp_path / "ecp")
    unsigned, foreign, altered = protocol("cert-unsigned"), protocol("cert-foreign"), protocol("cert-altered")
    changed = rfc8785.dumps({"kind": "kria.assessment.protocol/1", "protocol_id": altered.protocol_id,
                             "certificate_id": altered.certificate_id, "organisation_id": altered.organisation_id,
                             "notes": "дописано после подписи"})
    expected = {
        unsigned.protocol_id: "protocol_unsigned",
        foreign.protocol_id: "protocol_signer_other_organisation",
        altered.protocol_id: "protocol_signature_invalid",
    }
    before = {reason: refused_total(reason) for reason in expected.values()}
    await publish(kafka_bootstrap, prefix, [
        protocol_envelope(unsigned, None),
        protocol_envelope(signed_by_organisation(foreign, dev_pki, organisation_id="org-other"), dev_pki),
        protocol_envelope(signed_by_organisation(altered, dev_pki, sent_document=changed), dev_pki),
    ])
    async with running(app) as client:
        async def all_refused() -> bool:
            answers = [await client.get(f"/v1/protocols/{pid}", headers=expert()) for pid in expected]
            return all(a.status_code == 200 for a in answers)

        await eventually(all_refused, timeout_s=40)
        for protocol_id, reason in expected.items():
            status = (await client.get(f"/v1/protocols/{protocol_id}", headers=expert())).json()
            assert status["state"] == "refused", protocol_id
            assert [r["reason"] for r in status["refusals"]] == [reason], protocol_id
            no_draft = await client.get(f"/v1/conclusions/{conclusion_id_for(protocol_id)}", headers=expert())
            assert no_draft.status_code == 404, protocol_id
        assert await outbox_types(app) == ["ProtocolRefused"] * 3
        for reason in expected.values():
            assert refused_total(reason) == before[reason] + 1, reason
        provider = await client.get(f"/v1/protocols/{unsigned.protocol_id}",
                                    headers={"Authorization": "Bearer nope"})
        assert provider.status_code == 401
