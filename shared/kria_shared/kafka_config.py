"""aiokafka settings with safe defaults: idempotent producer, acks=all, security from settings."""

from __future__ import annotations

from typing import Any

from kria_shared.settings import KafkaSecurity


def security_kwargs(sec: KafkaSecurity | None = None) -> dict[str, Any]:
    """Keyword arguments for aiokafka clients (and FastStream's broker) from the security settings."""
    sec = sec or KafkaSecurity()
    kwargs: dict[str, Any] = {"security_protocol": sec.security_protocol}
    if sec.uses_tls:
        kwargs["ssl_context"] = sec.ssl_context()  # with the client certificate when mTLS is configured
    if sec.security_protocol.startswith("SASL"):
        kwargs.update(
            sasl_mechanism=sec.sasl_mechanism or "SCRAM-SHA-512",
            sasl_plain_username=sec.sasl_username,
            sasl_plain_password=sec.sasl_password.get_secret_value() if sec.sasl_password else None,
        )
    return kwargs


def producer_kwargs(bootstrap: str, client_id: str, sec: KafkaSecurity | None = None) -> dict[str, Any]:
    return {
        "bootstrap_servers": bootstrap,
        "client_id": client_id,
        "enable_idempotence": True,  # aiokafka's default is False
        "acks": "all",  # aiokafka's default is 1
        "linger_ms": 5,
        "max_batch_size": 256 * 1024,
        "compression_type": None,
        **security_kwargs(sec),
    }


def faststream_security(sec: KafkaSecurity | None = None) -> Any:
    """The same settings as a FastStream security object (its broker takes ``security=``)."""
    from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

    sec = sec or KafkaSecurity()
    if sec.security_protocol == "PLAINTEXT":
        return None
    ctx = security_kwargs(sec).get("ssl_context")
    if sec.security_protocol == "SSL":
        return BaseSecurity(ssl_context=ctx, use_ssl=True)
    cls = {"SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512, "PLAIN": SASLPlaintext}[
        sec.sasl_mechanism or "SCRAM-SHA-512"
    ]
    return cls(
        username=sec.sasl_username or "", password=sec.sasl_password.get_secret_value() if sec.sasl_password else "",
        ssl_context=ctx, use_ssl=sec.security_protocol == "SASL_SSL",
    )
