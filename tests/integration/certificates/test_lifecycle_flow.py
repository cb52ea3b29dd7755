"""A certificate from issue to settlement, with the costing service's events on the real broker."""

from __future__ import annotations

from pathlib import Path

import pytest

from kria_shared.contracts.topics import Topics
from kria_shared.testing.kafka import read_topic

from .flow import INPATIENT_VALUE, PENZA_ORG, estimate, issue_penza_child, reserve, settled
from .support import operator, provider, service

pytestmark = pytest.mark.kafka


async def test_issue_reserve_confirm_start_complete_settle(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1, limitations={"self_care": 2, "mobility": "Первая"})
        await reserve(svc, cid)
        requested = (await svc.outbox("ReservationRequested"))[0]["data"]
        assert requested == {"certificate_id": cid, "organisation_id": PENZA_ORG, "region": "58",
                             "target_group": "6.6", "age_years": 14, "form": "inpatient", "companion": True,
                             "days": 21, "value_kopecks": INPATIENT_VALUE, "plan": None}

        await svc.feed(estimate(cid, 9_800_000))
        reserved = await svc.wait_state(cid, "reserved")
        assert (reserved["estimate_id"], reserved["estimate_kopecks"]) == ("est-1", 9_800_000)
        confirmed = (await svc.outbox("ReservationConfirmed"))[0]
        assert confirmed["data"]["estimate_kopecks"] == 9_800_000 and confirmed["causation_id"]

        mine = provider(PENZA_ORG)
        r = await svc.client.post(f"/v1/certificates/{cid}/travel", headers=operator(),
                                  json={"kind": "ticket", "traveller": "companion", "amount_kopecks": 350_000,
                                        "on": "2026-11-08"})
        assert r.status_code == 201, r.text
        r = await svc.client.post(f"/v1/certificates/{cid}/course/start", json={"start_date": "2026-11-09"},
                                  headers=mine)
        assert (r.status_code, r.json()["state"]) == (200, "in_service")
        started = (await svc.outbox("CourseStarted"))[0]["data"]
        assert (started["planned_end_date"], started["estimate_id"], started["value_kopecks"]) == (
            "2026-11-29", "est-1", INPATIENT_VALUE)
        assert started["plan"][0]["unit_price_kopecks"] == 150_000 and started["age_years"] == 14
        assert started["mse_limitations"] == {"self_care": 2, "mobility": 1}  # the MSE's baseline, to assessment

        # a course in service is not annulled (costing holds its value until settlement): the answer says how it ends
        r = await svc.client.post(f"/v1/certificates/{cid}/annul", json={"reason": "death"}, headers=operator())
        assert (r.status_code, r.json()["details"]["state"]) == (409, "in_service")
        assert "early termination" in r.json()["message"] and "course/terminate" in r.json()["message"]
        assert "terminate_early" in r.json()["details"]["allowed"]

        r = await svc.client.post(f"/v1/certificates/{cid}/course/complete", json={"end_date": "2026-11-29"},
                                  headers=mine)
        assert (r.status_code, r.json()["state"]) == (200, "completed")
        assert (await svc.outbox("CourseCompleted"))[0]["data"]["days_used"] == 21

        await svc.feed(settled(cid, 9_500_000))
        done = await svc.wait_state(cid, "settled")
        assert (done["paid_kopecks"], done["released_kopecks"], done["travel_kopecks"]) == (
            9_500_000, INPATIENT_VALUE - 9_500_000, 350_000)  # travel is not taken from the value
        assert [h["event"] for h in done["history"]] == [
            "CertificateIssued", "ReservationRequested", "ReservationConfirmed", "TravelRecorded", "CourseStarted",
            "CourseCompleted", "CertificateSettled"]
        assert done["history"][1]["actor"] == f"provider:staff-of-{PENZA_ORG}"
        assert done["history"][2]["actor"] == "system:costing"
        assert done["allowed_actions"] == ["record_travel"]

        report = (await svc.client.get("/v1/reports/summary?region=58&from=2026-10-01&to=2026-10-31",
                                       headers=operator())).json()
        assert report["total"]["by_state"] == {"settled": 1}
        assert (report["total"]["paid_kopecks"], report["total"]["released_kopecks"]) == (
            9_500_000, INPATIENT_VALUE - 9_500_000)
        assert report["by_organisation"][0]["organisation_id"] == PENZA_ORG
        assert report["by_target_group"][0]["target_group"] == "6"

        types = [r.value for r in await read_topic(kafka_bootstrap, svc.prefix + Topics.CERTIFICATES, expect=7)]
        assert len(types) == 7  # every transition reached the broker
        metrics = (await svc.client.get("/metrics")).text
        assert 'kria_certificates_value_released_kopecks_total{region="58"}' in metrics


async def test_early_termination_when_the_settlement_arrives_before_the_course_end(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 2)
        await reserve(svc, cid)
        await svc.feed(estimate(cid, 9_800_000))
        await svc.wait_state(cid, "reserved")
        mine = provider(PENZA_ORG)
        await svc.client.post(f"/v1/certificates/{cid}/course/start", json={"start_date": "2026-11-09"}, headers=mine)

        before = await svc.consumed()
        await svc.feed(settled(cid, 4_000_000, outcome="terminated_early"))  # out of order: before the end
        await svc.wait_consumed(before)
        assert (await svc.certificate(cid))["state"] == "in_service"

        no_text = await svc.client.post(f"/v1/certificates/{cid}/course/terminate", headers=mine,
                                        json={"end_date": "2026-11-15", "reason": "other"})
        assert (no_text.status_code, no_text.json()["details"]["field"]) == (422, "reason_text")
        r = await svc.client.post(f"/v1/certificates/{cid}/course/terminate", headers=mine,
                                  json={"end_date": "2026-11-15", "reason": "child_health"})
        assert (r.status_code, r.json()["state"]) == (200, "settled")  # the parked settlement applied at once
        ended = (await svc.outbox("CourseTerminatedEarly"))[0]["data"]
        assert (ended["days_used"], ended["reason"]) == (7, "child_health")
        assert (await svc.outbox("CertificateSettled"))[0]["data"] == {
            "certificate_id": cid, "paid_kopecks": 4_000_000, "released_kopecks": INPATIENT_VALUE - 4_000_000}

