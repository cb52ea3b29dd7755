"""Settings read from the environment (pydantic-settings); one place for every knob."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class KafkaSecurity(BaseSettings):
    """Production clusters: SASL/SCRAM or mTLS. Development: PLAINTEXT on loopback."""

    model_config = SettingsConfigDict(env_prefix="KRIA_KAFKA_", extra="ignore")

    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None


class ServiceSettings(BaseSettings):
    """Common settings of a service process. ``<SERVICE>_DATABASE_URL`` selects PostgreSQL."""

    model_config = SettingsConfigDict(env_prefix="KRIA_", extra="ignore")

    service: str = "unknown"
    environment: Literal["development", "production"] = "development"
    kafka_bootstrap_servers: str = Field(
        default_factory=lambda: os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    var_dir: Path = Path("var")
    database_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8000
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

    @property
    def audience(self) -> str:
        return self.auth_audience.replace("{service}", self.service)


def load_settings(service: str, **overrides: object) -> ServiceSettings:
    settings = ServiceSettings(service=service, **overrides)  # type: ignore[arg-type]
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    return settings
