"""Consumer lag of the KRiA consumer groups, exported for Prometheus under kafka_exporter's metric names.

``kafka_consumergroup_current_offset{consumergroup,topic,partition}`` is the committed offset and
``kafka_consumergroup_lag`` the log end offset minus it (a partition the group never committed counts from
the log start, as ``auto_offset_reset="earliest"`` would read it). Alerts, dashboards and this exporter share
those names, so a region may run danielqsj/kafka-exporter or Strimzi's Kafka Exporter instead without
touching a rule. Run: ``python lag_exporter.py --port 9308``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition
from prometheus_client import CollectorRegistry, Gauge, start_http_server

try:  # inside a KRiA image or the workspace: the same security settings as the services (KRIA_KAFKA_*)
    from kria_shared.contracts.topics import GROUPS
    from kria_shared.kafka_config import security_kwargs
except ImportError:  # pragma: no cover - standalone use
    GROUPS = {s: f"kria-{s}" for s in ("certificates", "costing", "assessment", "signing")}

    def security_kwargs() -> dict[str, object]:  # type: ignore[misc]
        return {}

log = logging.getLogger("kria.lag")
REGISTRY = CollectorRegistry()
LAG = Gauge("kafka_consumergroup_lag", "messages not yet consumed", ["consumergroup", "topic", "partition"],
            registry=REGISTRY)
OFFSET = Gauge("kafka_consumergroup_current_offset", "committed offset", ["consumergroup", "topic", "partition"],
               registry=REGISTRY)
LAG_SUM = Gauge("kafka_consumergroup_lag_sum", "lag summed over partitions", ["consumergroup", "topic"],
                registry=REGISTRY)
UP = Gauge("kria_lag_exporter_up", "1 when the last poll of the broker succeeded", registry=REGISTRY)


async def group_lag(
    admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, group: str
) -> dict[TopicPartition, tuple[int, int]]:
    """(committed position, lag) per partition of every topic the group has committed offsets for."""
    committed = await admin.list_consumer_group_offsets(group)
    topics = {tp.topic for tp in committed}
    partitions = [TopicPartition(t, p) for t in topics for p in (consumer.partitions_for_topic(t) or ())]
    if not partitions:
        return {}
    ends = await consumer.end_offsets(partitions)
    starts = await consumer.beginning_offsets(partitions)
    lag: dict[TopicPartition, tuple[int, int]] = {}
    for tp in partitions:
        meta = committed.get(tp)
        position = meta.offset if meta is not None and meta.offset >= 0 else starts[tp]
        lag[tp] = position, max(ends[tp] - position, 0)
    return lag


async def poll_forever(bootstrap: str, groups: list[str], every_s: float) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="kria-lag-exporter", **security_kwargs())
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, client_id="kria-lag-exporter", group_id=None,
                                enable_auto_commit=False, **security_kwargs())
    await admin.start()
    await consumer.start()
    try:
        while True:
            try:
                await consumer._client.force_metadata_update()  # new topics/partitions appear without restart
                for group in groups:
                    lag = await group_lag(admin, consumer, group)
                    sums: dict[str, int] = {}
                    for tp, (position, value) in lag.items():
                        OFFSET.labels(group, tp.topic, str(tp.partition)).set(position)
                        LAG.labels(group, tp.topic, str(tp.partition)).set(value)
                        sums[tp.topic] = sums.get(tp.topic, 0) + value
                    for topic, value in sums.items():
                        LAG_SUM.labels(group, topic).set(value)
                UP.set(1)
            except Exception:  # the broker may be restarting: report down, keep polling
                log.exception("lag poll failed")
                UP.set(0)
            await asyncio.sleep(every_s)
    finally:
        await consumer.stop()
        await admin.close()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bootstrap", default=os.environ.get("KRIA_KAFKA_BOOTSTRAP_SERVERS")
                   or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
    p.add_argument("--group", action="append", help="consumer group (repeatable; default: the four KRiA groups)")
    p.add_argument("--port", type=int, default=9308)
    p.add_argument("--address", default="0.0.0.0")
    p.add_argument("--interval", type=float, default=10.0, help="seconds between polls")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    start_http_server(args.port, addr=args.address, registry=REGISTRY)
    asyncio.run(poll_forever(args.bootstrap, args.group or sorted(GROUPS.values()), args.interval))


if __name__ == "__main__":
    main()
