"""Unit of work: one DB transaction holding the state change, its outbox rows and inbox marks."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_shared.contracts.common import Payload
from kria_shared.contracts.registry import payload_type
from kria_shared.db import Database
from kria_shared.envelope import Envelope
from kria_shared.logging import correlation_id as current_correlation_id
from kria_shared.outbox import outbox_row


class UnitOfWork:
    def __init__(self, session: AsyncSession, source: str, correlation_id: str, topic_prefix: str = "") -> None:
        self.session = session
        self.topic_prefix = topic_prefix
        self.source = source
        self.correlation_id = correlation_id
        self.emitted: list[Envelope] = []
        self.committed_callbacks: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` only once the transaction committed (e.g. count a metric exactly once)."""
        self.committed_callbacks.append(callback)

    def emit(self, payload: Payload, *, subject: str, cause: Envelope | None = None) -> Envelope:
        """Stage an event for publication; it is sent only if the transaction commits."""
        envelope = Envelope(
            type=payload_type(payload),
            source=self.source,
            subject=subject,
            correlation_id=cause.correlation_id if cause else self.correlation_id,
            causation_id=str(cause.event_id) if cause else None,
            traceparent=cause.traceparent if cause else None,
            data=payload.model_dump(mode="json"),
        )
        self.session.add(outbox_row(envelope, self.topic_prefix))
        self.emitted.append(envelope)
        return envelope


class UnitOfWorkFactory:
    """``async with uows(correlation_id) as uow:`` commits on success and wakes the relay.

    Without an explicit id the unit of work takes the current request's or record's (the contextvar set by
    the HTTP middleware and the consumer), so an HTTP command's events carry the caller's X-Correlation-Id.
    """

    def __init__(
        self, db: Database, source: str, on_commit: Callable[[], None] = lambda: None, topic_prefix: str = ""
    ) -> None:
        self.db = db
        self.topic_prefix = topic_prefix
        self.source = source
        self.on_commit = on_commit

    @asynccontextmanager
    async def __call__(self, correlation_id: str | None = None) -> AsyncIterator[UnitOfWork]:
        async with self.db.session() as session:
            cid = correlation_id or current_correlation_id.get() or str(uuid.uuid4())
            uow = UnitOfWork(session, self.source, cid, self.topic_prefix)
            yield uow
            await session.commit()
        if uow.emitted:
            self.on_commit()
        for callback in uow.committed_callbacks:
            callback()
