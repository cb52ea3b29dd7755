"""A single-node Kafka broker in a container, started with testcontainers against a local image.

No registry is assumed: the image is the one ``make images`` builds (deploy/docker/kafka), named by
``KRIA_KAFKA_IMAGE``. The broker advertises the host port it is published on, so clients on the host reach it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from kria_shared.kafka_local.jars import KafkaUnavailable
from kria_shared.kafka_local.process import free_port
from kria_shared.kafka_local.ready import wait_until_ready

DEFAULT_IMAGE = "localhost/kria/kafka:dev"


def kafka_image() -> str:
    return os.environ.get("KRIA_KAFKA_IMAGE", DEFAULT_IMAGE)


def image_present(image: str) -> bool:
    """True when the engine holds the image locally (nothing is pulled: there may be no registry)."""
    try:
        import docker
        from docker.errors import ImageNotFound

        client = docker.from_env(timeout=5)
        try:
            client.images.get(image)
            return True
        except ImageNotFound:
            return False
    except Exception:
        return False


@dataclass
class ContainerKafka:
    bootstrap: str
    container_id: str
    started_in_s: float
    _container: object

    def stop(self) -> None:
        # Ryuk is disabled (its image cannot be pulled here): the fixture removes what it started.
        self._container.stop()  # type: ignore[attr-defined]


def start_container_kafka(*, timeout_s: float = 120.0, partitions: int = 4) -> ContainerKafka:
    # Read by testcontainers at import: Ryuk's image cannot be pulled here, and these machines carry a
    # /.dockerenv that would send testcontainers looking for a gateway Podman's API does not report.
    os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
    os.environ.setdefault("TESTCONTAINERS_CONNECTION_MODE", "docker_host")
    from testcontainers.core.container import DockerContainer

    t0 = time.monotonic()
    port = free_port()
    # The image's HEALTHCHECK is off here: rootful Podman runs it from systemd timers, and a machine without
    # systemd refuses to start the container at all; readiness is the Kafka protocol round trip below.
    container = (
        DockerContainer(kafka_image(), healthcheck={"test": ["NONE"]})
        .with_bind_ports(9092, port)
        .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{port}")
        .with_env("KAFKA_NUM_PARTITIONS", str(partitions))
        .with_env("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
    )
    container.start()
    bootstrap = f"127.0.0.1:{port}"
    try:
        wait_until_ready(bootstrap, timeout_s=timeout_s)
    except KafkaUnavailable:
        logs = container.get_logs()
        container.stop()
        raise KafkaUnavailable(f"the Kafka container did not become ready: {logs!r}"[:2000]) from None
    wrapped = container.get_wrapped_container()
    return ContainerKafka(bootstrap, str(wrapped.id), time.monotonic() - t0, container)
