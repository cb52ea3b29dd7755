"""The outbox relay: publishes pending rows in id order, batched, many sends in flight.

At-least-once towards Kafka (a crash between the broker's ack and the ``published_at`` update sends
those rows again); consumers dedup by ``event_id`` in their inbox, so the effect is once.
Only one relay per service publishes at a time (a PostgreSQL advisory lock; SQLite has one process),
which keeps each key's events in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import bindparam, text, update
from sqlmodel import col, func, select

from kria_shared.db import Database
from kria_shared.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE, OUTBOX_PUBLISHED
from kria_shared.outbox import OutboxRecord, decode_headers

log = logging.getLogger("kria.relay")
ADVISORY_LOCK_ID = 0x4B524941  # "KRIA"
# At shutdown the relay sends what was committed before it, for at most this long; what is left stays in the
# outbox for the next relay (rows are marked only after the broker's ack). Part of the pod's shutdown budget
# (deploy/k8s terminationGracePeriodSeconds, tests/deploy/test_k8s.py).
DRAIN_TIMEOUT_S = 10.0


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        producer: AIOKafkaProducer | None,
        service: str,
        *,
        batch: int = 1000,
        idle_poll_s: float = 0.5,
    ) -> None:
        self.db = db
        self.producer = producer
        self.service = service
        self.batch = batch
        self.idle_poll_s = idle_poll_s
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def notify(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"{self.service}-outbox-relay")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, timeout=DRAIN_TIMEOUT_S)
            except TimeoutError:
                log.warning("outbox relay did not drain in %.0f s; the rest stays in the outbox", DRAIN_TIMEOUT_S)

    async def _run(self) -> None:
        while not self._stopping:
            try:
                sent = await self.publish_pending()
            except Exception:
                log.exception("outbox relay pass failed; retrying")
                sent = 0
                await asyncio.sleep(1.0)
            if sent == 0 and not self._stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll_s)
                self._wake.clear()
        await self.publish_pending()  # drain what was committed before shutdown

    async def publish_pending(self) -> int:
        """One pass: publish up to ``batch`` pending rows; returns how many were sent."""
        async with self.db.session() as session:
            # The real backlog, counted before sending so it keeps growing while Kafka is down (and on a
            # replica not holding the lock); the index on (published_at, id) serves the count.
            pending = int((await session.exec(
                select(func.count()).select_from(OutboxRecord).where(col(OutboxRecord.published_at).is_(None))
            )).one())
            OUTBOX_BACKLOG.labels(self.service).set(pending)
            if self.db.is_postgres:
                got = await session.exec(text(f"SELECT pg_try_advisory_xact_lock({ADVISORY_LOCK_ID})"))  # type: ignore[call-overload]
                if not got.scalar():
                    return 0
            rows = (
                await session.exec(
                    select(OutboxRecord)
                    .where(col(OutboxRecord.published_at).is_(None))
                    .order_by(col(OutboxRecord.id))
                    .limit(self.batch)
                )
            ).all()
            if not rows:
                OUTBOX_OLDEST_AGE.labels(self.service).set(0)
                await session.commit()
                return 0
            oldest = rows[0].occurred_at
            if oldest.tzinfo is None:
                oldest = oldest.replace(tzinfo=UTC)
            OUTBOX_OLDEST_AGE.labels(self.service).set(max(0.0, time.time() - oldest.timestamp()))
            assert self.producer is not None, "relay started without a producer"
            futures = []
            for r in rows:
                try:
                    futures.append(
                        await self.producer.send(r.topic, value=r.payload, key=r.key, headers=decode_headers(r.headers))
                    )
                except Exception as exc:
                    _log_unsent(r, exc, 1)
                    raise
            # Every send acknowledged (acks=all) before marking.
            results = await asyncio.gather(*futures, return_exceptions=True)
            failed = [(r, res) for r, res in zip(rows, results, strict=True) if isinstance(res, BaseException)]
            if failed:
                _log_unsent(failed[0][0], failed[0][1], len(failed))
                raise failed[0][1]
            now = datetime.now(UTC)
            # An executemany by primary key: one statement compiled once, where `id IN (…)` was rendered
            # afresh for every pass (12 % of the certificates service's CPU in the benchmark's profile).
            await session.exec(
                update(OutboxRecord.__table__)  # type: ignore[attr-defined]
                .where(OutboxRecord.__table__.c.id == bindparam("row_id"))  # type: ignore[attr-defined]
                .values(published_at=bindparam("sent_at")),
                params=[{"row_id": r.id, "sent_at": now} for r in rows],
            )
            await session.commit()
        OUTBOX_PUBLISHED.labels(self.service).inc(len(rows))
        OUTBOX_BACKLOG.labels(self.service).set(max(0, pending - len(rows)))
        return len(rows)


def _log_unsent(row: OutboxRecord, exc: BaseException, count: int) -> None:
    """Name the first row a pass could not send, so its flow can be found (ids and type only, never the payload);
    one line per pass, not one per row, while the broker is down."""
    headers = dict(decode_headers(row.headers))
    cid = headers.get("correlation_id", b"").decode("utf-8", "replace") or None
    log.warning(
        "outbox row not sent; it stays pending",
        extra={"event_id": str(row.event_id), "event_type": row.type, "correlation_id": cid,
               "error": type(exc).__name__, "unsent_rows": count},
    )
