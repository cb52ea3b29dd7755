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
from aiokafka.structs import ConsumerRecord
from faststream import BaseMiddleware
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, ProgrammingError

from kria_shared.contracts.topics import Topics
from kria_shared.errors import PermanentError, TransientError
from kria_shared.metrics import DLQ_PUBLISHED, HANDLER_RETRIES

log = logging.getLogger("kria.dlq")

TRANSIENT = (TransientError, OperationalError, DBAPIError, ConnectionError, TimeoutError, OSError)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, PermanentError | IntegrityError | DataError | ProgrammingError):
        return False  # retrying cannot help: the data or the statement is wrong
    return isinstance(exc, TRANSIENT)


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
        await self.producer.send_and_wait(topic, value=record.value, key=record.key, headers=headers)
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
                    if not is_transient(exc):
                        # Escaped the per-record handling: dead-letter the whole message(s), move on.
                        records = msg.raw_message if isinstance(msg.raw_message, tuple) else (msg.raw_message,)
                        reason = getattr(exc, "reason", f"handler_error:{type(exc).__name__}")
                        for record in records:
                            await dlq.send(record, reason, repr(exc))
                        return None
                    HANDLER_RETRIES.labels(dlq.service).inc()
                    if attempt == attempts:
                        log.error("transient failure persisted; not acknowledging", exc_info=exc)
                        raise
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, max_delay_s)
            return None

    return ErrorMiddleware
