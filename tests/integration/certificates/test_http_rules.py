"""On the real broker and both stores: the expiry sweep on the service clock, annulment, the register, the lists
and the metrics. The one-behaviour HTTP rules (409 for illegal transitions, 422 naming the field, providers see
only their own children) are in tests/service/certificates on the broker-free harness."""

from __future__ import annotations

from pathlib import Path

import pytest

from .flow import PENZA_ORG, issue_penza_child, reserve
from .support import operator, platform, provider, service

pytestmark = pytest.mark.kafka


async def test_expiry_sweep_annulment_register_lists_and_metrics(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        unused = await issue_penza_child(svc, 1)
        pending = await issue_penza_child(svc, 2)
        await reserve(svc, pending)
        later = await issue_penza_child(svc, 3, disability_established_on="2026-10-14")
        to_annul = await issue_penza_child(svc, 4)

        r = await svc.client.post(f"/v1/certificates/{to_annul}/annul", json={"reason": "moved_out_of_region"},
                                  headers=operator())
        assert (r.status_code, r.json()["state"]) == (200, "annulled")
        again = await svc.client.post(f"/v1/certificates/{to_annul}/annul", json={"reason": "duplicate"},
                                      headers=operator())
        assert (again.status_code, again.json()["details"]["allowed"]) == (409, [])
        assert (await svc.client.post(f"/v1/certificates/{unused}/annul", json={"reason": "death"},
                                      headers=provider(PENZA_ORG))).status_code == 403

        swept = await svc.client.post("/v1/admin/expire-sweep", headers=operator())
        assert swept.json()["expired"] == 0  # 2 Nov 2026: every certificate still valid (until 11 Oct 2027)
        await svc.client.post("/v1/dev/clock", json={"set_to": "2027-10-12T06:00:00+00:00"}, headers=platform())
        swept = await svc.client.post("/v1/admin/expire-sweep", headers=operator())
        assert swept.json() == {"expired": 2, "today": "2027-10-12"}
        assert (await svc.certificate(unused))["state"] == "expired"
        assert (await svc.certificate(pending))["state"] == "expired"
        assert (await svc.certificate(later))["state"] == "issued"  # valid until 13 Oct 2027
        assert (await svc.outbox("CertificateExpired", unused))[0]["data"]["expired_on"] == "2027-10-12"

        listed = await svc.client.get("/v1/certificates?state=expired&region=58", headers=operator())
        assert {i["certificate_id"] for i in listed.json()["items"]} == {unused, pending}
        assert (await svc.client.get("/v1/certificates?state=nonsense", headers=operator())).status_code == 422
        summary = (await svc.client.get("/v1/reports/summary", headers=platform())).json()
        assert summary["total"]["by_state"] == {"annulled": 1, "expired": 2, "issued": 1}
        assert (await svc.client.get("/v1/reports/summary", headers=provider(PENZA_ORG))).status_code == 403

        register = await svc.client.get("/v1/providers?region=58&target_group=6.6&municipality=Кузнецк&age_band=до 14",
                                         headers=provider(PENZA_ORG))
        assert [(p["organisation_id"], p["generated"]) for p in register.json()] == [(PENZA_ORG, True)]
        sverdlovsk = (await svc.client.get("/v1/providers?region=66", headers=operator())).json()
        assert sverdlovsk and not any(p["generated"] for p in sverdlovsk)

        metrics = (await svc.client.get("/metrics")).text
        assert 'kria_certificates_current_certificates{region="58",state="expired"} 2.0' in metrics
        assert 'kria_certificates_transitions_total{event="CertificateExpired",region="58"}' in metrics


async def test_a_child_decided_at_17_who_turns_18_before_the_reservation_keeps_the_decision_dates_age(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 90, birth_date="2008-10-16")  # 17 on 15 Oct 2026, 18 the next day
        await svc.client.post("/v1/dev/clock", json={"set_to": "2026-12-01T06:00:00+00:00"}, headers=platform())
        await reserve(svc, cid)  # the 14-17 band of the register still admits the child
        requested = await svc.outbox("ReservationRequested", cid)
        assert requested[0]["data"]["age_years"] == 17  # costing prices the course for the same age
        assert (await svc.certificate(cid))["age_at_reservation"] == 17
