"""Counting what sits on topics: the platform's four streams and the DLQs."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from kria_shared.contracts.topics import ALL_TOPICS


async def topic_sizes(
    bootstrap: str, *, names: list[str] | None = None, prefix: str = "", suffix: str | None = None,
    since_ms: int | None = None,
) -> dict[str, int]:
    """Records per topic (end minus beginning offsets): the named topics, or those with ``prefix``/``suffix``;
    with ``since_ms`` only the records written at or after that time (epoch milliseconds)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in (names or existing) if t in existing and t.startswith(prefix)
                  and (suffix is None or t.endswith(suffix))]
        described = await admin.describe_topics(wanted) if wanted else []
    finally:
        await admin.close()
    tps = [TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]]
    if not tps:
        return {}
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        begin, end = await consumer.beginning_offsets(tps), await consumer.end_offsets(tps)
        if since_ms is not None:
            found = await consumer.offsets_for_times(dict.fromkeys(tps, since_ms))
            begin = {tp: end[tp] if at is None else at.offset for tp, at in found.items()}  # None: nothing newer
    finally:
        await consumer.stop()
    sizes: dict[str, int] = {}
    for tp in tps:
        sizes[tp.topic] = sizes.get(tp.topic, 0) + end[tp] - begin[tp]
    return sizes


async def events_total(bootstrap: str, prefix: str = "") -> int:
    return sum((await topic_sizes(bootstrap, names=[prefix + t for t in ALL_TOPICS])).values())


async def dlq_events(bootstrap: str, prefix: str = "", since_ms: int | None = None) -> int:
    """Dead letters of this run: its prefix (<prefix>kria-<svc>.<prefix>kria.<producer>.v1.dlq) and, as a local
    broker keeps the unprefixed DLQs of earlier runs, only the letters written since the run started."""
    return sum((await topic_sizes(bootstrap, prefix=prefix, suffix=".dlq", since_ms=since_ms)).values())
