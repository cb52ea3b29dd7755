"""Topic provisioning declared in one place and applied idempotently at start.

Partitions are fixed at creation (never add partitions to a live keyed topic); replication and
``min.insync.replicas`` come from the environment (dev: 1; production overlays: 3 and 2).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from kria_shared.contracts.topics import ALL_TOPICS
from kria_shared.kafka_config import security_kwargs

log = logging.getLogger("kria.topics")
TOPIC_ALREADY_EXISTS = 36


class TopicProvisioningError(RuntimeError):
    """The cluster refused to create a topic (e.g. replication above the number of brokers)."""


def topic_plan(prefix: str = "") -> dict[str, int]:
    partitions = int(os.environ.get("KRIA_TOPIC_PARTITIONS", "8"))
    return {prefix + t: partitions for t in ALL_TOPICS}


async def ensure_topics(
    bootstrap: str, prefix: str = "", extra: Iterable[str] = (), *, client_id: str = "kria-admin"
) -> list[str]:
    """Create the missing topics; return the names created (existing ones are left untouched)."""
    replication = int(os.environ.get("KRIA_TOPIC_REPLICATION", "1"))
    min_isr = os.environ.get("KRIA_TOPIC_MIN_ISR", "1" if replication == 1 else "2")
    plan = topic_plan(prefix)
    for name in extra:
        plan.setdefault(name, 1)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id, **security_kwargs())
    await admin.start()
    created: list[str] = []
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, partitions, replication, topic_configs={"min.insync.replicas": min_isr})
            for name, partitions in plan.items()
            if name not in existing
        ]
        for topic in missing:
            try:
                response = await admin.create_topics([topic])
            except TopicAlreadyExistsError:
                continue  # another service created it meanwhile
            # aiokafka reports refusals per topic in the response instead of raising
            for name, code, *rest in getattr(response, "topic_errors", ()):
                if code == TOPIC_ALREADY_EXISTS:
                    continue
                if code != 0:
                    message = rest[0] if rest else ""
                    raise TopicProvisioningError(f"topic {name} refused by the cluster (error {code}): {message}")
                created.append(name)
    finally:
        await admin.close()
    if created:
        log.info("topics created", extra={"topics": created})
    return created
