"""The replay plan: the pipeline's own events, re-cast as work for four bare relays.

"Same topic hops" means: each relay stands for one service, consumes exactly the topics that service's
consumer group subscribes to (every record on them, as the service does) and produces exactly the records
that service produced, on its topic, with the same key (so the same partition), the same value size and the
same headers. A record the service produced *in reaction to* a consumed event (its ``causation_id`` names
an event on a topic the service subscribes to) is produced by the relay when it consumes the stand-in of that
cause; every other record (caused by an HTTP call or a timer) is injected by the relay of its producer.
Each record's value starts with its 8-byte sequence number, which is all a relay reads of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kria_bench.tap import Seen
from kria_shared.contracts.topics import Topics

PRODUCER = {Topics.CERTIFICATES: "certificates", Topics.COSTING: "costing", Topics.ASSESSMENT: "assessment",
            Topics.SIGNING: "signing"}
# The topics each service's consumer group subscribes to (services/*/kria_*/app.py).
SUBSCRIPTIONS = {
    "certificates": [Topics.COSTING],
    "costing": [Topics.CERTIFICATES, Topics.ASSESSMENT],
    "assessment": [Topics.CERTIFICATES],
    "signing": [Topics.ASSESSMENT],
}


@dataclass
class Plan:
    events: int
    courses: int
    relays: dict[str, dict[str, Any]]  # per service: what its relay consumes, produces, injects and reacts to
    course_of: list[int] = field(default_factory=list)  # per sequence number: the course's rank
    cause_of: dict[int, int] = field(default_factory=dict)  # reaction -> the record it reacts to
    topic_of: list[str] = field(default_factory=list)


def build(events: list[Seen], course_rank: dict[str, int]) -> Plan:
    ordered = sorted(events, key=lambda e: (e.ts_ms, e.topic, e.partition, e.offset))
    seq_of = {e.event_id: i for i, e in enumerate(ordered)}
    relays: dict[str, dict[str, Any]] = {
        svc: {"service": svc, "consume": topics, "produce": next(t for t, s in PRODUCER.items() if s == svc),
              "records": {}, "inject": [], "react": {}}
        for svc, topics in SUBSCRIPTIONS.items()
    }
    plan = Plan(len(ordered), len(course_rank), relays)
    for i, e in enumerate(ordered):
        svc = PRODUCER[e.topic]
        relay = relays[svc]
        rank = course_rank[e.subject]
        plan.course_of.append(rank)
        plan.topic_of.append(e.topic)
        relay["records"][i] = [e.key.decode(), e.size, [[k, v.decode("latin-1")] for k, v in e.headers]]
        cause = seq_of.get(e.causation_id or "")
        if cause is not None and ordered[cause].topic in relay["consume"]:
            relay["react"].setdefault(cause, []).append(i)
            plan.cause_of[i] = cause
        else:
            relay["inject"].append([rank, i])
    for relay in relays.values():
        relay["inject"].sort()
    return plan
