"""The event envelope (CloudEvents-like) that wraps every payload on Kafka.

The Kafka key is the envelope's ``subject`` (the certificate id) as bytes, so all events of one
child's course stay ordered on one partition. ``event_id`` is ours and is what the inbox dedups on.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field


def new_event_id() -> uuid.UUID:
    return uuid.uuid4()


class Envelope(BaseModel):
    """Wire form: JSON object with the attributes below and the payload under ``data``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: uuid.UUID = Field(default_factory=new_event_id)
    type: str
    version: int = 1
    source: str
    subject: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    correlation_id: str
    causation_id: str | None = None
    traceparent: str | None = None
    data: dict[str, Any]

    @property
    def key(self) -> bytes:
        return self.subject.encode()

    def to_bytes(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        return cls.model_validate_json(raw)

    def headers(self) -> list[tuple[str, bytes]]:
        """Kafka headers duplicating the routing attributes, so tools can filter without parsing."""
        return [
            ("ce_type", self.type.encode()),
            ("ce_id", str(self.event_id).encode()),
            ("ce_source", self.source.encode()),
            ("correlation_id", self.correlation_id.encode()),
        ]
