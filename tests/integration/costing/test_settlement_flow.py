"""From the course's end, its journal and its protocol (two topics, any order) to exactly one settlement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kria_shared.envelope import Envelope
from kria_shared.testing.kafka import eventually
from kria_shared.testing.service import running

from .support import (
    ORDER,
    Costing,
    activities,
    completed,
    course_started,
    example_normalisation,
    head,
    new_id,
    protocol,
    provider,
    reservation,
    terminated,
)

pytestmark = pytest.mark.kafka
ORG = "org-settle-1"


async def estimate_for(costing: Costing, cid: str, seen: int) -> dict[str, Any]:
    await costing.publish(reservation(cid, ORG))
    events = await costing.costing_events(expect=seen + 1)
    return next(e.data for e in events if e.subject == cid and e.type == "EstimateCalculated")


async def test_full_course_and_early_termination_settle_once(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    full, early = new_id(), new_id()
    async with running(costing.app) as client:
        await client.post(f"/v1/organisations/{ORG}/price-lists", json=example_normalisation(), headers=provider(ORG))
        await client.post(f"/v1/organisations/{ORG}/price-lists/1/approve", json=ORDER, headers=head(ORG))
        est_full = await estimate_for(costing, full, seen=1)
        est_early = await estimate_for(costing, early, seen=2)

        # the full course: the protocol is handled before the course end arrives from the other topic
        plan = est_full["plan"]
        half_one = activities(full, ORG, plan[: len(plan) // 2], batch="b1")
        half_two = activities(full, ORG, plan[len(plan) // 2:], batch="b2", extra=1)  # over-delivered: not paid
        resent = Envelope(**{**half_one.model_dump(), "event_id": Envelope.model_fields["event_id"].default_factory()})
        last = protocol(full, ORG)
        await costing.publish(course_started(est_full, ORG), half_one, half_two, resent, last)
        await eventually(lambda: costing.processed(last), timeout_s=30)
        end = completed(full, ORG)
        await costing.publish(end)

        # the early termination: the end comes first, the protocol last
        delivered = activities(early, ORG, est_early["plan"], share=0.5)
        await costing.publish(course_started(est_early, ORG), terminated(early, ORG, days_used=8), delivered,
                              protocol(early, ORG, "terminated_early"))
        events = await costing.costing_events(expect=5)  # approval, 2 estimates, 2 settlements
        settled = {e.subject: e.data for e in events if e.type == "CostSettled"}

        assert settled[full]["paid_kopecks"] == settled[full]["actual_kopecks"] == est_full["total_kopecks"]
        assert settled[full]["released_kopecks"] == est_full["value_kopecks"] - est_full["total_kopecks"]
        over = next(line for line in settled[full]["lines"] if line["delivered"] > 0 and
                    line["total_kopecks"] < line["delivered"] * line["unit_price_kopecks"])
        assert over["total_kopecks"] == (over["delivered"] - 1) * over["unit_price_kopecks"]

        paid_activities = sum(int(line["planned"] * 0.5) * line["unit_price_kopecks"] for line in est_early["plan"])
        accompanying = 8 * est_early["accompanying"]["per_day_kopecks"]
        assert settled[early]["outcome"] == "terminated_early"
        assert settled[early]["accompanying"] == {"days": 8, "per_day_kopecks": est_early["accompanying"][
            "per_day_kopecks"], "total_kopecks": accompanying}
        assert settled[early]["actual_kopecks"] == paid_activities + accompanying == settled[early]["paid_kopecks"]
        assert settled[early]["actual_kopecks"] < est_early["total_kopecks"]
        assert settled[early]["released_kopecks"] == est_early["value_kopecks"] - settled[early]["paid_kopecks"]

        # news after the settlement (a repeated end under a new id) changes nothing
        repeat = completed(full, ORG)
        await costing.publish(repeat)
        await eventually(lambda: costing.processed(repeat), timeout_s=30)
        costs = (await client.get(f"/v1/certificates/{full}/costs", headers=provider(ORG))).json()
        assert costs["settlement"]["paid_kopecks"] == est_full["total_kopecks"]
        assert await costing.emitted(full) == ["EstimateCalculated", "CostSettled"]
        assert await costing.emitted(early) == ["EstimateCalculated", "CostSettled"]
        metrics = (await client.get("/metrics")).text
        assert 'kria_costing_settled_kopecks_total{outcome="terminated_early"}' in metrics
        assert 'kria_costing_released_kopecks_total{outcome="completed"}' in metrics
