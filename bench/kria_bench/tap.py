"""The bench's tap: one consumer reading the platform's four topics from the start.

It keeps a light record of every event (ids, type, subject, cause, timestamps, size) for the figures and the
sequence check, and wakes the course drivers waiting for an event of their certificate, so the actors react
to events as a real client would instead of polling the services' HTTP APIs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer

from kria_shared.contracts.topics import ALL_TOPICS

# Payloads the course drivers read (the rest is dropped to keep the tap small).
KEEP_DATA = frozenset({"ReservationRequested", "EstimateCalculated", "ReservationRejected", "ConclusionDrafted",
                       "ActivitiesRecorded"})


@dataclass(slots=True)
class Seen:
    topic: str  # without the run's prefix
    partition: int
    offset: int
    ts_ms: int  # Kafka record timestamp: when the producing service's relay handed it to Kafka
    size: int  # bytes of the record value
    key: bytes
    headers: list[tuple[str, bytes]]
    event_id: str
    type: str
    subject: str
    causation_id: str | None
    time_s: float  # envelope ``time``: when the producing transaction staged it
    data: dict[str, Any] | None


def parse(record: Any, prefix: str) -> Seen:
    env = orjson.loads(record.value)
    return Seen(
        topic=record.topic.removeprefix(prefix), partition=record.partition, offset=record.offset,
        ts_ms=record.timestamp, size=len(record.value), key=record.key or b"", headers=list(record.headers or ()),
        event_id=env["event_id"], type=env["type"], subject=env["subject"], causation_id=env.get("causation_id"),
        time_s=datetime.fromisoformat(env["time"]).timestamp(),
        data=env["data"] if env["type"] in KEEP_DATA else None,
    )


class Tap:
    def __init__(self, bootstrap: str, prefix: str) -> None:
        self.bootstrap = bootstrap
        self.prefix = prefix
        self.seen: list[Seen] = []
        self.by_subject: dict[str, list[Seen]] = {}
        self._waiters: dict[str, list[tuple[frozenset[str], frozenset[str], asyncio.Future[Seen]]]] = {}
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            *[self.prefix + t for t in ALL_TOPICS], bootstrap_servers=self.bootstrap, group_id=None,
            auto_offset_reset="earliest", enable_auto_commit=False, fetch_max_wait_ms=50,
        )
        await self._consumer.start()
        self._task = asyncio.create_task(self._run(), name="bench-tap")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer:
            await self._consumer.stop()

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batch = await self._consumer.getmany(timeout_ms=50, max_records=2000)
            for records in batch.values():
                for record in records:
                    self._add(parse(record, self.prefix))

    def _add(self, s: Seen) -> None:
        self.seen.append(s)
        self.by_subject.setdefault(s.subject, []).append(s)
        waiters = self._waiters.get(s.subject)
        if not waiters:
            return
        for entry in list(waiters):
            types, exclude, future = entry
            if s.type in types and s.event_id not in exclude and not future.done():
                future.set_result(s)
                waiters.remove(entry)

    async def wait(self, subject: str, types: Iterable[str], *, exclude: Iterable[str] = (),
                   timeout_s: float = 120.0) -> Seen:
        """The first event of ``subject`` with one of ``types`` (and not in ``exclude``), now or when it comes."""
        wanted, skip = frozenset(types), frozenset(exclude)
        for s in self.by_subject.get(subject, ()):
            if s.type in wanted and s.event_id not in skip:
                return s
        future: asyncio.Future[Seen] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(subject, []).append((wanted, skip, future))
        try:
            return await asyncio.wait_for(future, timeout_s)
        except TimeoutError:
            raise TimeoutError(f"no {sorted(wanted)} for {subject} within {timeout_s:.0f} s") from None
