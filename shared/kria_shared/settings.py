"""Settings read from the environment (pydantic-settings); one place for every knob."""

from __future__ import annotations

import os
import ssl
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Environment = Literal["development", "production"]
DEFAULT_METRICS_PORT = 9464  # the port Prometheus exporters conventionally take for application metrics


class KafkaSecurity(BaseSettings):
    """Production clusters: SASL/SCRAM or mTLS. Development: PLAINTEXT on loopback.

    Checked when loaded, so a service, relay or tool with an incomplete or unsafe configuration refuses to start
    instead of failing at its first authentication."""

    # hide_input_in_errors: a refusal at start-up must not print the password into the log
    model_config = SettingsConfigDict(env_prefix="KRIA_KAFKA_", extra="ignore", populate_by_name=True,
                                      hide_input_in_errors=True)

    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None  # the cluster's CA (default: the system's trust store)
    ssl_certfile: str | None = None  # mTLS: the client certificate (PEM; may hold the key too)
    ssl_keyfile: str | None = None
    ssl_password: SecretStr | None = None  # the client key's passphrase
    # Read from KRIA_ENVIRONMENT, like ServiceSettings.environment (load_settings checks an overridden one too).
    environment: Environment = Field("development", validation_alias="KRIA_ENVIRONMENT")

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    @model_validator(mode="after")
    def _complete_and_safe(self) -> Self:
        protocol = f"KRIA_KAFKA_SECURITY_PROTOCOL={self.security_protocol}"
        if self.security_protocol.startswith("SASL"):
            missing = [env for env, value in (("KRIA_KAFKA_SASL_USERNAME", self.sasl_username),
                                              ("KRIA_KAFKA_SASL_PASSWORD", self.sasl_password)) if not value]
            if missing:
                raise ValueError(f"{' and '.join(missing)} must be set: {protocol} authenticates with "
                                 f"{self.sasl_mechanism or 'SCRAM-SHA-512'}")
        for env, value in (("KRIA_KAFKA_SSL_CAFILE", self.ssl_cafile), ("KRIA_KAFKA_SSL_CERTFILE", self.ssl_certfile),
                           ("KRIA_KAFKA_SSL_KEYFILE", self.ssl_keyfile)):
            if value and not self.uses_tls:
                raise ValueError(f"{env} is set but {protocol} does not use TLS (use SSL or SASL_SSL)")
        if self.ssl_keyfile and not self.ssl_certfile:
            raise ValueError("KRIA_KAFKA_SSL_KEYFILE is set without KRIA_KAFKA_SSL_CERTFILE (the client certificate)")
        self.check_for(self.environment)
        if self.uses_tls:
            self.ssl_context()  # unreadable or mismatched files are reported now, naming the variable
        return self

    def check_for(self, environment: Environment) -> None:
        if environment == "production" and not self.uses_tls:
            raise ValueError(
                f"KRIA_KAFKA_SECURITY_PROTOCOL={self.security_protocol} is refused in production: events carry "
                "children's personal data and money, and without TLS they (and any SASL password) cross the network "
                "in clear text; use SASL_SSL (SCRAM) or SSL with a client certificate"
            )

    def ssl_context(self) -> ssl.SSLContext:
        try:
            ctx = ssl.create_default_context(cafile=self.ssl_cafile)
        except OSError as exc:  # ssl.SSLError included
            raise ValueError(f"KRIA_KAFKA_SSL_CAFILE={self.ssl_cafile}: cannot load the CA certificates: {exc}"
                             ) from exc
        if self.ssl_certfile:
            try:
                password = self.ssl_password.get_secret_value() if self.ssl_password else None
                ctx.load_cert_chain(self.ssl_certfile, self.ssl_keyfile, password)
            except OSError as exc:
                raise ValueError(
                    f"KRIA_KAFKA_SSL_CERTFILE={self.ssl_certfile}, KRIA_KAFKA_SSL_KEYFILE={self.ssl_keyfile}: "
                    f"cannot load the client certificate and key: {exc}"
                ) from exc
        return ctx


