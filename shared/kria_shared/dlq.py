"""Dead-letter queues and the broker-level error middleware.

Permanent failures (bad shape, unknown type, domain refusal) go to ``<group>.<topic>.dlq`` with the
reason and the original coordinates in headers, then the offset moves on so the partition is not
blocked. Transient failures (database or broker down) are retried with bounded backoff; if they
persist the batch is not acknowledged (NACK: the consumer seeks back) so nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord
from faststream import BaseMiddleware

from kria_shared.contracts.topics import Topics
from kria_shared.errors import TransientError, dead_letter_reason, is_transient
from kria_shared.metrics import DLQ_PUBLISHED, HANDLER_RETRIES

log = logging.getLogger("kria.dlq")


class DeadLetterUnavailable(TransientError):
    """The DLQ could not take a record: it must not be acknowledged, so it is retried, never dropped."""


class DeadLetterPublisher:
    def __init__(self, producer: AIOKafkaProducer | None, group_id: str, service: str) -> None:
        self.producer = producer
        self.group_id = group_id
        self.service = service

    async def send(self, record: ConsumerRecord[Any, Any], reason: str, detail: str) -> None:
        headers = [
            *(record.headers or ()),
            ("dlq_reason", reason.encode()),
            ("dlq_detail", detail[:1000].encode()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_group", self.group_id.encode()),
        ]
        topic = Topics.dlq(self.group_id, record.topic)
        assert self.producer is not None, "DLQ used before the runtime started"
        try:
            await self.producer.send_and_wait(topic, value=record.value, key=record.key, headers=headers)
        except KafkaError as exc:
            # Whatever the broker's reason, acknowledging a record that is neither applied nor dead-lettered
            # would lose it: report it as transient so the batch is retried and, failing that, not acked.
            log.error("DLQ publish failed", extra={"dlq_topic": topic, "error": type(exc).__name__})
            raise DeadLetterUnavailable(f"DLQ publish failed: {type(exc).__name__}") from exc
        DLQ_PUBLISHED.labels(self.service, record.topic, reason).inc()
        log.warning(
            "sent to DLQ",
            extra={"dlq_topic": topic, "reason": reason, "partition": record.partition, "offset": record.offset},
        )


def make_error_middleware(
    dlq: DeadLetterPublisher, *, attempts: int = 5, base_delay_s: float = 0.2, max_delay_s: float = 5.0
) -> type[BaseMiddleware]:
    """A FastStream middleware class bound to this service's DLQ publisher."""

    class ErrorMiddleware(BaseMiddleware):
        async def consume_scope(self, call_next: Any, msg: Any) -> Any:
            delay = base_delay_s
            for attempt in range(1, attempts + 1):
                try:
                    return await call_next(msg)
                except Exception as exc:
                    records = msg.raw_message if isinstance(msg.raw_message, tuple) else (msg.raw_message,)
                    if not is_transient(exc) and len(records) == 1:
                        # Escaped the per-record handling, but there is only one record it can be about.
                        reason = dead_letter_reason(exc)
                        await dlq.send(records[0], reason, repr(exc))
                        return None
                    # Transient, or not attributable to one record of the batch: dead-lettering the whole
                    # batch would also ack good records never applied. Retry, then NACK (seek back).
                    HANDLER_RETRIES.labels(dlq.service).inc()
                    if attempt == attempts:
                        log.error("failure persisted; not acknowledging", exc_info=exc)
                        raise
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, max_delay_s)
            return None

    return ErrorMiddleware
