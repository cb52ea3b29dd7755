"""Readiness that speaks the Kafka protocol: an ApiVersions then a Metadata round trip."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import time

from aiokafka import AIOKafkaClient
from aiokafka.errors import KafkaError

from kria_shared.kafka_local.jars import KafkaUnavailable


async def _probe(bootstrap: str) -> bool:
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # refusals are expected while it boots
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await client.bootstrap()  # ApiVersions + Metadata on the wire
        md = await client.fetch_all_metadata()
        return len(md.brokers()) > 0
    except (KafkaError, OSError):
        return False
    finally:
        await client.close()


def wait_until_ready(
    bootstrap: str, *, timeout_s: float, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise KafkaUnavailable(f"the Kafka broker exited with code {process.returncode} during start-up")
        if asyncio.run(_probe(bootstrap)):
            return
        time.sleep(0.3)
    raise KafkaUnavailable(f"the Kafka broker at {bootstrap} was not ready within {timeout_s:.0f} s")
