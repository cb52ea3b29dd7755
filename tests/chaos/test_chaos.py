"""Issue 19 item 4: the platform on a three-broker KRaft cluster (replication 3, min.insync.replicas 2, producers
acks=all) keeps every guarantee while, one after another on one load of ≥ 500 courses: a broker is killed and
restarted; the partition leader's broker is cut off the network and rejoined; each service is SIGKILLed in the
middle of a batch and restarted; the PostgreSQL container is paused and unpaused.

After each fault: the cluster back in sync, the services ready, the pipeline moving again (the recovery time),
no dead letter, no effect applied twice. At the end: every course settled, every conclusion signed exactly once,
no event lost, the demo's cross-service invariants true. The figures go to the output and build/chaos-report.json.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
from collections.abc import Callable
from typing import Any

import pytest

from kria_cli.demo.topics import events_total
from kria_shared.contracts.topics import GROUPS, Topics

from . import checks
from .cluster import ROOT, SERVICES, ChaosRegion
from .load import Load

pytestmark = [pytest.mark.chaos, pytest.mark.containers, pytest.mark.kafka, pytest.mark.postgres]

COURSES = int(os.environ.get("KRIA_CHAOS_COURSES", "500"))
# Not every child of the export reaches a course (refused decisions, families who never reserve): ~8 % more.
CHILDREN = math.ceil(COURSES * 1.12)
CONCURRENCY = int(os.environ.get("KRIA_CHAOS_CONCURRENCY", "24"))
RECOVERY_TIMEOUT_S = 300.0


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def _recover(region: ChaosRegion, since: float, before_events: int) -> dict[str, float]:
    """From the fault to: every partition led with 3 in sync, the four services ready, and new events flowing."""
    deadline = since + RECOVERY_TIMEOUT_S
    marks: dict[str, float] = {}
    while time.monotonic() < deadline:
        if "in_sync" not in marks and _run(checks.partitions_in_sync(region.bootstrap))[0]:
            marks["in_sync"] = time.monotonic() - since
        if "ready" not in marks and all(region.service_ready(s) for s in SERVICES):
            marks["ready"] = time.monotonic() - since
        if "moving" not in marks and _total(region) > before_events:
            marks["moving"] = time.monotonic() - since
        if len(marks) == 3:
            return {k: round(v, 1) for k, v in marks.items()}
        time.sleep(1)
    raise AssertionError(f"no recovery in {RECOVERY_TIMEOUT_S:.0f} s: {marks}; "
                         f"{_run(checks.partitions_in_sync(region.bootstrap))[1]}\n{region.logs_tail()}")


def _total(region: ChaosRegion) -> int:
    try:
        return int(_run(events_total(region.bootstrap)))
    except Exception:
        return -1


def _broker_kill(region: ChaosRegion) -> dict[str, Any]:
    victim = 3
    region.kill(f"broker-{victim}")
    t = time.monotonic()
    while time.monotonic() - t < 30 and _run(checks.partitions_in_sync(region.bootstrap))[0]:
        time.sleep(1)  # until the cluster has noticed (the ISRs shrink)
    region.start(f"broker-{victim}")
    return {"broker": victim, "down_s": round(time.monotonic() - t, 1)}


def _leader_cut(region: ChaosRegion) -> dict[str, Any]:
    leader = int(_run(checks.leader_of(region.bootstrap, Topics.CERTIFICATES, 0)))
    region.disconnect(f"broker-{leader}")
    t = time.monotonic()
    time.sleep(20)  # past the broker session timeout (9 s): the controller fences it, leadership moves
    moved_to = int(_run(checks.leader_of(region.bootstrap, Topics.CERTIFICATES, 0)))
    region.reconnect(f"broker-{leader}", region.broker_ip(leader))
    return {"broker": leader, "partition": f"{Topics.CERTIFICATES}[0]", "leader_while_cut": moved_to,
            "cut_s": round(time.monotonic() - t, 1)}


def _service_kill(svc: str) -> Callable[[ChaosRegion], dict[str, Any]]:
    def kill(region: ChaosRegion) -> dict[str, Any]:
        group = GROUPS[svc]
        lag, t = 0, time.monotonic()
        while time.monotonic() - t < 60:  # mid-batch: records delivered to the group and not yet committed
            lag = int(_run(checks.group_lag(region.bootstrap, group)))
            if lag > 0:
                break
            time.sleep(0.2)
        region.kill(svc)
        time.sleep(2)
        region.start(svc)
        return {"service": svc, "uncommitted_records_at_kill": lag}
    return kill


def _postgres_pause(region: ChaosRegion) -> dict[str, Any]:
    region.pause("postgres")
    time.sleep(15)
    region.unpause("postgres")
    return {"paused_s": 15}


FAULTS: list[tuple[str, Callable[[ChaosRegion], dict[str, Any]]]] = [
    ("broker killed and restarted", _broker_kill),
    ("partition leader cut off the network and rejoined", _leader_cut),
    *[(f"{svc} SIGKILLed mid-batch and restarted", _service_kill(svc)) for svc in SERVICES],
    ("PostgreSQL paused and unpaused", _postgres_pause),
]


@pytest.mark.timeout(2400)  # the load plus seven faults and their recoveries (CI budget: 15 min, docs/operations.md)
def test_every_guarantee_holds_through_broker_network_service_and_database_faults(
        chaos_region: ChaosRegion) -> None:
    region = chaos_region
    load = Load(urls={s: region.url(s) for s in SERVICES}, var_dir=region.var_dir, bootstrap=region.bootstrap,
                children=CHILDREN, concurrency=CONCURRENCY)
    load.start()
    # The faults start once the courses are in flight (the import done, journeys running).
    t0 = time.monotonic()
    while load.courses_started == 0 or _total(region) < 4 * load.courses_started:
        assert load.running, f"the load stopped before the faults: {load.error!r}\n{load.console_text.getvalue()}"
        assert time.monotonic() - t0 < 900, "the courses did not get going"
        time.sleep(2)
    since_ms = int(load.started_at * 1000)
    figures: list[dict[str, Any]] = []
    for name, inject in FAULTS:
        assert load.running, (f"the load ended before '{name}' ({load.error!r}): fewer courses than the faults "
                              f"need\n{load.console_text.getvalue()[-3000:]}")
        before = _total(region)
        at = time.monotonic()
        did = inject(region)
        recovery = _recover(region, at, before)
        letters = int(_run(checks.dead_letters(region.bootstrap, since_ms)))
        so_far = _run(checks.read_events(region.bootstrap))
        twice = _doubled_so_far(so_far)
        figures.append({"fault": name, **did, "recovery_s": recovery, "dead_letters": letters,
                        "applied_twice": twice, "events_so_far": len({e["event_id"] for e in so_far})})
        print(f"[chaos] {name}: {did}; recovered {recovery}; dead letters {letters}; applied twice {twice}")
        assert letters == 0, f"after '{name}': {letters} dead letters"
        assert not twice, f"after '{name}': effects applied twice {twice}"
    load.join(timeout_s=1800)
    report = load.report
    assert report is not None
    data = report.pop("_data")
    finished = {cid for cid, d in data["details"].items() if d["state"] in ("completed", "terminated_early", "settled")}
    events = _run(checks.read_events(region.bootstrap))
    once = checks.exactly_once(events, finished)
    unsettled = [cid for cid in finished if data["details"][cid]["state"] != "settled"]
    signed = [c for c in data["conclusions"] if c["state"] in ("signed", "submitted")]
    summary = {
        "courses_started": load.courses_started, "courses_finished": len(finished),
        "courses": report["courses"], "conclusions": report["conclusions"], "faults_injected": len(figures),
        "faults": figures, "events": once, "dead_letters": data["dlq"], "unsettled": len(unsettled),
        "invariants": report["invariants"], "load_elapsed_s": report["elapsed_s"], "errors": report["errors"],
    }
    out = ROOT / "build" / "chaos-report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    _print(summary)
    assert len(finished) >= COURSES, f"{len(finished)} courses finished, {COURSES} wanted"
    assert not unsettled, f"{len(unsettled)} finished courses not settled"
    assert not once["missing"], f"events lost: {once['missing']}"
    assert not once["applied_twice"], f"applied twice: {once['applied_twice']}"
    assert len(signed) == len(finished) == len({c["certificate_id"] for c in signed}), \
        "every finished course has exactly one signed conclusion"
    assert data["dlq"] == 0
    assert all(report["invariants"].values()), report["invariants"]


def _doubled_so_far(events: list[dict[str, Any]]) -> dict[str, int]:
    """Mid-run: no course has two distinct events of a once-only kind (courses not finished yet included)."""
    subjects = {e["subject"] for e in events}
    return checks.exactly_once(events, subjects)["applied_twice"]


def _print(summary: dict[str, Any]) -> None:
    lines = [f"[chaos] courses started {summary['courses_started']}, finished {summary['courses_finished']} "
             f"({summary['courses']}), conclusions {summary['conclusions']['signed']} signed, "
             f"faults {summary['faults_injected']}, load {summary['load_elapsed_s']} s",
             f"[chaos] events: {summary['events']}; dead letters {summary['dead_letters']}; "
             f"unsettled {summary['unsettled']}"]
    lines += [f"[chaos]   {f['fault']}: recovery {f['recovery_s']}" for f in summary["faults"]]
    lines += [f"[chaos] invariant {k}: {v}" for k, v in summary["invariants"].items()]
    print("\n".join(lines))
