"""Reservation requests from the certificates topic become estimates or rejections, once each."""

from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path

import pytest

from kria_costing.store import price_lists as store
from kria_shared.contracts.common import ServiceForm
from kria_shared.testing.kafka import eventually
from kria_shared.testing.service import bearer, running

from .support import ORDER, Costing, example_normalisation, head, new_id, provider, reservation

pytestmark = pytest.mark.kafka
ORG, OTHER, STALE = "org-est-1", "org-without-prices", "org-old-standards"


async def test_estimates_rejections_and_a_duplicate(kafka_bootstrap: str, database_url: str, tmp_path: Path) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    ok, short, unpriced, uncovered, no_days = new_id(), new_id(), new_id(), new_id(), new_id()
    async with running(costing.app) as client:
        draft = await client.post(f"/v1/organisations/{ORG}/price-lists", json=example_normalisation(),
                                  headers=provider(ORG))
        await client.post(f"/v1/organisations/{ORG}/price-lists/1/approve", json=ORDER, headers=head(ORG))
        expected = next(c for c in draft.json()["course_totals"]
                        if (c["group"], c["form"], c["age_band"], c["companion"]) == ("2", "inpatient", "14-17", True))

        first = reservation(ok, ORG, age=15, companion=True)
        await costing.publish(
            first, first,  # the same event delivered twice (a producer retry)
            reservation(short, ORG, form=ServiceForm.SEMI_INPATIENT, value=3_000_000),
            reservation(unpriced, OTHER),
            reservation(uncovered, ORG, group="12"),
            reservation(no_days, ORG, days=0),  # broken: still answered, never left waiting (nor sent to the DLQ)
        )
        events = await costing.costing_events(expect=6)  # PriceListApproved + five answers
        answers = {e.subject: e for e in events if e.type != "PriceListApproved"}
        await eventually(lambda: _at_least_one(costing.duplicates_seen(client)), timeout_s=30)
        assert await costing.emitted(ok) == ["EstimateCalculated"]

        estimate = answers[ok]
        assert estimate.type == "EstimateCalculated" and estimate.causation_id == str(first.event_id)
        assert estimate.data["total_kopecks"] == expected["total_kopecks"] <= estimate.data["value_kopecks"]
        assert estimate.data["price_list_version"] == "1"
        assert estimate.data["standard_version"] == "kria-standards-2026.2/crg-2"
        assert sum(line["planned"] for line in estimate.data["plan"]) == 120
        assert "career_guidance" in {line["direction"] for line in estimate.data["plan"]}
        # the example's calculation: meals 379.82 + bed-day 263.81 + companion meals 400.72 + bed-day 263.81
        assert estimate.data["accompanying"]["per_day_kopecks"] == 37_982 + 26_381 + 40_072 + 26_381

        assert (answers[short].type, answers[short].data["reason"]) == ("EstimateRejected", "exceeds_certificate_value")
        assert answers[short].data["total_kopecks"] > 3_000_000
        assert answers[unpriced].data["reason"] == "no_approved_price_list"
        assert answers[uncovered].data["reason"] == "standard_not_covered"
        assert (answers[no_days].type, answers[no_days].data["reason"]) == ("EstimateRejected", "invalid_course_days")

        costs = await client.get(f"/v1/certificates/{ok}/costs", headers=provider(ORG))
        assert costs.status_code == 200
        assert [e["estimate_id"] for e in costs.json()["estimates"]] == [estimate.data["estimate_id"]]
        assert costs.json()["settlement"] is None
        assert (await client.get(f"/v1/certificates/{ok}/costs", headers=provider(OTHER))).status_code == 404
        assert (await client.get(f"/v1/certificates/{ok}/costs",
                                 headers=bearer("costing", "sfr_operator"))).status_code == 200

        async def counted() -> bool:
            text = (await client.get("/metrics")).text
            return 'kria_costing_estimates_total{outcome="rejected",reason="standard_not_covered"}' in text

        await eventually(counted, timeout_s=10)


async def test_a_price_list_for_replaced_standards_is_not_used(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    cid = new_id()
    async with running(costing.app) as client:
        await client.post(f"/v1/organisations/{STALE}/price-lists", json=example_normalisation(),
                          headers=provider(STALE))
        approved = await client.post(f"/v1/organisations/{STALE}/price-lists/1/approve", json=ORDER,
                                     headers=head(STALE))
        assert approved.status_code == 200
        async with costing.app.state.runtime.uows() as uow:  # as if approved before the region's new standards
            row = await store.price_list(uow.session, STALE, 1)
            assert row is not None
            row.standards_version = "kria-standards-2025.9"
            row.prices = {**row.prices, "standards_version": "kria-standards-2025.9"}
            uow.session.add(row)

        await costing.publish(reservation(cid, STALE))
        answers = [e for e in await costing.costing_events(expect=2) if e.subject == cid]
        assert [(e.type, e.data["reason"]) for e in answers] == [("EstimateRejected", "standards_changed")]
        costs = (await client.get(f"/v1/certificates/{cid}/costs", headers=provider(STALE))).json()
        assert [(e["outcome"], e["reason"]) for e in costs["estimates"]] == [("rejected", "standards_changed")]


async def _at_least_one(count: Awaitable[int]) -> bool:
    return await count >= 1
