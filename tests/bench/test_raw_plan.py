"""The raw chain's plan: same producers, same keys and sizes, reactions only where the service consumed the cause."""

from __future__ import annotations

from kria_bench.raw.plan import SUBSCRIPTIONS, build
from kria_shared.contracts.topics import Topics

from .events import FLOW, course_events


def test_every_event_is_produced_once_by_the_relay_of_its_service() -> None:
    _, events = course_events("cert-a")
    plan = build(events, {"cert-a": 0})
    produced = [seq for relay in plan.relays.values() for seq in relay["records"]]
    assert sorted(produced) == list(range(len(FLOW)))
    for relay in plan.relays.values():
        injected = {seq for _, seq in relay["inject"]}
        reacting = {seq for outs in relay["react"].values() for seq in outs}
        assert injected | reacting == set(relay["records"]) and not injected & reacting


def test_reactions_follow_the_causes_the_service_consumed() -> None:
    _, events = course_events("cert-a")
    plan = build(events, {"cert-a": 0})
    names = {i: e.type for i, e in enumerate(sorted(events, key=lambda e: e.ts_ms))}
    reactions = {(names[cause], names[seq]) for seq, cause in plan.cause_of.items()}
    assert reactions == {("ReservationRequested", "EstimateCalculated"), ("EstimateCalculated", "ReservationConfirmed"),
                         ("ProtocolSubmitted", "CostSettled"), ("ProtocolSubmitted", "ConclusionDrafted"),
                         ("CostSettled", "CertificateSettled")}
    assert plan.relays["costing"]["consume"] == SUBSCRIPTIONS["costing"] == [Topics.CERTIFICATES, Topics.ASSESSMENT]


def test_records_keep_key_size_and_headers() -> None:
    _, events = course_events("cert-a")
    plan = build(events, {"cert-a": 0})
    first = plan.relays["certificates"]["records"][0]
    assert first == ["cert-a", events[0].size, [["ce_type", "CertificateIssued"]]]


def test_courses_are_ranked_for_pacing() -> None:
    _, one = course_events("cert-a", t0_ms=1_000)
    _, two = course_events("cert-b", t0_ms=500)
    plan = build(one + two, {"cert-a": 0, "cert-b": 1})
    assert plan.courses == 2 and sorted(set(plan.course_of)) == [0, 1]
    injected = plan.relays["certificates"]["inject"]
    assert injected == sorted(injected) and injected[0][0] == 0
