"""`kria dlq`: an operator lists, inspects and replays dead letters on a real broker."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import ConsumerRecord

from kria_cli import dlq
from kria_cli.main import build_parser
from kria_shared.contracts.topics import Topics
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.testing.kafka import read_topic, unique

pytestmark = pytest.mark.kafka


def event(event_type: str, subject: str) -> Envelope:
    return Envelope(type=event_type, source="kria/certificates", subject=subject, correlation_id="c-1",
                    time=datetime(2026, 3, 1, tzinfo=UTC), data={"certificate_id": subject, "snils": "secret"})


async def dead_letter(bootstrap: str, topic: str, items: list[tuple[Envelope | bytes, str]]) -> str:
    """Dead-letter records the way the kit does (kria_shared.dlq), from offsets 0.. of ``topic``."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    dlq_topic = Topics.dlq("kria-costing", topic)
    await admin.create_topics([NewTopic(topic, 2, 1), NewTopic(dlq_topic, 1, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    publisher = DeadLetterPublisher(producer, "kria-costing", "costing")
    for offset, (value, reason) in enumerate(items):
        raw = value.to_bytes() if isinstance(value, Envelope) else value
        key = value.key if isinstance(value, Envelope) else b"k"
        record = ConsumerRecord(topic=topic, partition=1, offset=offset, timestamp=0, timestamp_type=0, key=key,
                                value=raw, checksum=None, serialized_key_size=1, serialized_value_size=len(raw),
                                headers=[("ce_type", b"x")])
        await publisher.send(record, reason, f"refused: {reason}")
    await producer.stop()
    return dlq_topic


def kria(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    args = build_parser().parse_args(["dlq", *argv])
    assert args.func(args) == 0
    return capsys.readouterr().out


async def test_inspect_shows_why_without_personal_data(kafka_bootstrap: str, capsys) -> None:  # type: ignore[no-untyped-def]
    topic = unique("t") + ".kria.certificates.v1"
    first = event("ReservationRequested", "cert-1")
    letters = [(first, "no_approved_price_list"), (b"{not json", "malformed")]
    dlq_topic = await dead_letter(kafka_bootstrap, topic, letters)

    listed = await asyncio.to_thread(kria, capsys, "--bootstrap", kafka_bootstrap, "list", "--prefix", dlq_topic)
    assert listed.splitlines() == [f"       2  {dlq_topic}"]
    out = await asyncio.to_thread(kria, capsys, "--bootstrap", kafka_bootstrap, "inspect", dlq_topic)
    lines = out.splitlines()
    assert len(lines) == 2
    assert "no_approved_price_list" in lines[0] and "ReservationRequested" in lines[0]
    assert str(first.event_id) in lines[0]
    assert f"from {topic}:1:0" in lines[0]
    assert "malformed" in lines[1] and f"from {topic}:1:1" in lines[1]
    assert "secret" not in out  # payloads only with --payload
    with_payload = await dlq.inspect(kafka_bootstrap, dlq_topic, 10, True)
    assert with_payload[0].payload == {"certificate_id": "cert-1", "snils": "secret"}


async def test_replay_republishes_to_the_origin_once(kafka_bootstrap: str, capsys) -> None:  # type: ignore[no-untyped-def]
    topic = unique("t") + ".kria.certificates.v1"
    events = [event("ReservationRequested", f"cert-{i}") for i in range(3)]
    dlq_topic = await dead_letter(kafka_bootstrap, topic, [(events[0], "no_approved_price_list"),
                                                          (events[1], "standard_not_covered"),
                                                          (events[2], "no_approved_price_list")])
    dry = await asyncio.to_thread(kria, capsys, "--bootstrap", kafka_bootstrap, "replay", dlq_topic, "--dry-run")
    assert "would replay 3 record(s)" in dry
    assert await read_topic(kafka_bootstrap, topic, expect=1, timeout_s=2) == []

    only = await dlq.replay(kafka_bootstrap, dlq_topic, reason="no_approved_price_list")
    assert [d.event_id for d in only] == [str(events[0].event_id), str(events[2].event_id)]
    records = await read_topic(kafka_bootstrap, topic, expect=2)
    assert sorted(r.value for r in records) == sorted(e.to_bytes() for e in (events[0], events[2]))
    assert {r.key for r in records} == {b"cert-0", b"cert-2"}  # same key: same partition order as before
    headers = dict(records[0].headers)
    assert not any(k.startswith("dlq_") and k != "dlq_replayed_from" for k in headers)
    assert headers["dlq_replayed_from"].decode().startswith(f"{dlq_topic}:0:")

    everything = await asyncio.to_thread(kria, capsys, "--bootstrap", kafka_bootstrap, "replay", dlq_topic)
    assert "replayed 3 record(s)" in everything
    again = await asyncio.to_thread(kria, capsys, "--bootstrap", kafka_bootstrap, "replay", dlq_topic)
    assert "replayed 0 record(s)" in again  # an unfiltered replay remembers where it stopped
    assert len(await read_topic(kafka_bootstrap, topic, expect=6, timeout_s=5)) == 5


async def test_unknown_topic_is_refused(kafka_bootstrap: str) -> None:
    with pytest.raises(SystemExit, match="no topic"):
        await dlq.inspect(kafka_bootstrap, f"nope-{uuid.uuid4().hex}.dlq", 10, False)
