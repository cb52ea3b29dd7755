"""The consumer side of the kit against a real broker and both stores."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from kria_shared.contracts.topics import Topics
from kria_shared.metrics import registry
from kria_shared.testing.kafka import eventually, read_topic, unique
from kria_shared.testing.service import running

from .support import consumer, envelope

pytestmark = pytest.mark.kafka


async def produce(bootstrap: str, topic: str, items: list[tuple[bytes, bytes]]) -> None:
    p = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await p.start()
    try:
        for key, value in items:
            await p.send_and_wait(topic, value=value, key=key, partition=0)
    finally:
        await p.stop()


async def test_redelivered_event_changes_nothing_the_second_time(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    prefix = unique("inbox") + "."
    topic = prefix + Topics.CERTIFICATES
    first, second = envelope("cert-1", 1), envelope("cert-1", 2)
    # The same event three times (a producer retry, a relay re-send after a crash, a replay), then another.
    await produce(kafka_bootstrap, topic, [(b"cert-1", first.to_bytes())] * 3 + [(b"cert-1", second.to_bytes())])
    c = consumer(kafka_bootstrap, database_url, prefix, tmp_path, batch=2)  # duplicates across batches too
    async with running(c.runtime.http_app([], title="t")):
        await eventually(lambda: _count(c, 2), timeout_s=30)
        await asyncio.sleep(0.5)
    assert await c.applied() == [("cert-1", 1), ("cert-1", 2)]
    assert c.calls == [("cert-1", 1), ("cert-1", 2)]


async def test_poison_messages_go_to_the_dlq_and_the_partition_moves_on(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    prefix = unique("dlq") + "."
    topic = prefix + Topics.CERTIFICATES
    unknown = orjson.dumps({**orjson.loads(envelope("cert-2", 1).to_bytes()), "type": "SomethingNobodyKnows"})
    bad_payload = orjson.dumps({**orjson.loads(envelope("cert-2", 1).to_bytes()), "data": {"certificate_id": 5}})
    good = envelope("cert-2", 7)
    await produce(kafka_bootstrap, topic, [
        (b"cert-2", b"{not json at all"), (b"cert-2", unknown), (b"cert-2", bad_payload), (b"cert-2", good.to_bytes()),
    ])
    c = consumer(kafka_bootstrap, f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3", prefix, tmp_path)
    async with running(c.runtime.http_app([], title="t")):
        await eventually(lambda: _count(c, 1), timeout_s=30)
    assert await c.applied() == [("cert-2", 7)]
    dlq = await read_topic(kafka_bootstrap, Topics.dlq(prefix + "kria-costing", topic), expect=3, timeout_s=20)
    reasons = [dict(r.headers)["dlq_reason"].decode() for r in dlq]
    assert reasons == ["malformed_message", "unknown_event_type", "malformed_message"]
    for r in dlq:
        h = dict(r.headers)
        assert h["dlq_original_topic"].decode() == topic and h["dlq_original_partition"] == b"0"
        assert h["dlq_detail"]
    assert [int(dict(r.headers)["dlq_original_offset"]) for r in dlq] == [0, 1, 2]


async def test_a_new_consumer_instance_resumes_from_the_committed_offset(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    prefix = unique("resume") + "."
    topic = prefix + Topics.CERTIFICATES
    db_url = f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3"
    await produce(kafka_bootstrap, topic, [(b"k", envelope("k", i).to_bytes()) for i in range(50)])
    a = consumer(kafka_bootstrap, db_url, prefix, tmp_path)
    async with running(a.runtime.http_app([], title="a")):
        await eventually(lambda: _count(a, 50), timeout_s=30)
    # The group's position is on the broker, not only in the inbox b shares with a: b must start from it.
    assert await committed(kafka_bootstrap, prefix + "kria-costing", topic) == 50
    await produce(kafka_bootstrap, topic, [(b"k", envelope("k", i).to_bytes()) for i in range(50, 80)])
    b = consumer(kafka_bootstrap, db_url, prefix, tmp_path)  # a new instance of the same group and store
    async with running(b.runtime.http_app([], title="b")):
        await eventually(lambda: _count(b, 80), timeout_s=30)
        await asyncio.sleep(0.5)
    assert [s for _, s in b.calls] == list(range(50, 80)), "the new instance re-read or skipped events"
    assert [s for _, s in await b.applied()] == list(range(80))
    # Re-read records would be hidden by the shared inbox; the duplicate counter shows them.
    assert not registry.get_sample_value(
        "kria_consumer_events_total", {"service": "costing", "topic": topic, "type": "TravelRecorded",
                                       "outcome": "duplicate"}
    ), "the new instance re-read events the group had already committed"
    assert await committed(kafka_bootstrap, prefix + "kria-costing", topic) == 80


async def committed(bootstrap: str, group: str, topic: str) -> int:
    """The group's committed offsets on the topic, summed over its partitions."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset > 0)


async def _count(c: object, n: int) -> bool:
    return await c.applied_count() >= n  # type: ignore[attr-defined, no-any-return]
