"""How many events the run put on the platform's topics (end offsets of the four streams)."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition

from kria_shared.contracts.topics import ALL_TOPICS


async def events_total(bootstrap: str, prefix: str = "") -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        await consumer.topics()
        tps = [TopicPartition(prefix + t, p) for t in ALL_TOPICS for p in consumer.partitions_for_topic(prefix + t) or ()]
        if not tps:
            return 0
        begin, end = await consumer.beginning_offsets(tps), await consumer.end_offsets(tps)
        return sum(end[tp] - begin[tp] for tp in tps)
    finally:
        await consumer.stop()
