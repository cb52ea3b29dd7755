"""Map an event ``type`` to its payload model; validation adapters are built once at import."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from kria_shared.contracts import assessment, certificates, costing, signing
from kria_shared.contracts.common import Payload
from kria_shared.contracts.topics import Topics
from kria_shared.errors import UnknownEventType


class EventRegistry:
    def __init__(self, by_topic: dict[str, dict[str, type[Payload]]]) -> None:
        self.models: dict[str, type[Payload]] = {}
        self.topic_of: dict[str, str] = {}
        for topic, events in by_topic.items():
            for name, model in events.items():
                if name in self.models:
                    raise ValueError(f"event type {name} declared twice")
                self.models[name] = model
                self.topic_of[name] = topic
        self._adapters = {name: TypeAdapter(model) for name, model in self.models.items()}

    def parse(self, type_: str, data: dict[str, Any]) -> Payload:
        adapter = self._adapters.get(type_)
        if adapter is None:
            raise UnknownEventType(f"unknown event type {type_!r}")
        return adapter.validate_python(data)

    def name_of(self, payload: Payload) -> str:
        return type(payload).__name__


REGISTRY = EventRegistry({
    Topics.CERTIFICATES: certificates.EVENTS,
    Topics.COSTING: costing.EVENTS,
    Topics.ASSESSMENT: assessment.EVENTS,
    Topics.SIGNING: signing.EVENTS,
})


def payload_type(payload: Payload) -> str:
    return REGISTRY.name_of(payload)
