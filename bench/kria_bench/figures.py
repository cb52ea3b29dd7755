"""Throughput and latency from the events themselves (timestamps on the topics, never the driver's clock alone).

- end to end: the decision's envelope ``time`` (when certificates took it) to the Kafka record timestamp of
  ConclusionSigned / ConclusionSubmitted / CertificateSettled (when that event was out for everyone);
- per hop: an event caused by a consumed event (``causation_id``): record timestamp of the effect minus that
  of the cause, i.e. relay publish + broker + consumer batch + handler + commit + the next relay publish.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from kria_bench.tap import Seen

E2E_ENDS = {"signed": "ConclusionSigned", "submitted": "ConclusionSubmitted", "settled": "CertificateSettled"}


def percentiles(values_ms: Sequence[float]) -> dict[str, float | int]:
    """Nearest-rank p50/p95/p99 and the maximum, in milliseconds."""
    if not values_ms:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values_ms)

    def rank(q: float) -> float:
        return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)

    return {"n": len(ordered), "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": round(ordered[-1], 1)}


def events_of(by_subject: dict[str, list[Seen]], subjects: Iterable[str]) -> list[Seen]:
    """The run's events: those keyed by its certificates, each record once (duplicates are the check's business)."""
    out: dict[str, Seen] = {}
    for s in subjects:
        for e in by_subject.get(s, ()):
            out.setdefault(e.event_id, e)
    return list(out.values())


def throughput(events: list[Seen], courses: int, started_s: float) -> dict[str, Any]:
    """Events and courses per second from the first decision sent to the last event published."""
    if not events:
        return {"events": 0, "courses": courses, "span_s": 0.0, "events_per_s": 0.0, "courses_per_s": 0.0}
    span = max(e.ts_ms for e in events) / 1000 - started_s
    return {
        "events": len(events), "courses": courses, "span_s": round(span, 2),
        "events_per_s": round(len(events) / span, 1) if span > 0 else 0.0,
        "courses_per_s": round(courses / span, 2) if span > 0 else 0.0,
        "events_per_course": round(len(events) / courses, 1) if courses else 0.0,
        "bytes_per_event": round(sum(e.size for e in events) / len(events)),
    }


def end_to_end(events: list[Seen]) -> dict[str, dict[str, float | int]]:
    decided: dict[str, float] = {}
    ends: dict[str, dict[str, float]] = {k: {} for k in E2E_ENDS}
    for e in events:
        if e.type == "CertificateIssued":
            decided[e.subject] = e.time_s
        for name, etype in E2E_ENDS.items():
            if e.type == etype:
                ends[name][e.subject] = e.ts_ms / 1000
    return {f"decision_to_{name}_ms": percentiles([(t - decided[s]) * 1000 for s, t in got.items() if s in decided])
            for name, got in ends.items()}


def hops(events: list[Seen]) -> dict[str, Any]:
    """Latency of every event-to-event reaction, overall and per (cause type -> effect type)."""
    by_id = {e.event_id: e for e in events}
    per: dict[str, list[float]] = {}
    for e in events:
        cause = by_id.get(e.causation_id or "")
        if cause is not None:
            per.setdefault(f"{cause.type}->{e.type}", []).append(float(e.ts_ms - cause.ts_ms))
    every = [v for values in per.values() for v in values]
    return {"all": percentiles(every), "by_hop": {k: percentiles(v) for k, v in sorted(per.items())}}
