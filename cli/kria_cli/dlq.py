"""``kria dlq``: list, inspect and replay dead-letter queues (``<group>.<topic>.dlq``) after a fix.

A dead letter keeps the original key, value and headers, plus ``dlq_*`` headers naming the reason and the
original topic/partition/offset (kria_shared/dlq.py). ``replay`` re-publishes records to their original topic
with the same key and value, hence the same ``event_id``: consumers that had processed the event already
skip it (inbox), the consumer that dead-lettered it processes it now. Replay progress is committed under the
consumer group ``kria-dlq-replay`` (only for unfiltered replays), so running it twice does not publish twice.
Payloads may hold personal data: ``inspect`` prints envelope attributes only unless ``--payload`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord, TopicPartition

from kria_shared.kafka_config import producer_kwargs, security_kwargs

REPLAY_GROUP = "kria-dlq-replay"


@dataclass(frozen=True)
class DeadLetter:
    partition: int
    offset: int
    reason: str
    detail: str
    original: str  # topic:partition:offset
    event_type: str | None
    event_id: str | None
    subject: str | None
    payload: dict[str, Any] | None


def describe(record: ConsumerRecord[Any, Any], with_payload: bool = False) -> DeadLetter:
    headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
    envelope: dict[str, Any] = {}
    try:
        parsed = json.loads(record.value or b"")
        envelope = parsed if isinstance(parsed, dict) else {}
    except ValueError:
        pass  # a malformed message is exactly what a DLQ may hold
    original = ":".join(headers.get(f"dlq_original_{k}", "?") for k in ("topic", "partition", "offset"))
    return DeadLetter(
        partition=record.partition, offset=record.offset, reason=headers.get("dlq_reason", "?"),
        detail=headers.get("dlq_detail", ""), original=original, event_type=envelope.get("type"),
        event_id=envelope.get("event_id"), subject=envelope.get("subject"),
        payload=envelope.get("data") if with_payload else None,
    )


def bootstrap_default() -> str:
    return os.environ.get("KRIA_KAFKA_BOOTSTRAP_SERVERS") or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


async def partitions(bootstrap: str, prefix_or_names: str | list[str]) -> dict[str, list[TopicPartition]]:
    """Partitions of the named topics, or of every ``*.dlq`` topic starting with a prefix."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="kria-dlq", **security_kwargs())
    await admin.start()
    try:
        if isinstance(prefix_or_names, str):
            names = sorted(t for t in await admin.list_topics()
                           if t.endswith(".dlq") and t.startswith(prefix_or_names))
        else:
            names = prefix_or_names
        described = await admin.describe_topics(names) if names else []
    finally:
        await admin.close()
    return {t["topic"]: [TopicPartition(t["topic"], p["partition"]) for p in sorted(
        t["partitions"], key=lambda p: p["partition"])] for t in described if t["error_code"] == 0}


async def list_dlqs(bootstrap: str, prefix: str = "") -> dict[str, int]:
    """Every ``*.dlq`` topic (starting with ``prefix``) with the number of records it holds."""
    topics = await partitions(bootstrap, prefix)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, **security_kwargs())
    await consumer.start()
    try:
        counts: dict[str, int] = {}
        for name, tps in sorted(topics.items()):
            ends, starts = await consumer.end_offsets(tps), await consumer.beginning_offsets(tps)
            counts[name] = sum(ends[tp] - starts[tp] for tp in tps)
        return counts
    finally:
        await consumer.stop()


async def read_dlq(consumer: AIOKafkaConsumer, bootstrap: str, topic: str, *,
                   from_committed: bool) -> AsyncIterator[Any]:
    """The records present when called, partition by partition, from the start (or the committed offset)."""
    tps = (await partitions(bootstrap, [topic])).get(topic)
    if not tps:
        raise SystemExit(f"kria dlq: no topic {topic!r} (see `kria dlq list`)")
    consumer.assign(tps)
    starts, ends = await consumer.beginning_offsets(tps), await consumer.end_offsets(tps)
    for tp in tps:
        committed = await consumer.committed(tp) if from_committed else None
        # explicit offsets: seek_to_beginning() can lose a race with the reset that assign() starts
        consumer.seek(tp, max(committed or 0, starts[tp]))
    pending = {tp for tp in tps if await consumer.position(tp) < ends[tp]}
    while pending:
        batch = await consumer.getmany(*pending, timeout_ms=1000)
        for tp, records in batch.items():
            for record in records:
                if record.offset < ends[tp]:
                    yield record
            if await consumer.position(tp) >= ends[tp]:
                pending.discard(tp)


