"""Run an outbox relay alone: ``python -m kria_shared.relay_main --db URL --bootstrap HOST:PORT``.

Used where the relay is deployed apart from the service, and by the crash tests (SIGKILL mid-batch).
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from aiokafka import AIOKafkaProducer

from kria_shared.db import Database
from kria_shared.inbox import InboxRecord
from kria_shared.kafka_config import producer_kwargs
from kria_shared.outbox import OutboxRecord
from kria_shared.relay import OutboxRelay


async def run(db_url: str, bootstrap: str, service: str, batch: int) -> None:
    db = Database(db_url, [OutboxRecord, InboxRecord])
    await db.create_tables()
    producer = AIOKafkaProducer(**producer_kwargs(bootstrap, f"{service}-relay"))
    await producer.start()
    relay = OutboxRelay(db, producer, service, batch=batch, idle_poll_s=0.2)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await relay.start()
    await stop.wait()
    await relay.stop()
    await producer.stop()
    await db.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--db", required=True)
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--service", default="relay")
    p.add_argument("--batch", type=int, default=1000)
    a = p.parse_args()
    asyncio.run(run(a.db, a.bootstrap, a.service, a.batch))


if __name__ == "__main__":
    main()
