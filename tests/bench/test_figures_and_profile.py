"""Latency figures from event timestamps, and the profile's stage buckets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kria_bench.figures import end_to_end, hops, percentiles, throughput
from kria_bench.profile import OUTSIDE_GIL, bucket_of, is_wait, summarise

from .events import FLOW, course_events


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=200))
def test_percentiles_are_ordered_and_taken_from_the_values(values: list[float]) -> None:
    p = percentiles(values)
    assert min(values) - 0.1 <= p["p50"] <= p["p95"] <= p["p99"] <= p["max"] <= max(values) + 0.1
    assert p["n"] == len(values)


def test_end_to_end_runs_from_the_decision_to_the_signed_event_on_kafka() -> None:
    _, events = course_events(t0_ms=1_000_000, step_ms=10)
    signed_index = [t for t, _, _ in FLOW].index("ConclusionSigned")
    e2e = end_to_end(events)
    assert e2e["decision_to_signed_ms"]["p50"] == signed_index * 10 + 5  # decision staged 5 ms before its publish


def test_hops_measure_each_reaction_from_its_cause() -> None:
    _, events = course_events(step_ms=10)
    h = hops(events)
    assert h["by_hop"]["ReservationRequested->EstimateCalculated"]["p50"] == 10
    assert h["by_hop"]["ProtocolSubmitted->ConclusionDrafted"]["p50"] == 20
    assert h["all"]["n"] == 5


def test_throughput_counts_events_and_courses_over_the_span() -> None:
    _, events = course_events(t0_ms=1_000_000, step_ms=10)
    t = throughput(events, 1, started_s=1000.0)
    assert t["events"] == len(FLOW) and t["span_s"] == 0.13
    assert t["events_per_s"] == round(len(FLOW) / 0.13, 1)


def test_stacks_are_charged_to_the_innermost_known_library() -> None:
    stack = ["serve (/w/shared/kria_shared/serve.py:10)", "handle (/w/services/costing/kria_costing/handlers.py:5)",
             "execute (/v/site-packages/sqlalchemy/engine/base.py:1)", "sub (/py/lib/python3.11/re/__init__.py:2)"]
    assert bucket_of(stack) == "DB"
    assert bucket_of([*stack[:2], "dumps (/py/lib/python3.11/json/__init__.py:1)"]) == "JSON"
    assert bucket_of([stack[0], "verify (/v/site-packages/jwt/api_jwt.py:1)", "x (/v/cryptography/a.py:1)"]) == \
        "auth (JWT)"
    assert bucket_of(stack[:2]) == "app"


def test_waiting_threads_are_not_counted_as_cpu() -> None:
    assert is_wait("Condition.wait (/py/lib/python3.11/threading.py:320)")
    assert is_wait("EpollSelector.select (/py/lib/python3.11/selectors.py:468)")
    assert not is_wait("handle (/w/services/costing/kria_costing/handlers.py:5)")


def test_cpu_outside_the_gil_is_reported_as_such() -> None:
    raw = "main (/w/kria_x/a.py:1);execute (/v/sqlalchemy/engine/base.py:1) 100\n"
    summary = summarise({"costing": raw}, {"costing": 1.5}, rate=100)
    assert summary["services"]["costing"]["stages_pct"] == {"DB": 66.7, OUTSIDE_GIL: 33.3}
