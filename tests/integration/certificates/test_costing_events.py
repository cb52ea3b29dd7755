"""Events from the costing service that come twice, late, for an old reservation, or for nothing we know."""

from __future__ import annotations

from pathlib import Path

import pytest

from kria_shared.contracts.costing import EstimateRejected
from kria_shared.contracts.topics import Topics
from kria_shared.testing.kafka import read_topic

from .flow import INPATIENT_VALUE, PENZA_ORG, estimate, issue_penza_child, reserve, settled
from .support import costing_envelope, operator, provider, service

pytestmark = pytest.mark.kafka


async def test_a_redelivered_or_repeated_estimate_confirms_once(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1)
        await reserve(svc, cid)
        same = costing_envelope(estimate(cid, 9_000_000), await svc.reservation_requested(cid))
        before = await svc.consumed()
        # the same event three times (relay re-send), then the same estimate under a new event id (a replay)
        await svc.feed(same, same, same, estimate(cid, 9_000_000))
        await svc.wait_state(cid, "reserved")
        await svc.wait_consumed(before + 3)  # all four consumed (three of them as duplicates or no-ops)
        assert len(await svc.outbox("ReservationConfirmed", cid)) == 1
        assert [h["event"] for h in (await svc.certificate(cid))["history"]].count("ReservationConfirmed") == 1

        before = await svc.consumed()
        await svc.feed(settled(cid, 9_000_000))  # a settlement before the course: parked, not applied
        await svc.feed(settled(cid, 9_000_000))
        await svc.wait_consumed(before + 1)
        mine = provider(PENZA_ORG)
        await svc.client.post(f"/v1/certificates/{cid}/course/start", json={"start_date": "2026-11-09"}, headers=mine)
        r = await svc.client.post(f"/v1/certificates/{cid}/course/complete", json={"end_date": "2026-11-29"},
                                  headers=mine)
        assert r.json()["state"] == "settled"
        before = await svc.consumed()
        await svc.feed(settled(cid, 9_000_000))  # and once more after settlement: changes nothing
        await svc.wait_consumed(before)
        assert len(await svc.outbox("CertificateSettled", cid)) == 1


async def test_late_rejected_and_too_expensive_estimates(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        late = await issue_penza_child(svc, 1)
        await reserve(svc, late)
        r = await svc.client.post(f"/v1/certificates/{late}/reservation/cancel", headers=operator())
        assert (r.status_code, r.json()["state"]) == (200, "issued")
        before = await svc.consumed()
        await svc.feed(estimate(late, 9_000_000))  # the estimate of the cancelled reservation arrives late
        await svc.wait_consumed(before)
        assert (await svc.certificate(late))["state"] == "issued"
        assert await svc.outbox("ReservationConfirmed", late) == []

        other_form = await issue_penza_child(svc, 2)
        await reserve(svc, other_form, form="semi_inpatient")
        before = await svc.consumed()
        await svc.feed(estimate(other_form, 9_000_000))  # an estimate for the inpatient form: not this reservation
        await svc.wait_consumed(before)
        assert (await svc.certificate(other_form))["state"] == "reservation_pending"

        rejected = await issue_penza_child(svc, 3)
        await reserve(svc, rejected)
        await svc.feed(EstimateRejected(certificate_id=rejected, organisation_id=PENZA_ORG,
                                        reason="no_approved_price_list", value_kopecks=INPATIENT_VALUE))
        back = await svc.wait_state(rejected, "issued")
        assert back["organisation_id"] is None and back["value_kopecks"] is None
        assert (await svc.outbox("ReservationRejected", rejected))[0]["data"]["reason"] == "no_approved_price_list"

        too_dear = await issue_penza_child(svc, 4)
        await reserve(svc, too_dear)
        await svc.feed(estimate(too_dear, INPATIENT_VALUE + 1))
        await svc.wait_state(too_dear, "issued")
        assert (await svc.outbox("ReservationRejected", too_dear))[0]["data"]["reason"] == "exceeds_certificate_value"
        await reserve(svc, too_dear)  # free again for another reservation
        assert (await svc.certificate(too_dear))["state"] == "reservation_pending"


async def test_a_late_answer_to_a_cancelled_reservation_does_not_decide_the_next_one(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1)
        await reserve(svc, cid)
        first = await svc.reservation_requested(cid)
        assert (await svc.client.post(f"/v1/certificates/{cid}/reservation/cancel",
                                      headers=operator())).status_code == 200
        await reserve(svc, cid)  # the same organisation and form again: only the event id tells them apart
        second = await svc.reservation_requested(cid)
        assert first != second
        before = await svc.consumed()
        # costing's answers to the first reservation arrive only now
        await svc.feed(costing_envelope(estimate(cid, 9_000_000, estimate_id="est-old"), first),
                       costing_envelope(EstimateRejected(certificate_id=cid, organisation_id=PENZA_ORG,
                                                         reason="no_approved_price_list",
                                                         value_kopecks=INPATIENT_VALUE), first))
        await svc.wait_consumed(before + 1)
        pending = await svc.certificate(cid)
        assert (pending["state"], pending["estimate_id"]) == ("reservation_pending", None)
        assert await svc.outbox("ReservationConfirmed", cid) == []
        assert await svc.outbox("ReservationRejected", cid) == []

        await svc.feed(costing_envelope(estimate(cid, 9_100_000, estimate_id="est-new"), second))
        confirmed = await svc.wait_state(cid, "reserved")
        assert (confirmed["estimate_id"], confirmed["estimate_kopecks"]) == ("est-new", 9_100_000)


async def test_an_event_for_an_unknown_certificate_goes_to_the_dead_letter_topic(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, f"sqlite+aiosqlite:///{tmp_path}/s.sqlite3", tmp_path) as svc:
        await svc.feed(estimate("cert-nobody", 9_000_000))
        cid = await issue_penza_child(svc, 1)
        await reserve(svc, cid)
        await svc.feed(estimate(cid, 9_000_000))
        await svc.wait_state(cid, "reserved")  # the partition moved on past the poison event
        dlq = Topics.dlq(svc.prefix + "kria-certificates", svc.costing_topic)
        dead = await read_topic(kafka_bootstrap, dlq, expect=1, timeout_s=30)
        assert [dict(r.headers)["dlq_reason"] for r in dead] == [b"unknown_certificate"]
