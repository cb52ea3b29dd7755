from __future__ import annotations

import pytest
from aiokafka.structs import ConsumerRecord

from kria_shared.consumer import decode
from kria_shared.contracts import REGISTRY
from kria_shared.contracts.certificates import CertificateExpired
from kria_shared.envelope import Envelope
from kria_shared.errors import MalformedMessage, UnknownEventType
from kria_shared.outbox import outbox_row


def record(value: bytes) -> ConsumerRecord:  # type: ignore[type-arg]
    return ConsumerRecord("t", 0, 0, 0, 0, b"k", value, None, len(b"k"), len(value), [])


def test_envelope_round_trips_and_keys_by_subject() -> None:
    env = Envelope(type="CertificateExpired", source="kria/test", subject="cert-9", correlation_id="c1",
                   data=CertificateExpired(certificate_id="cert-9", expired_on="2026-11-01").model_dump(mode="json"))
    back = Envelope.from_bytes(env.to_bytes())
    assert back == env and back.key == b"cert-9"
    assert dict(env.headers())["ce_type"] == b"CertificateExpired"


def test_outbox_row_goes_to_the_producers_topic_with_the_prefix() -> None:
    env = Envelope(type="EstimateRejected", source="s", subject="c", correlation_id="x",
                   data={"certificate_id": "c", "organisation_id": "o", "reason": "no_approved_price_list",
                         "value_kopecks": 1})
    assert outbox_row(env).topic == "kria.costing.v1"
    assert outbox_row(env, "p.").topic == "p.kria.costing.v1"


def test_unknown_type_and_bad_payload_are_permanent_errors() -> None:
    with pytest.raises(UnknownEventType):
        REGISTRY.parse("Nope", {})
    bad = Envelope(type="CertificateExpired", source="s", subject="c", correlation_id="x", data={"certificate_id": 1})
    with pytest.raises(MalformedMessage, match="CertificateExpired payload invalid"):
        decode(record(bad.to_bytes()))
    with pytest.raises(MalformedMessage):
        decode(record(b"\xff\xfe"))
    with pytest.raises(MalformedMessage, match="empty"):
        decode(record(b""))


def test_consumers_ignore_unknown_fields() -> None:
    env = Envelope(type="CertificateExpired", source="s", subject="c", correlation_id="x",
                   data={"certificate_id": "c", "expired_on": "2026-01-01", "added_later": True})
    assert decode(record(env.to_bytes())).payload == CertificateExpired(certificate_id="c", expired_on="2026-01-01")
