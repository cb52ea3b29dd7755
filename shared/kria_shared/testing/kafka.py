"""Helpers for real-broker tests: unique topics, draining a topic, waiting for a condition."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord, TopicPartition


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def read_topic(
    bootstrap: str, topic: str, *, expect: int, timeout_s: float = 30.0
) -> list[ConsumerRecord[Any, Any]]:
    """Read a topic from the beginning until ``expect`` records arrived or the time is up."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    out: list[ConsumerRecord[Any, Any]] = []
    try:
        deadline = time.monotonic() + timeout_s
        while len(out) < expect and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                out.extend(records)
    finally:
        await consumer.stop()
    return out


async def read_all(bootstrap: str, topic: str, *, timeout_s: float = 60.0) -> list[ConsumerRecord[Any, Any]]:
    """Every record of a topic, up to its end offsets at the time of the call."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    await consumer.start()
    out: list[ConsumerRecord[Any, Any]] = []
    try:
        partitions = await consumer._client.fetch_all_metadata()
        tps = [TopicPartition(topic, p) for p in partitions.partitions_for_topic(topic) or ()]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout_s
        while [tp for tp in tps if await consumer.position(tp) < end[tp]]:
            if time.monotonic() > deadline:
                raise AssertionError(f"could not read {topic} to its end in {timeout_s} s")
            for records in (await consumer.getmany(timeout_ms=500)).values():
                out.extend(records)
    finally:
        await consumer.stop()
    return out


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout_s: float = 30.0, every_s: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if await check():
            return
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(every_s)
