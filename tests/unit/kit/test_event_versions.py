"""Events are read by (type, version): a version this build does not know is refused with ``unsupported_version``
and dead-lettered, never parsed as version 1 (a v2 whose fields changed meaning would be silently misread)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord

from kria_shared.consumer import EventConsumer, decode
from kria_shared.contracts import REGISTRY, EventRegistry
from kria_shared.contracts.certificates import CertificateExpired, TravelRecorded
from kria_shared.contracts.common import Payload
from kria_shared.db import Database
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.errors import UnknownEventType, UnsupportedEventVersion
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory

TRAVEL = TravelRecorded(certificate_id="c", line_id="1", kind="ticket", amount_kopecks=100, on=date(2026, 11, 1))


class TravelRecordedV2(Payload):
    certificate_id: str
    amount_rubles: int  # a breaking change: same event, other unit


def envelope(event_type: str, data: dict[str, Any], version: int = 1) -> Envelope:
    return Envelope(type=event_type, version=version, source="kria/test", subject="c", correlation_id="t", data=data)


def record(offset: int, env: Envelope) -> ConsumerRecord[Any, Any]:
    value = env.to_bytes()
    return ConsumerRecord("kria.certificates.v1", 0, offset, 0, 0, b"c", value, None, 1, len(value), env.headers())


def test_a_version_the_registry_does_not_know_is_refused_not_parsed_as_v1() -> None:
    data = TRAVEL.model_dump(mode="json")
    assert REGISTRY.parse("TravelRecorded", data) == TRAVEL  # v1 as before
    assert decode(record(0, envelope("TravelRecorded", data))).payload == TRAVEL
    with pytest.raises(UnsupportedEventVersion) as refused:
        decode(record(1, envelope("TravelRecorded", data, version=2)))  # v1-shaped data would have validated
    assert refused.value.reason == "unsupported_version" and refused.value.event_type == "TravelRecorded"
    with pytest.raises(UnknownEventType):
        REGISTRY.parse("Nope", {}, 2)


def test_a_declared_later_version_is_parsed_with_its_own_model() -> None:
    registry = EventRegistry({"t": {"TravelRecorded": TravelRecorded}},
                             later_versions={("TravelRecorded", 2): TravelRecordedV2})
    assert registry.parse("TravelRecorded", TRAVEL.model_dump(mode="json"), 1) == TRAVEL
    v2 = registry.parse("TravelRecorded", {"certificate_id": "c", "amount_rubles": 1}, 2)
    assert v2 == TravelRecordedV2(certificate_id="c", amount_rubles=1)
    with pytest.raises(UnsupportedEventVersion):
        registry.parse("TravelRecorded", {"certificate_id": "c", "amount_rubles": 1}, 3)
    with pytest.raises(ValueError, match="later version"):
        EventRegistry({"t": {"TravelRecorded": TravelRecorded}}, later_versions={("Nope", 2): TravelRecordedV2})


class _Sent:
    def __init__(self) -> None:
        self.sent: list[tuple[bytes, dict[str, bytes]]] = []

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes, headers: Any) -> None:
        self.sent.append((value, dict(headers)))


async def test_the_consumer_dead_letters_an_unsupported_version_of_an_event_it_handles(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/v.sqlite3", [OutboxRecord, InboxRecord])
    await db.create_tables()
    handled: list[tuple[int, Any]] = []

    async def handler(uow: UnitOfWork, env: Envelope, payload: Any) -> None:
        handled.append((env.version, payload))

    producer = _Sent()
    dlq = DeadLetterPublisher(producer, "g", "test")  # type: ignore[arg-type]
    consumer = EventConsumer("test", "g", {"TravelRecorded": handler}, UnitOfWorkFactory(db, "kria/test"), dlq)
    v2 = envelope("TravelRecorded", TRAVEL.model_dump(mode="json"), version=2)
    expired_v2 = envelope("CertificateExpired", CertificateExpired(certificate_id="c", expired_on="2026-11-01")
                          .model_dump(mode="json"), version=2)
    await consumer.process([record(0, v2), record(1, envelope("TravelRecorded", TRAVEL.model_dump(mode="json"))),
                            record(2, expired_v2)])

    assert handled == [(1, TRAVEL)], "the v2 event reached the v1 handler, or blocked its v1 neighbour"
    # One DLQ record, the v2 one; a type this consumer does not handle is ignored in any version.
    assert [(value, headers["dlq_reason"]) for value, headers in producer.sent] == [(v2.to_bytes(),
                                                                                     b"unsupported_version")]
    await db.close()
