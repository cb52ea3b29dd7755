"""Topics are declared in one place (kria_shared/topic_admin.py) and shaped by the environment the deployments set."""

from __future__ import annotations

import asyncio
import re

import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from kria_shared.contracts.topics import ALL_TOPICS
from kria_shared.testing.kafka import unique
from kria_shared.topic_admin import ensure_topics

from .support import DEPLOY, ROOT

TOPIC_ENV = {"KRIA_TOPIC_PARTITIONS", "KRIA_TOPIC_REPLICATION", "KRIA_TOPIC_MIN_ISR"}


def test_deployments_set_exactly_the_variables_the_topic_admin_reads() -> None:
    source = (ROOT / "shared" / "kria_shared" / "topic_admin.py").read_text()
    assert set(re.findall(r'os\.environ\.get\("(KRIA_TOPIC_[A-Z_]+)"', source)) == TOPIC_ENV
    compose = yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text())
    assert set(compose["x-kria-service"]["environment"]) >= TOPIC_ENV
    base = yaml.safe_load((DEPLOY / "k8s" / "base" / "kustomization.yaml").read_text())
    literals = {lit.split("=")[0] for lit in base["configMapGenerator"][0]["literals"]}
    assert literals >= TOPIC_ENV


def test_no_other_place_creates_topics() -> None:
    texts = [p.read_text(errors="replace") for p in DEPLOY.rglob("*") if p.is_file() and p.suffix != ".json"]
    for needle in ("kafka-topics", "KAFKA_CREATE_TOPICS", "create_topics"):
        assert not any(needle in t for t in texts), needle


@pytest.mark.kafka
async def test_topics_are_created_with_the_environment_shape_and_never_reshaped(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRIA_TOPIC_PARTITIONS", "3")
    monkeypatch.setenv("KRIA_TOPIC_REPLICATION", "1")
    monkeypatch.setenv("KRIA_TOPIC_MIN_ISR", "1")
    prefix = unique("prov") + "."
    created = await ensure_topics(kafka_bootstrap, prefix, client_id="ops-test")
    assert sorted(created) == sorted(prefix + t for t in ALL_TOPICS)
    # Every start runs it again, maybe with other settings: a live keyed topic never gets more partitions.
    monkeypatch.setenv("KRIA_TOPIC_PARTITIONS", "5")
    await ensure_topics(kafka_bootstrap, prefix, client_id="ops-test")

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        for _ in range(50):  # a topic just created may not have its metadata everywhere yet
            described = await admin.describe_topics(created)
            if all(t["partitions"] for t in described):
                break
            await asyncio.sleep(0.2)
        assert {t["topic"]: len(t["partitions"]) for t in described} == dict.fromkeys(created, 3)
        configs = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, n) for n in created])
        min_isr = {r[3]: dict((e[0], e[1]) for e in r[4])["min.insync.replicas"]
                   for response in configs for r in response.resources}
        assert min_isr == dict.fromkeys(created, "1")
    finally:
        await admin.close()
