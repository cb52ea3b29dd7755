"""The pilot end to end: four service processes, a real broker, the people of a region on their APIs."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from kria_shared.contracts.topics import Topics

from .support import facts_per_certificate, run_pilot, stack

pytestmark = [pytest.mark.e2e, pytest.mark.kafka]


async def test_a_region_runs_from_decisions_to_settlement(kafka_bootstrap: str, tmp_path: Path) -> None:
    with stack(tmp_path, kafka_bootstrap) as (s, prefix):
        report = await run_pilot(s, prefix, kafka_bootstrap, children=30, seed=7)
    assert report["invariants"] == dict.fromkeys(report["invariants"], True), report["invariants"]
    # Exact counts for this seed (30 children; one of each special row kind from the generator's list).
    assert report["import"]["outcomes"] == {"issued": 29, "refused": 1}
    assert report["import"]["codes"] == {"refused:age_out_of_range": 1}
    assert [r["row"] for r in report["import"]["rows"]] == list(range(1, 31))
    finished = report["courses"]["completed"] + report["courses"]["terminated_early"]
    assert report["certificates"].get("settled") == finished
    assert report["conclusions"]["submitted"] == finished == report["conclusions"]["verified"]
    assert report["money"]["settled_kopecks"] <= report["money"]["estimated_kopecks"]
    assert report["events_total"] > 30 * 20


async def test_a_service_killed_mid_scenario_loses_and_doubles_nothing(kafka_bootstrap: str, tmp_path: Path) -> None:
    with stack(tmp_path, kafka_bootstrap) as (s, prefix):
        pilot = asyncio.create_task(run_pilot(s, prefix, kafka_bootstrap, children=20, seed=11))
        await asyncio.sleep(12)  # the courses are running: reservations, journals, settlements in flight
        assert not pilot.done(), "the scenario ended before the service could be stopped"
        s.stop_one("costing", sig=signal.SIGKILL)
        await asyncio.sleep(6)
        s.start_one("costing")
        await asyncio.to_thread(s.wait_ready, 60.0, ("costing",))
        report = await pilot
        settled = await facts_per_certificate(kafka_bootstrap, prefix, Topics.COSTING, "CostSettled")
        issued_events = await facts_per_certificate(kafka_bootstrap, prefix, Topics.CERTIFICATES,
                                                    "CertificateSettled")
    assert report["invariants"] == dict.fromkeys(report["invariants"], True), report["invariants"]
    finished = report["courses"]["completed"] + report["courses"]["terminated_early"]
    assert finished > 0 and report["certificates"].get("settled") == finished
    assert sorted(settled.values()) == [1] * finished, "a settlement was lost or doubled"
    assert sorted(issued_events.values()) == [1] * finished
