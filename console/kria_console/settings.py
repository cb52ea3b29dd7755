"""The console's settings (environment ``KRIA_CONSOLE_*``): where the services are, how people sign in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("certificates", "costing", "assessment", "signing")


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KRIA_CONSOLE_", extra="ignore", hide_input_in_errors=True,
                                      populate_by_name=True)

    environment: Literal["development", "production"] = Field("development", validation_alias="KRIA_ENVIRONMENT")
    http_host: str = "127.0.0.1"
    http_port: int = 8100
    # The console's own address as the browser sees it (the OIDC redirect URI is built on it).
    public_url: str = "http://127.0.0.1:8100"
    certificates_url: str = "http://127.0.0.1:8101"
    costing_url: str = "http://127.0.0.1:8102"
    assessment_url: str = "http://127.0.0.1:8103"
    signing_url: str = "http://127.0.0.1:8104"
    session_ttl_s: int = 8 * 3600
    # Secure cookies need HTTPS; development on http://127.0.0.1 turns it off, production refuses that.
    cookie_secure: bool = True
    upload_limit_bytes: int = 20 * 1024 * 1024
    # OpenID Connect against the region's identity provider (authorization code + PKCE).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scopes: str = "openid profile"
    oidc_roles_claim: str = "roles"  # dotted: realm_access.roles
    oidc_organisation_claim: str = "org"
    oidc_bureau_claim: str = "bureau"
    oidc_snils_claim: str = "snils"
    oidc_name_claim: str = "name"
    # The organisation's economists' unfinished normalisations (drafts.py) live under the var directory; the
    # development PKI (the dev key a head signs protocols with in the console) is the signing service's.
    var_dir: Path = Field(Path("var"), validation_alias=AliasChoices("KRIA_CONSOLE_VAR_DIR", "KRIA_VAR_DIR"))
    dev_pki_dir: Path | None = Field(None, validation_alias=AliasChoices("KRIA_CONSOLE_DEV_PKI_DIR",
                                                                         "KRIA_SIGNING_PKI_DIR"))

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def dev_sign_in(self) -> bool:
        """The built-in sign-in page with the demo's people: development only, like the dev tokens."""
        return not self.production

    @property
    def drafts_dir(self) -> Path:
        return self.var_dir / "console-drafts"

    @property
    def pki_dir(self) -> Path:
        return self.dev_pki_dir or self.var_dir / "pki"

    def service_urls(self) -> dict[str, str]:
        return {s: str(getattr(self, f"{s}_url")).rstrip("/") for s in SERVICES}

    @model_validator(mode="after")
    def _safe_in_production(self) -> Self:
        if self.production:
            missing = [n for n in ("oidc_issuer", "oidc_client_id") if not getattr(self, n)]
            if missing:
                raise ValueError(f"KRIA_CONSOLE_{missing[0].upper()} must be set in production: people sign in "
                                 "with the region's identity provider")
            if not self.cookie_secure:
                raise ValueError("KRIA_CONSOLE_COOKIE_SECURE=false is refused in production: the session cookie "
                                 "must only travel over HTTPS")
        return self
