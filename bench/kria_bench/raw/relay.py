"""A bare aiokafka relay standing in for one service: no framework, no validation, no store.

``python -m kria_bench.raw.relay PLAN.json BOOTSTRAP PREFIX`` prints ``ready`` once its consumer holds its
partitions, then waits for ``go <rate|0> <t0 epoch s>`` on stdin: it injects its own records (all at once,
or course by course at ``rate`` courses/s from ``t0``) while relaying: ``getmany`` -> ``send`` the reactions
(many in flight) -> wait for the acks -> commit the offsets, the same at-least-once discipline as a service.
It exits when stdin closes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from itertools import groupby
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from kria_shared.kafka_config import producer_kwargs

PAD = bytes(1 << 20)


class Relay:
    def __init__(self, plan: dict[str, Any], bootstrap: str, prefix: str) -> None:
        self.topic = prefix + plan["produce"]
        self.records = {int(k): (v[0].encode(), v[1], [(h, x.encode("latin-1")) for h, x in v[2]])
                        for k, v in plan["records"].items()}
        self.react = {int(k): v for k, v in plan["react"].items()}
        self.inject: list[list[int]] = plan["inject"]
        self.producer = AIOKafkaProducer(**producer_kwargs(bootstrap, f"raw-{plan['service']}"))
        self.consumer = AIOKafkaConsumer(
            *[prefix + t for t in plan["consume"]], bootstrap_servers=bootstrap,
            group_id=f"raw-{plan['service']}-{uuid.uuid4().hex[:6]}", auto_offset_reset="earliest",
            enable_auto_commit=False, max_poll_records=500,
        )

    async def send(self, seq: int) -> asyncio.Future[Any]:
        key, size, headers = self.records[seq]
        future: asyncio.Future[Any] = await self.producer.send(
            self.topic, value=seq.to_bytes(8, "big") + PAD[: size - 8], key=key, headers=headers)
        return future

    async def ready(self) -> None:
        await self.producer.start()
        await self.consumer.start()
        while not self.consumer.assignment():
            await self.consumer.getmany(timeout_ms=100)

    async def relay_forever(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=100, max_records=500)
            futures = [await self.send(out) for records in batch.values() for r in records
                       for out in self.react.get(int.from_bytes(r.value[:8], "big"), ())]
            if futures:
                await asyncio.gather(*futures)
            if batch:
                await self.consumer.commit()

    async def inject_all(self, rate: float, t0: float) -> None:
        pending: list[asyncio.Future[Any]] = []
        for course, items in groupby(self.inject, key=lambda x: x[0]):
            delay = t0 + (course / rate if rate > 0 else 0.0) - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.extend([await self.send(seq) for _, seq in items])
            if len(pending) > 2000 or rate > 0:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)

    async def stop(self) -> None:
        await self.consumer.stop()
        await self.producer.stop()


async def main(plan: dict[str, Any], bootstrap: str, prefix: str) -> None:
    relay = Relay(plan, bootstrap, prefix)
    await relay.ready()
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    line = await loop.run_in_executor(None, sys.stdin.readline)
    _, rate, t0 = line.split()
    relaying = asyncio.create_task(relay.relay_forever())
    await relay.inject_all(float(rate), float(t0))
    print("injected", flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)  # EOF or "stop": the sink has everything
    relaying.cancel()
    await relay.stop()


if __name__ == "__main__":
    asyncio.run(main(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), sys.argv[2], sys.argv[3]))
