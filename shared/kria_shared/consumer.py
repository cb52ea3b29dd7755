"""The event consumer: a batch of Kafka records -> inbox check -> handler -> commit -> offsets.

Fast path: the whole batch in one transaction. If any record fails, the transaction is rolled back
and the batch is replayed record by record, each in its own transaction, so a poison record goes
to the DLQ alone while its neighbours are processed. Offsets are committed by FastStream after the
handler returns, i.e. after the DB commit (ack policy NACK_ON_ERROR).

A batch that fails transiently is retried and, failing that, read again, so a poison record is seen many times:
it is dead-lettered only after its neighbours are committed, and at most once per (topic, partition, offset) in
this process, so the DLQ (and what ``kria dlq replay`` re-publishes) holds it once.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka.structs import ConsumerRecord
from pydantic import ValidationError

from kria_shared.contracts.common import Payload
from kria_shared.contracts.registry import REGISTRY
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.errors import (
    MalformedMessage,
    PermanentError,
    UnsupportedEventVersion,
    dead_letter_reason,
    is_transient,
)
from kria_shared.handler_table import Handler
from kria_shared.inbox import already_processed, mark_all_processed
from kria_shared.logging import correlated
from kria_shared.metrics import BATCH_SECONDS, CONSUMED, HANDLER_SECONDS, UNKNOWN_TYPE
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("kria.consumer")

Coordinates = tuple[str, int, int]

# Enough for many batches of poison in a row; an evicted entry can only cause a duplicate after a long NACK loop.
DEAD_LETTERED_MEMORY = 10_000


@dataclass(frozen=True)
class Decoded:
    record: ConsumerRecord[Any, Any]
    envelope: Envelope
    payload: Payload


@dataclass(frozen=True)
class Poison:
    """A record to dead-letter once the rest of its batch is committed."""

    record: ConsumerRecord[Any, Any]
    event_type: str
    error: BaseException
    correlation_id: str | None


def decode(record: ConsumerRecord[Any, Any]) -> Decoded:
    if not record.value:
        raise MalformedMessage("empty message")
    try:
        envelope = Envelope.from_bytes(record.value)
    except ValidationError as exc:
        raise MalformedMessage(f"not an event envelope: {exc.errors()[:3]}") from exc
    try:
        payload = REGISTRY.parse(envelope.type, envelope.data, envelope.version)
    except ValidationError as exc:
        raise MalformedMessage(f"{envelope.type} payload invalid: {exc.errors()[:3]}") from exc
    return Decoded(record, envelope, payload)


class EventConsumer:
    def __init__(
        self,
        service: str,
        consumer_name: str,
        handlers: dict[str, Handler],
        uows: UnitOfWorkFactory,
        dlq: DeadLetterPublisher,
    ) -> None:
        self.service = service
        self.consumer_name = consumer_name
        self.handlers = handlers
        self.uows = uows
        self.dlq = dlq
        self._dead_lettered: OrderedDict[Coordinates, None] = OrderedDict()

    async def process(self, records: Sequence[ConsumerRecord[Any, Any]]) -> None:
        started = time.perf_counter()
        wanted: list[Decoded] = []
        poison: list[Poison] = []
        for record in records:
            try:
                item = decode(record)
            except UnsupportedEventVersion as exc:
                if exc.event_type not in self.handlers:  # not ours to read in any version: no DLQ noise
                    CONSUMED.labels(self.service, record.topic, exc.event_type, "ignored").inc()
                    continue
                poison.append(Poison(record, exc.event_type, exc, _header(record, "correlation_id")))
                continue
            except PermanentError as exc:
                poison.append(Poison(record, UNKNOWN_TYPE, exc, _header(record, "correlation_id")))
                continue
            if item.envelope.type in self.handlers:
                wanted.append(item)
            else:
                CONSUMED.labels(self.service, record.topic, item.envelope.type, "ignored").inc()
        if wanted:
            try:
                await self._apply(wanted)
            except Exception as exc:
                if is_transient(exc):
                    raise  # before any DLQ send: the retried batch finds its poison records again
                log.info("batch failed (%s); replaying record by record", type(exc).__name__)
                for item in wanted:
                    error = await self._apply_one(item)
                    if error is not None:
                        poison.append(Poison(item.record, item.envelope.type, error, item.envelope.correlation_id))
        for bad in sorted(poison, key=lambda p: (p.record.topic, p.record.partition, p.record.offset)):
            with correlated(bad.correlation_id):
                await self._dead_letter(bad.record, bad.event_type, bad.error)
        BATCH_SECONDS.labels(self.service).observe(time.perf_counter() - started)

    async def _apply(self, items: Sequence[Decoded]) -> None:
        async with self.uows(items[0].envelope.correlation_id) as uow:
            done = await already_processed(uow.session, self.consumer_name, (i.envelope.event_id for i in items))
            seen: set[Any] = set()
            for item in items:
                eid = item.envelope.event_id
                if eid in done or eid in seen:
                    CONSUMED.labels(self.service, item.record.topic, item.envelope.type, "duplicate").inc()
                    continue
                seen.add(eid)
                await self._handle(uow, item)
            await mark_all_processed(uow.session, self.consumer_name, list(seen))
        for item in items:
            if item.envelope.event_id in seen:
                CONSUMED.labels(self.service, item.record.topic, item.envelope.type, "processed").inc()

    async def _handle(self, uow: UnitOfWork, item: Decoded) -> None:
        """One handler call, timed per event type (a failed call too: slow failures are part of the latency)."""
        started = time.perf_counter()
        try:
            with correlated(item.envelope.correlation_id):  # the handler's log lines name its flow
                await self.handlers[item.envelope.type](uow, item.envelope, item.payload)
        finally:
            HANDLER_SECONDS.labels(self.service, item.envelope.type).observe(time.perf_counter() - started)

    async def _apply_one(self, item: Decoded) -> Exception | None:
        """Apply one record in its own transaction; a permanent failure is returned, to be dead-lettered."""
        with correlated(item.envelope.correlation_id):
            try:
                await self._apply([item])
            except Exception as exc:
                if is_transient(exc):
                    raise
                return exc
        return None

    async def _dead_letter(self, record: ConsumerRecord[Any, Any], event_type: str, exc: BaseException) -> None:
        where = (record.topic, record.partition, record.offset)
        if where in self._dead_lettered:
            return  # sent by an earlier delivery of this batch whose offsets were not committed
        if not isinstance(exc, PermanentError):
            log.error("unexpected handler error; dead-lettered", exc_info=exc)
        await self.dlq.send(record, dead_letter_reason(exc), str(exc))
        CONSUMED.labels(self.service, record.topic, event_type, "dead_lettered").inc()
        self._dead_lettered[where] = None
        if len(self._dead_lettered) > DEAD_LETTERED_MEMORY:
            self._dead_lettered.popitem(last=False)


def _header(record: ConsumerRecord[Any, Any], name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name and value:
            return bytes(value).decode("utf-8", "replace")[:100]
    return None