class ServiceSettings(BaseSettings):
    """Common settings of a service process. ``<SERVICE>_DATABASE_URL`` selects PostgreSQL."""

    model_config = SettingsConfigDict(env_prefix="KRIA_", extra="ignore", hide_input_in_errors=True)

    service: str = "unknown"
    environment: Environment = "development"
    kafka_bootstrap_servers: str = Field(
        default_factory=lambda: os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    var_dir: Path = Path("var")
    database_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # /metrics on its own port (money totals per region are not for API clients): unset serves it beside the API
    # in development; production always uses a port of its own, DEFAULT_METRICS_PORT unless set.
    metrics_port: int | None = Field(None, ge=1, le=65535)
    topic_prefix: str = ""  # tests and benchmarks run isolated topic sets on one broker
    consumer_batch: int = 500
    relay_batch: int = 1000
    group_instance_id: str | None = None
    dev_clock: bool = False  # allow the platform operator to move the clock (never in production)
    jwt_issuer: str = "kria-dev-idp"
    jwt_public_keys_dir: Path | None = None
    jwks_url: str | None = None
    jwt_leeway_s: int = 30
    # The region's identity provider decides the audience and where the attributes are (KRIA_AUTH_*).
    auth_audience: str = "kria-{service}"  # "{service}" is replaced by this service's name
    auth_roles_claim: str = "roles"  # a dotted name reads a nested claim, e.g. realm_access.roles
    auth_organisation_claim: str = "org"
    auth_bureau_claim: str = "bureau"
    auth_snils_claim: str = "snils"
    # Claims required beyond exp, sub, aud, iss (e.g. "iat,nbf"); comma-separated in the environment.
    auth_required_claims: Annotated[tuple[str, ...], NoDecode] = ()
    log_level: str = "INFO"
    # The personal-data access log (who read which record): "file" (var/log/<service>-access.log), "stdout" (one
    # JSON line per access with "log": "access", for the cluster's log collector) or a file path. Unset: stdout in
    # production (a pod's disk is lost on restart), file elsewhere. Files rotate by size; the oldest is dropped.
    access_log: str | None = None
    access_log_max_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    access_log_backups: int = Field(10, ge=1)  # 0 would make every rotation truncate the only file
    kafka: KafkaSecurity = Field(default_factory=KafkaSecurity)  # KRIA_KAFKA_*

    @field_validator("auth_required_claims", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(c.strip() for c in value.split(",") if c.strip())
        return value

    def resolved_database_url(self) -> str:
        explicit = os.environ.get(f"{self.service.upper()}_DATABASE_URL") or self.database_url
        if explicit:
            return explicit
        path = (self.var_dir / f"{self.service}.sqlite3").resolve()
        return f"sqlite+aiosqlite:///{path}"

    def resolved_metrics_port(self) -> int | None:
        if self.metrics_port is not None:
            return self.metrics_port
        return DEFAULT_METRICS_PORT if self.environment == "production" else None

    @property
    def audience(self) -> str:
        return self.auth_audience.replace("{service}", self.service)

    def access_log_destination(self) -> Path | Literal["stdout"]:
        """Where the personal-data access log goes: ``"stdout"`` or a file (see ``access_log``)."""
        choice = (self.access_log or "").strip() or ("stdout" if self.environment == "production" else "file")
        if choice == "stdout":
            return "stdout"
        if choice == "file":
            return self.var_dir / "log" / f"{self.service}-access.log"
        return Path(choice)


def load_settings(service: str, **overrides: object) -> ServiceSettings:
    settings = ServiceSettings(service=service, **overrides)  # type: ignore[arg-type]
    settings.kafka.check_for(settings.environment)  # also when the environment was passed, not read
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    return settings
