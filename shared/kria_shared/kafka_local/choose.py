"""Pick the broker: an existing cluster, a Docker container, or the local jars."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kria_shared.kafka_local.jars import KafkaUnavailable
from kria_shared.kafka_local.process import start_jar_kafka


@dataclass
class RunningKafka:
    bootstrap: str
    kind: str  # "external" | "testcontainers" | "jars"
    started_in_s: float
    stop: Callable[[], None]
    log_file: Path | None = None


def docker_engine_answers() -> bool:
    """A ping to the engine, not a look for the ``docker`` binary (the client alone proves nothing)."""
    try:
        import docker

        client = docker.from_env(timeout=3)
        return bool(client.ping())
    except Exception:
        return False


def _start_container() -> RunningKafka:
    from testcontainers.community.kafka import KafkaContainer

    t0 = time.monotonic()
    container = (
        KafkaContainer("confluentinc/cp-kafka:7.9.2")
        .with_kraft()
        .with_env("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
    )
    container.start(timeout=120)
    return RunningKafka(container.get_bootstrap_server(), "testcontainers", time.monotonic() - t0, container.stop)


def start_kafka(workdir: Path | None = None, *, partitions: int = 4) -> RunningKafka:
    """Start (or find) a real broker; raises KafkaUnavailable naming what is missing."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        return RunningKafka(external, "external", 0.0, lambda: None)
    if os.environ.get("KRIA_KAFKA_NO_DOCKER") != "1" and docker_engine_answers():
        try:
            return _start_container()
        except Exception as exc:  # the engine answered but the container failed: fall back loudly
            print(f"testcontainers Kafka failed ({exc!r}); falling back to the local jars")
    try:
        jar = start_jar_kafka(workdir, partitions=partitions)
    except KafkaUnavailable:
        raise
    return RunningKafka(jar.bootstrap, "jars", jar.started_in_s, jar.stop, jar.log_file)
