"""The README's broker order, container branch: with no KAFKA_BOOTSTRAP_SERVERS and an engine that answers,
start_kafka() runs the locally built Kafka image through testcontainers, and it is a real broker."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from kria_shared.kafka_local import start_kafka
from kria_shared.kafka_local.choose import container_branch_available
from kria_shared.kafka_local.container import kafka_image

from .conftest import engine

pytestmark = [pytest.mark.kafka, pytest.mark.containers]


async def _round_trip(bootstrap: str) -> bytes:
    topic = f"kria-container-{uuid.uuid4().hex[:8]}"
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(topic, "кри".encode(), key=b"k")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"g-{topic}")
    await consumer.start()
    try:
        msg = await asyncio.wait_for(consumer.getone(), timeout=30)
        return bytes(msg.value or b"")
    finally:
        await consumer.stop()


def test_the_engine_answers_and_holds_the_local_kafka_image(no_external_broker: None) -> None:
    assert container_branch_available(), f"no engine, or no {kafka_image()} (run: make images)"


def test_start_kafka_takes_the_container_branch_and_the_broker_is_real(no_external_broker: None) -> None:
    broker = start_kafka()
    try:
        assert broker.kind == "testcontainers"
        assert broker.bootstrap.startswith("127.0.0.1:")
        assert asyncio.run(_round_trip(broker.bootstrap)) == "кри".encode()
        running = engine("ps", "--filter", f"ancestor={kafka_image()}", "--format", "{{.ID}}")
        assert running.strip(), "the broker runs in a container of the local image"
    finally:
        broker.stop()


def test_the_kafka_image_is_non_root_labelled_and_health_checked() -> None:
    info = json.loads(engine("image", "inspect", kafka_image()))[0]
    config = info["Config"]
    assert config["User"] == "10001:10001"
    labels = config["Labels"]
    assert labels["org.opencontainers.image.version"] and labels["org.opencontainers.image.revision"]
    assert labels["org.apache.kafka.version"] == "4.1.1"
    health = info.get("Healthcheck") or config.get("Healthcheck")  # podman puts it beside Config
    assert health and "/dev/tcp/127.0.0.1/" in " ".join(health["Test"])
