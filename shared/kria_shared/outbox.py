"""Transactional outbox: events are rows committed with the state change that caused them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from kria_shared.contracts.registry import REGISTRY
from kria_shared.envelope import Envelope


class OutboxRecord(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "published_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(unique=True)
    topic: str
    key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    type: str
    headers: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    published_at: datetime | None = None


def outbox_row(envelope: Envelope, topic_prefix: str = "") -> OutboxRecord:
    topic = topic_prefix + REGISTRY.topic_of[envelope.type]
    return OutboxRecord(
        event_id=envelope.event_id,
        topic=topic,
        key=envelope.key,
        type=envelope.type,
        headers=[[k, v.decode()] for k, v in envelope.headers()],
        payload=envelope.to_bytes(),
        occurred_at=envelope.time,
    )


def decode_headers(raw: list[Any]) -> list[tuple[str, bytes]]:
    return [(str(k), str(v).encode()) for k, v in raw]
