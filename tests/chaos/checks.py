"""What must hold on the cluster and the platform: every partition led and fully in sync, no dead letter, and
every effect that happens once per course (a settlement, a conclusion drafted, signed, submitted) present
exactly once on the wire — a consumer that applied an event twice would have emitted its effect twice."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from kria_cli.demo.topics import dlq_events
from kria_shared.contracts.topics import ALL_TOPICS

# Once per finished course; the subject (Kafka key) is the certificate id.
ONCE_PER_COURSE = ("CourseCompleted|CourseTerminatedEarly", "CertificateSettled", "CostSettled", "ProtocolSubmitted",
                   "ConclusionDrafted", "ConclusionSigned", "ConclusionSubmitted")


async def partitions_in_sync(bootstrap: str, replicas: int = 3) -> tuple[bool, str]:
    """Every partition of the platform's topics (and the offsets topic) has a leader and ``replicas`` in sync."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    try:
        await admin.start()
        described = await admin.describe_topics([*ALL_TOPICS, "__consumer_offsets"])
    except Exception as exc:  # a broker still coming back: not in sync yet
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        await admin.close()
    for t in described:
        if t.get("error_code"):
            return False, f"{t['topic']}: error {t['error_code']}"
        for p in t["partitions"]:
            if p["leader"] < 0 or len(p["isr"]) < replicas:
                return False, f"{t['topic']}[{p['partition']}] leader {p['leader']} isr {p['isr']}"
    return True, "in sync"


async def leader_of(bootstrap: str, topic: str, partition: int = 0) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (t,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return int(next(p["leader"] for p in t["partitions"] if p["partition"] == partition))


async def group_lag(bootstrap: str, group: str) -> int:
    """Records on the platform's topics the group has not committed yet (its batch in hand among them)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    if not committed:
        return 0
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        end = await consumer.end_offsets(list(committed))
    finally:
        await consumer.stop()
    return sum(max(0, end[tp] - meta.offset) for tp, meta in committed.items() if meta.offset >= 0)


async def dead_letters(bootstrap: str, since_ms: int) -> int:
    return await dlq_events(bootstrap, "", since_ms)


async def _partitions(bootstrap: str, topics: tuple[str, ...] | list[str]) -> list[TopicPartition]:
    """The topics' partitions as the cluster describes them (a group-less consumer caches no topic's metadata)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    tps = [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]
    assert {tp.topic for tp in tps} == set(topics), f"topics not described: {set(topics) - {tp.topic for tp in tps}}"
    return sorted(tps)


async def read_events(bootstrap: str) -> list[dict[str, Any]]:
    """Every record of the four platform topics, from the beginning (a group-less reader)."""
    tps = await _partitions(bootstrap, ALL_TOPICS)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        out: list[dict[str, Any]] = []
        remaining = {tp for tp in tps if end[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=2000)
            for tp, records in batch.items():
                for r in records:
                    out.append(orjson.loads(r.value))
                    if r.offset + 1 >= end[tp]:
                        remaining.discard(tp)
            await asyncio.sleep(0)
        return out
    finally:
        await consumer.stop()


def exactly_once(events: list[dict[str, Any]], finished: set[str]) -> dict[str, Any]:
    """Per finished course, each once-only effect: how many distinct events (by event_id) carry it.

    A record the relay sent twice (it crashed between the send and marking the row) has the same event_id and
    is deduplicated by every inbox: it is counted once. Two distinct events of one kind for one course mean an
    event was applied twice; none means it was lost."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in events:
        seen[e["subject"]][e["type"]].add(e["event_id"])
    missing: Counter[str] = Counter()
    doubled: Counter[str] = Counter()
    for cid in finished:
        for kinds in ONCE_PER_COURSE:
            n = sum(len(seen[cid].get(k, ())) for k in kinds.split("|"))
            if n == 0:
                missing[kinds] += 1
            elif n > 1:
                doubled[kinds] += 1
    unique = len({e["event_id"] for e in events})
    return {"records": len(events), "distinct_events": unique, "redelivered_records": len(events) - unique,
            "missing": dict(missing), "applied_twice": dict(doubled)}
