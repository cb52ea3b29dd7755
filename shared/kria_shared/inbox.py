"""Inbox: ``(consumer, event_id)`` recorded in the same transaction as the change it caused."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession


class InboxRecord(SQLModel, table=True):
    __tablename__ = "inbox"

    consumer: str = Field(primary_key=True)
    event_id: uuid.UUID = Field(primary_key=True)
    processed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


async def already_processed(session: AsyncSession, consumer: str, event_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    ids = list(event_ids)
    if not ids:
        return set()
    rows = await session.exec(
        select(InboxRecord.event_id).where(InboxRecord.consumer == consumer, col(InboxRecord.event_id).in_(ids))
    )
    return set(rows.all())


async def mark_all_processed(session: AsyncSession, consumer: str, event_ids: list[uuid.UUID]) -> None:
    """One multi-row insert for a batch (an ORM object per event cost more than the insert itself)."""
    if event_ids:
        now = datetime.now(UTC)
        rows = [{"consumer": consumer, "event_id": eid, "processed_at": now} for eid in event_ids]
        await session.exec(insert(InboxRecord), params=rows)
