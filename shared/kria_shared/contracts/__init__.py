"""Event contracts: the single source of truth for every payload on Kafka.

Each producing service has a module with its payload models and topic. The registry maps an event
``type`` to its payload model and validates with a ``TypeAdapter`` built once.
"""

from kria_shared.contracts.registry import REGISTRY, EventRegistry, payload_type
from kria_shared.contracts.topics import ALL_TOPICS, Topics

__all__ = ["ALL_TOPICS", "REGISTRY", "EventRegistry", "Topics", "payload_type"]
