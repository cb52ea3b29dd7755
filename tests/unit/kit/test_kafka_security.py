"""Production Kafka security settings reach aiokafka and FastStream (PLAINTEXT stays the dev default); an
incomplete or unsafe configuration refuses to load, naming the variable."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from faststream.kafka import KafkaBroker
from pydantic import ValidationError

from kria_shared.kafka_config import faststream_security, producer_kwargs
from kria_shared.settings import KafkaSecurity, load_settings


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


# --- checked at load: incomplete SASL, unsafe production, mTLS -------------------------------------------------------

SASL_SSL = {"KRIA_KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KRIA_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512"}


def set_env(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize(("given", "missing"), [
    ({"KRIA_KAFKA_SASL_PASSWORD": "s3cret"}, "KRIA_KAFKA_SASL_USERNAME"),
    ({"KRIA_KAFKA_SASL_USERNAME": "kria-costing"}, "KRIA_KAFKA_SASL_PASSWORD"),
    ({}, "KRIA_KAFKA_SASL_USERNAME and KRIA_KAFKA_SASL_PASSWORD"),
])
def test_sasl_without_credentials_refuses_to_load_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], missing: str
) -> None:
    set_env(monkeypatch, {**SASL_SSL, **given})
    with pytest.raises(ValidationError, match=f"{missing} must be set") as failure:
        KafkaSecurity()
    assert "s3cret" not in str(failure.value)
    with pytest.raises(ValidationError, match=missing):
        load_settings("costing")  # a service refuses to start, not at its first authentication


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SASL_PLAINTEXT"])
def test_production_refuses_kafka_without_tls(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, protocol: str
) -> None:
    set_env(monkeypatch, {"KRIA_KAFKA_SECURITY_PROTOCOL": protocol, "KRIA_KAFKA_SASL_USERNAME": "u",
                          "KRIA_KAFKA_SASL_PASSWORD": "p"})
    # passed as an argument (the environment variable unset): load_settings checks it
    with pytest.raises(ValueError, match=f"{protocol} is refused in production: .*clear text"):
        load_settings("costing", environment="production", var_dir=tmp_path)
    monkeypatch.setenv("KRIA_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="refused in production"):
        KafkaSecurity()  # the standalone relay and the topic admin read it too
    monkeypatch.setenv("KRIA_ENVIRONMENT", "development")
    assert load_settings("costing", var_dir=tmp_path).kafka.security_protocol == protocol  # fine on a dev box


def test_production_loads_with_sasl_over_tls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    set_env(monkeypatch, {**SASL_SSL, "KRIA_ENVIRONMENT": "production", "KRIA_KAFKA_SASL_USERNAME": "u",
                          "KRIA_KAFKA_SASL_PASSWORD": "p"})
    settings = load_settings("costing", var_dir=tmp_path)
    assert settings.environment == "production" and settings.kafka.sasl_username == "u"


@dataclass
class Pki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path  # encrypted with PASSPHRASE


PASSPHRASE = "key-pass"


def _cert(name: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name, signer: ec.EllipticCurvePrivateKey,
          *, ca: bool = False) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
    return builder.sign(signer, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    d = tmp_path_factory.mktemp("kafka-pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "region-kafka-ca")])
    ca = _cert("region-kafka-ca", ca_key, ca_name, ca_key, ca=True)
    (d / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for who, encryption in (("server", serialization.NoEncryption()),
                            ("client", serialization.BestAvailableEncryption(PASSPHRASE.encode()))):
        key = ec.generate_private_key(ec.SECP256R1())
        name = "broker" if who == "server" else "kria-costing"
        (d / f"{who}.pem").write_bytes(_cert(name, key, ca_name, ca_key).public_bytes(serialization.Encoding.PEM))
        (d / f"{who}.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8, encryption))
    return Pki(d / "ca.pem", d / "server.pem", d / "server.key", d / "client.pem", d / "client.key")


def mtls_env(pki: Pki) -> dict[str, str]:
    return {"KRIA_KAFKA_SECURITY_PROTOCOL": "SSL", "KRIA_KAFKA_SSL_CAFILE": str(pki.ca),
            "KRIA_KAFKA_SSL_CERTFILE": str(pki.client_cert), "KRIA_KAFKA_SSL_KEYFILE": str(pki.client_key),
            "KRIA_KAFKA_SSL_PASSWORD": PASSPHRASE}


async def client_name_seen_by_a_broker(pki: Pki, client_context: ssl.SSLContext) -> str:
    """A TLS server that, like a broker with ssl.client.auth=required, demands a certificate from the CA."""
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki.ca))
    server_ctx.load_cert_chain(pki.server_cert, pki.server_key)
    server_ctx.verify_mode = ssl.CERT_REQUIRED
    seen: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        subject = dict(x[0] for x in writer.get_extra_info("peercert")["subject"])
        seen.set_result(subject["commonName"])
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    _, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_context, server_hostname="localhost")
    try:
        return await asyncio.wait_for(seen, 5)
    finally:
        writer.close()
        server.close()


async def test_mtls_client_certificate_reaches_aiokafka(monkeypatch: pytest.MonkeyPatch, pki: Pki) -> None:
    set_env(monkeypatch, mtls_env(pki))
    producer = AIOKafkaProducer(**producer_kwargs("broker:9093", "costing-relay", KafkaSecurity()))
    client = producer.client
    assert client._security_protocol == "SSL" and client._sasl_plain_username is None
    assert await client_name_seen_by_a_broker(pki, client._ssl_context) == "kria-costing"
    await producer.stop()


async def test_mtls_client_certificate_reaches_faststreams_broker(
    monkeypatch: pytest.MonkeyPatch, pki: Pki
) -> None:
    set_env(monkeypatch, mtls_env(pki))
    broker = KafkaBroker("broker:9093", security=faststream_security())
    consumer_kwargs = broker.config.broker_config.builder.keywords  # what its AIOKafkaConsumers are built with
    assert consumer_kwargs["security_protocol"] == "SSL"
    assert await client_name_seen_by_a_broker(pki, consumer_kwargs["ssl_context"]) == "kria-costing"


@pytest.mark.parametrize(("env", "message"), [
    ({"KRIA_KAFKA_SSL_CERTFILE": "{cert}"}, "KRIA_KAFKA_SSL_CERTFILE is set but KRIA_KAFKA_SECURITY_PROTOCOL=PLAINTEXT "
                                            "does not use TLS"),
    ({"KRIA_KAFKA_SECURITY_PROTOCOL": "SSL", "KRIA_KAFKA_SSL_KEYFILE": "{key}"},
     "KRIA_KAFKA_SSL_KEYFILE is set without KRIA_KAFKA_SSL_CERTFILE"),
    ({"KRIA_KAFKA_SECURITY_PROTOCOL": "SSL", "KRIA_KAFKA_SSL_CERTFILE": "/nonexistent/client.pem"},
     "KRIA_KAFKA_SSL_CERTFILE=/nonexistent/client.pem.*cannot load the client certificate"),
    ({"KRIA_KAFKA_SECURITY_PROTOCOL": "SSL", "KRIA_KAFKA_SSL_CERTFILE": "{cert}", "KRIA_KAFKA_SSL_KEYFILE": "{key}"},
     "cannot load the client certificate and key"),  # the key's passphrase is missing
    ({"KRIA_KAFKA_SECURITY_PROTOCOL": "SSL", "KRIA_KAFKA_SSL_CAFILE": "/nonexistent/ca.pem"},
     "KRIA_KAFKA_SSL_CAFILE=/nonexistent/ca.pem: cannot load the CA"),
])
def test_an_unusable_tls_configuration_refuses_to_load_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, pki: Pki, env: dict[str, str], message: str
) -> None:
    set_env(monkeypatch, {k: v.format(cert=pki.client_cert, key=pki.client_key) for k, v in env.items()})
    with pytest.raises(ValidationError, match=message):
        KafkaSecurity()