async def inspect(bootstrap: str, topic: str, limit: int, with_payload: bool) -> list[DeadLetter]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest", **security_kwargs())
    await consumer.start()
    found: list[DeadLetter] = []
    try:
        async for record in read_dlq(consumer, bootstrap, topic, from_committed=False):
            found.append(describe(record, with_payload))
            if len(found) >= limit:
                break
    finally:
        await consumer.stop()
    return found


def wanted(letter: DeadLetter, reason: str | None, event_type: str | None) -> bool:
    return (reason is None or letter.reason == reason) and (event_type is None or letter.event_type == event_type)


async def replay(bootstrap: str, topic: str, *, reason: str | None = None, event_type: str | None = None,
                 dry_run: bool = False) -> list[DeadLetter]:
    """Re-publish matching dead letters to their original topics; return what was (or would be) replayed."""
    filtered = reason is not None or event_type is not None
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=REPLAY_GROUP, enable_auto_commit=False,
                                auto_offset_reset="earliest", **security_kwargs())
    producer = AIOKafkaProducer(**producer_kwargs(bootstrap, "kria-dlq-replay"))
    await consumer.start()
    await producer.start()
    replayed: list[DeadLetter] = []
    try:
        async for record in read_dlq(consumer, bootstrap, topic, from_committed=not filtered):
            letter = describe(record)
            original_topic = letter.original.split(":")[0]
            if not wanted(letter, reason, event_type) or original_topic == "?":
                continue
            if not dry_run:
                headers = [(k, v) for k, v in record.headers or () if not k.startswith("dlq_")]
                headers.append(("dlq_replayed_from", f"{topic}:{record.partition}:{record.offset}".encode()))
                await producer.send_and_wait(original_topic, value=record.value, key=record.key, headers=headers)
                if not filtered:  # progress: the next unfiltered replay starts after this record
                    await consumer.commit({TopicPartition(topic, record.partition): record.offset + 1})
            replayed.append(letter)
    finally:
        await producer.stop()
        await consumer.stop()
    return replayed


def _print(letters: list[DeadLetter], as_json: bool) -> None:
    for letter in letters:
        if as_json:
            print(json.dumps(asdict(letter), ensure_ascii=False))
        else:
            print(f"{letter.partition}:{letter.offset}  {letter.reason:<28} {letter.event_type or '-':<24} "
                  f"{letter.event_id or '-'}  from {letter.original}  {letter.detail[:80]}")


def run(args: argparse.Namespace) -> int:
    if args.dlq_command == "list":
        for name, count in asyncio.run(list_dlqs(args.bootstrap, args.prefix)).items():
            print(f"{count:>8}  {name}")
        return 0
    if args.dlq_command == "inspect":
        _print(asyncio.run(inspect(args.bootstrap, args.topic, args.limit, args.payload)), args.json)
        return 0
    letters = asyncio.run(replay(args.bootstrap, args.topic, reason=args.reason, event_type=args.type,
                                 dry_run=args.dry_run))
    _print(letters, args.json)
    print(f"{'would replay' if args.dry_run else 'replayed'} {len(letters)} record(s) from {args.topic}")
    return 0


def add_dlq_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    dlq = subparsers.add_parser("dlq", help="inspect and re-publish dead-letter queues after a fix")
    dlq.add_argument("--bootstrap", default=bootstrap_default(), help="Kafka bootstrap servers")
    sub = dlq.add_subparsers(dest="dlq_command", required=True)
    lst = sub.add_parser("list", help="every DLQ topic with its record count")
    lst.add_argument("--prefix", default="", help="only DLQs whose name starts so, e.g. kria-costing.")
    ins = sub.add_parser("inspect", help="show the dead letters of one DLQ topic")
    ins.add_argument("topic", help="e.g. kria-costing.kria.certificates.v1.dlq")
    ins.add_argument("--limit", type=int, default=100)
    ins.add_argument("--payload", action="store_true", help="also print payloads (may contain personal data)")
    ins.add_argument("--json", action="store_true", help="one JSON object per line")
    rep = sub.add_parser("replay", help="re-publish dead letters to their original topic (after the fix)")
    rep.add_argument("topic")
    rep.add_argument("--reason", help="only dead letters with this dlq_reason")
    rep.add_argument("--type", help="only events of this type")
    rep.add_argument("--dry-run", action="store_true", help="show what would be replayed, publish nothing")
    rep.add_argument("--json", action="store_true")
    dlq.set_defaults(func=run)
