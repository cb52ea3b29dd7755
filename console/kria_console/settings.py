"""The console's settings (environment ``KRIA_CONSOLE_*``): where the services are, how people sign in."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
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

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def dev_sign_in(self) -> bool:
        """The built-in sign-in page with the demo's people: development only, like the dev tokens."""
        return not self.production

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
