"""Pick the broker: an existing cluster, a container from the local Kafka image, or the local jars."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kria_shared.kafka_local.container import image_present, kafka_image, start_container_kafka
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


def _start_container(partitions: int) -> RunningKafka:
    c = start_container_kafka(partitions=partitions)
    return RunningKafka(c.bootstrap, "testcontainers", c.started_in_s, c.stop)


def container_branch_available() -> bool:
    """An engine answers and holds the locally built Kafka image (``make images`` / images.sh kafka)."""
    return os.environ.get("KRIA_KAFKA_NO_DOCKER") != "1" and docker_engine_answers() and image_present(kafka_image())


def start_kafka(workdir: Path | None = None, *, partitions: int = 4) -> RunningKafka:
    """Start (or find) a real broker; raises KafkaUnavailable naming what is missing."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        return RunningKafka(external, "external", 0.0, lambda: None)
    if container_branch_available():
        try:
            return _start_container(partitions)
        except Exception as exc:  # the engine answered but the container failed: fall back loudly
            print(f"testcontainers Kafka failed ({exc!r}); falling back to the local jars")
    try:
        jar = start_jar_kafka(workdir, partitions=partitions)
    except KafkaUnavailable:
        raise
    return RunningKafka(jar.bootstrap, "jars", jar.started_in_s, jar.stop, jar.log_file)
