"""Production Kafka security settings reach aiokafka and FastStream (PLAINTEXT stays the dev default)."""

from __future__ import annotations

import pytest
from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker

from kria_shared.kafka_config import faststream_security, producer_kwargs
from kria_shared.settings import KafkaSecurity


async def test_sasl_scram_over_tls_reaches_the_aiokafka_producer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRIA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KRIA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("KRIA_KAFKA_SASL_USERNAME", "kria-costing")
    monkeypatch.setenv("KRIA_KAFKA_SASL_PASSWORD", "s3cret")
    kwargs = producer_kwargs("broker:9093", "costing-relay", KafkaSecurity())
    producer = AIOKafkaProducer(**kwargs)
    client = producer.client
    assert client._security_protocol == "SASL_SSL"
    assert client._sasl_mechanism == "SCRAM-SHA-512"
    assert client._sasl_plain_username == "kria-costing" and client._sasl_plain_password == "s3cret"
    assert client._ssl_context is not None
    assert kwargs["enable_idempotence"] is True and kwargs["acks"] == "all"
    await producer.stop()


def test_the_same_settings_reach_faststreams_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRIA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KRIA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("KRIA_KAFKA_SASL_USERNAME", "u")
    monkeypatch.setenv("KRIA_KAFKA_SASL_PASSWORD", "p")
    security = faststream_security()
    assert type(security).__name__ == "SASLScram256" and security.use_ssl
    KafkaBroker("broker:9093", security=security)  # accepted


def test_development_default_is_plaintext() -> None:
    assert producer_kwargs("127.0.0.1:9092", "x", KafkaSecurity())["security_protocol"] == "PLAINTEXT"
    assert faststream_security(KafkaSecurity()) is None
