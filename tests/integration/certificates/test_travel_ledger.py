"""The travel ledger over HTTP on both stores: bounded amounts, idempotency keys, correcting entries."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from .flow import estimate, issue_penza_child, reserve
from .support import Service, operator, service

pytestmark = pytest.mark.kafka

LINE = {"kind": "ticket", "traveller": "child", "amount_kopecks": 350_000, "on": "2026-11-08"}


async def reserved_certificate(svc: Service, n: int = 1) -> str:
    cid = await issue_penza_child(svc, n)
    await reserve(svc, cid)
    await svc.feed(estimate(cid, 9_000_000))
    await svc.wait_state(cid, "reserved")
    return cid


def travel(svc: Service, cid: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = operator() | ({"Idempotency-Key": key} if key else {})
    return svc.client.post(f"/v1/certificates/{cid}/travel", json=body, headers=headers)


async def test_money_and_dates_of_a_travel_line_are_bounded_and_the_reports_survive(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await reserved_certificate(svc)
        for amount in [True, 1.0, "350000", 2**63 - 1, 2**64, 0]:
            r = await travel(svc, cid, LINE | {"amount_kopecks": amount})
            assert r.status_code == 422, (amount, r.text)
            assert "amount_kopecks" in r.text
        over = await travel(svc, cid, LINE | {"amount_kopecks": 50_000_001})  # the configured maximum + 1
        assert (over.status_code, over.json()["error"], over.json()["details"]["field"]) == (
            422, "travel_amount_out_of_range", "amount_kopecks")
        for on in ["9999-12-31", "2026-10-14"]:
            r = await travel(svc, cid, LINE | {"on": on})
            assert (r.status_code, r.json()["details"]["field"]) == (422, "on"), r.text
        assert (await travel(svc, cid, LINE | {"amount_kopecks": 50_000_000})).status_code == 201
        assert (await travel(svc, cid, LINE)).status_code == 201
        assert (await svc.certificate(cid))["travel_kopecks"] == 50_350_000
        summary = await svc.client.get("/v1/reports/summary", headers=operator())
        assert summary.status_code == 200, summary.text
        assert len(await svc.outbox("TravelRecorded")) == 2


async def test_a_retried_travel_post_records_the_payment_once(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await reserved_certificate(svc)
        first = await travel(svc, cid, LINE, key="pay-1")
        again = await travel(svc, cid, LINE, key="pay-1")
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
        reused = await travel(svc, cid, LINE | {"amount_kopecks": 350_001}, key="pay-1")
        assert (reused.status_code, reused.json()["error"]) == (409, "idempotency_key_reused")
        at_once = await asyncio.gather(*(travel(svc, cid, LINE, key="pay-2") for _ in range(3)))
        assert [r.status_code for r in at_once] == [201] * 3
        assert len({r.json()["line_id"] for r in at_once}) == 1
        lines = (await svc.client.get(f"/v1/certificates/{cid}/travel", headers=operator())).json()
        assert len(lines) == 2 and (await svc.certificate(cid))["travel_kopecks"] == 700_000
        assert len(await svc.outbox("TravelRecorded")) == 2


async def test_a_wrong_line_is_reversed_by_a_correcting_entry_and_kept(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await reserved_certificate(svc)
        wrong = (await travel(svc, cid, LINE | {"amount_kopecks": 3_500_000})).json()["line_id"]
        url = f"/v1/certificates/{cid}/travel/{wrong}/reversal"
        reason = {"reason": "сумма введена с лишним нулём"}
        r = await svc.client.post(url, json=reason, headers=operator())
        assert r.status_code == 201, r.text
        reversal = r.json()
        assert (reversal["reverses_line_id"], reversal["amount_kopecks"], reversal["reason"], reversal["actor"]) == (
            wrong, -3_500_000, reason["reason"], "sfr_operator:operator-1")
        again = await svc.client.post(url, json=reason, headers=operator())
        assert (again.status_code, again.json()["line_id"]) == (201, reversal["line_id"])
        other = await svc.client.post(url, json={"reason": "другая"}, headers=operator())
        assert (other.status_code, other.json()["error"]) == (409, "already_reversed")
        of_reversal = await svc.client.post(f"/v1/certificates/{cid}/travel/{reversal['line_id']}/reversal",
                                            json=reason, headers=operator())
        assert (of_reversal.status_code, of_reversal.json()["error"]) == (422, "reversal_of_a_reversal")
        missing = await svc.client.post(f"/v1/certificates/{cid}/travel/trv-none/reversal", json=reason,
                                        headers=operator())
        assert missing.status_code == 404
        assert (await svc.client.post(url, json={"reason": "  "}, headers=operator())).status_code == 422
        await travel(svc, cid, LINE)  # the right amount, recorded anew

        lines = (await svc.client.get(f"/v1/certificates/{cid}/travel", headers=operator())).json()
        assert sorted(line["amount_kopecks"] for line in lines) == [-3_500_000, 350_000, 3_500_000]
        assert (await svc.certificate(cid))["travel_kopecks"] == 350_000
        reversed_ = await svc.outbox("TravelReversed", cid)
        assert [e["data"]["reverses_line_id"] for e in reversed_] == [wrong]
        assert "reason" not in reversed_[0]["data"]  # free text stays out of events
        history = [h["detail"] for h in (await svc.certificate(cid))["history"] if h["command"] == "record_travel"]
        assert history == ["ticket:child", f"reversal:{wrong}", "ticket:child"]
