"""Map an event ``(type, version)`` to its payload model; validation adapters are built once at import.

Every contract in this package is version 1. A breaking change is a new version of the event, declared in
``later_versions``; a version this build does not know is refused (``unsupported_version``), never read as another.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter

from kria_shared.contracts import assessment, certificates, costing, signing
from kria_shared.contracts.common import Payload
from kria_shared.contracts.topics import Topics
from kria_shared.errors import UnknownEventType, UnsupportedEventVersion

FIRST_VERSION = 1


class EventRegistry:
    def __init__(
        self,
        by_topic: dict[str, dict[str, type[Payload]]],
        later_versions: Mapping[tuple[str, int], type[Payload]] | None = None,
    ) -> None:
        self.models: dict[str, type[Payload]] = {}  # version 1 of each type (the JSON Schema snapshots)
        self.topic_of: dict[str, str] = {}
        for topic, events in by_topic.items():
            for name, model in events.items():
                if name in self.models:
                    raise ValueError(f"event type {name} declared twice")
                self.models[name] = model
                self.topic_of[name] = topic
        versioned: dict[tuple[str, int], type[Payload]] = {(n, FIRST_VERSION): m for n, m in self.models.items()}
        for (name, version), model in (later_versions or {}).items():
            if name not in self.models or version <= FIRST_VERSION:
                raise ValueError(f"{name} v{version}: a later version of a declared event type expected")
            versioned[(name, version)] = model
        self._adapters = {key: TypeAdapter(model) for key, model in versioned.items()}

    def parse(self, type_: str, data: dict[str, Any], version: int = FIRST_VERSION) -> Payload:
        adapter = self._adapters.get((type_, version))
        if adapter is None:
            if type_ not in self.models:
                raise UnknownEventType(f"unknown event type {type_!r}")
            raise UnsupportedEventVersion(type_, version)
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
