"""The federal bureau's monitoring (real broker, both stores): the list and search of conclusions inside its 10-day
window (region from the certificates topic, period, organisation, verdict, reason; paginated) and the progress
figures, which keep counting after the window closes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from sqlmodel import select

from kria_gost import DevPki
from kria_shared.clock import MOSCOW
from kria_shared.contracts.certificates import CertificateIssued
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.outbox import OutboxRecord
from kria_shared.testing.service import running
from kria_signing.usecases.drafting import conclusion_id_for

from .support import as_role, protocol, protocol_envelope, publish, signing_app, wait_for_state

pytestmark = pytest.mark.kafka


def issued(cid: str, region: str) -> Envelope:
    payload = CertificateIssued.model_validate({
        "certificate_id": cid, "child_id": f"child-{cid}", "region": region, "municipality": "Город",
        "target_groups": {"main": "2.1"}, "age_years": 15, "decided_on": "2026-10-01",
        "disability_established_on": "2026-09-01", "valid_until": "2027-10-01",
        "face_values_kopecks": {"semi_inpatient": 8_000_000, "inpatient": 10_000_000}, "value_table_version": "t1"})
    return Envelope(type="CertificateIssued", source="kria/certificates", subject=cid, correlation_id=str(uuid.uuid4()),
                    data=payload.model_dump(mode="json"))


async def publish_certificates(bootstrap: str, prefix: str, envelopes: list[Envelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for e in envelopes:
            await producer.send_and_wait(prefix + Topics.CERTIFICATES, value=e.to_bytes(), key=e.key)
    finally:
        await producer.stop()


async def test_the_federal_bureau_lists_searches_and_counts(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, dev_pki: DevPki
) -> None:
    app, prefix = signing_app(kafka_bootstrap, database_url, tmp_path, dev_pki.directory)
    good, poor, lost = protocol("cert-fed-a"), protocol("cert-fed-b", effective=False,
                                                        missed={"family_refusal": 90}), protocol("cert-fed-c")
    await publish(kafka_bootstrap, prefix, [protocol_envelope(p, dev_pki) for p in (good, poor, lost)])
    await publish_certificates(kafka_bootstrap, prefix, [issued("cert-fed-a", "58"), issued("cert-fed-b", "66")])
    ids = {p.certificate_id: conclusion_id_for(p.protocol_id) for p in (good, poor, lost)}
    federal, head = as_role("federal_mse"), as_role("mse_head", dev_pki.head.snils)
    async with running(app) as client:
        for cid in ids.values():
            await wait_for_state(client, cid, "ready_to_sign")
            assert (await client.post(f"/v1/conclusions/{cid}/sign", headers=head)).status_code == 200
        submitted = [await wait_for_state(client, cid, "submitted") for cid in ids.values()]
        async with app.state.runtime.db.session() as session:  # the verdict's reason goes out with the signature
            records = (await session.exec(select(OutboxRecord))).all()
        signed = [orjson.loads(r.payload)["data"] for r in records if r.type == "ConclusionSigned"]
        assert sorted((d["certificate_id"], d["reason"]) for d in signed) == [
            ("cert-fed-a", None), ("cert-fed-b", "family_refusal"), ("cert-fed-c", None)]
        today = datetime.fromisoformat(submitted[0]["submitted_at"]).astimezone(MOSCOW).date()

        async def search(**params: object) -> dict[str, object]:
            r = await client.get("/v1/federal/conclusions", params=params, headers=federal)
            assert r.status_code == 200, r.text
            return r.json()  # type: ignore[no-any-return]

        everything = await search()
        assert everything["total"] == 3
        rows = {i["certificate_id"]: i for i in everything["items"]}  # type: ignore[union-attr]
        assert (rows["cert-fed-a"]["region"], rows["cert-fed-b"]["region"], rows["cert-fed-c"]["region"]) == (
            "58", "66", None)  # the third certificate's CertificateIssued never came
        assert rows["cert-fed-b"]["verdict"] == "ineffective" and rows["cert-fed-b"]["reason"] == "family_refusal"
        assert rows["cert-fed-a"]["federal_access_until"] == submitted[0]["submission"]["federal_access_until"]
        def only(found: dict[str, object]) -> list[str]:
            return [i["certificate_id"] for i in found["items"]]  # type: ignore[attr-defined]

        assert only(await search(region="58")) == ["cert-fed-a"]
        assert only(await search(verdict="ineffective")) == ["cert-fed-b"]
        assert only(await search(reason="family_refusal", organisation_id="org-1")) == ["cert-fed-b"]
        assert (await search(organisation_id="org-2"))["total"] == 0
        assert (await search(**{"from": today.isoformat(), "to": today.isoformat()}))["total"] == 3
        assert (await search(**{"from": (today + timedelta(days=1)).isoformat()}))["total"] == 0
        page = await search(limit=1, offset=1)
        assert (page["total"], len(page["items"])) == (3, 1)  # type: ignore[arg-type]
        bad = await client.get("/v1/federal/conclusions", params={"from": "2026-12-02", "to": "2026-12-01"},
                               headers=federal)
        assert (bad.status_code, bad.json()["details"]["field"]) == (422, "from")
        assert (await client.get("/v1/federal/conclusions", headers=as_role("mse_expert"))).status_code == 403

        figures = (await client.get("/v1/federal/progress", headers=federal)).json()
        assert (figures["conclusions"], figures["by_verdict"]) == (3, {"effective": 2, "ineffective": 1})
        assert figures["ineffective_by_reason"] == {"family_refusal": 1}
        assert [(r["region"], r["conclusions"]) for r in figures["by_region"]] == [
            ("58", 1), ("66", 1), ("unknown", 1)]

        app.state.runtime.clock.set(datetime.fromisoformat(rows["cert-fed-a"]["federal_access_until"]))
        assert (await search())["total"] == 0  # day 11: nothing is listed any more
        after = (await client.get("/v1/federal/progress", params={"region": "66"}, headers=federal)).json()
        assert after["conclusions"] == 1 and after["effective_share"] == {"effective": 0, "of": 1, "percent": 0.0}
