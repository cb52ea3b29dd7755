"""A region's identity provider with its own audience and claim names (KRIA_AUTH_*), wired through the settings."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from kria_shared.auth import require, set_auth
from kria_shared.auth.principal import Role
from kria_shared.auth.tokens import TokenError, TokenVerifier
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings

KEY = ec.generate_private_key(ec.SECP256R1())
ISSUER = "https://sso.region.example/realms/kria"


def keycloak_token(**overrides: object) -> str:
    """Keycloak's shape: roles under realm_access, no ``iat`` unless asked, attributes under its own names."""
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "staff-7", "aud": "kria-region-api", "iss": ISSUER, "nbf": now, "exp": now + 300,
        "realm_access": {"roles": ["provider", "offline_access"]},
        "organization_id": "org-42", "mse_bureau": "b-3", "signer_snils": "11223344595",
    }
    claims.update(overrides)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, KEY, algorithm="ES256",
                      headers={"kid": "sso-1"})


@pytest.fixture
def region_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pem = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "sso-1.pub.pem").write_bytes(pem)
    for name, value in {
        "KRIA_JWT_PUBLIC_KEYS_DIR": str(tmp_path), "KRIA_JWT_ISSUER": ISSUER,
        "KRIA_AUTH_AUDIENCE": "kria-region-api", "KRIA_AUTH_ROLES_CLAIM": "realm_access.roles",
        "KRIA_AUTH_ORGANISATION_CLAIM": "organization_id", "KRIA_AUTH_BUREAU_CLAIM": "mse_bureau",
        "KRIA_AUTH_SNILS_CLAIM": "signer_snils",
    }.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def service_verifier(service: str = "costing") -> TokenVerifier:
    """The verifier a running service builds from its settings (ServiceRuntime.verifier)."""
    settings = ServiceSettings(service=service)
    return ServiceRuntime.verifier(SimpleNamespace(settings=settings))  # type: ignore[arg-type]


def test_the_providers_claim_names_and_audience_map_to_the_principal(region_env: Path) -> None:
    p = service_verifier().verify(keycloak_token())
    assert p.subject == "staff-7" and p.roles == frozenset({Role.PROVIDER})
    assert (p.organisation_id, p.bureau_id, p.signer_snils) == ("org-42", "b-3", "11223344595")


def test_the_default_names_are_not_read_once_others_are_configured(region_env: Path) -> None:
    # A token carrying the built-in names only: no roles, no organisation (so every role check answers 403).
    p = service_verifier().verify(keycloak_token(realm_access=None, organization_id=None, roles=["provider"],
                                                 org="org-42"))
    assert p.roles == frozenset() and p.organisation_id is None


def test_the_configured_audience_is_enforced(region_env: Path) -> None:
    with pytest.raises(TokenError, match="another service"):
        service_verifier().verify(keycloak_token(aud="kria-costing"))


def test_the_default_audience_is_per_service_and_the_template_takes_the_service_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ServiceSettings(service="costing").audience == "kria-costing"
    monkeypatch.setenv("KRIA_AUTH_AUDIENCE", "urn:kria:{service}")
    assert ServiceSettings(service="signing").audience == "urn:kria:signing"


def test_iat_is_not_required_unless_configured(region_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert service_verifier().verify(keycloak_token()).subject == "staff-7"  # the token has no iat
    monkeypatch.setenv("KRIA_AUTH_REQUIRED_CLAIMS", "iat, jti")
    with pytest.raises(TokenError, match="iat"):
        service_verifier().verify(keycloak_token())
    assert service_verifier().verify(keycloak_token(iat=int(time.time()), jti="j-1")).subject == "staff-7"


@pytest.mark.parametrize("missing", ["exp", "sub", "aud", "iss"])
def test_expiry_subject_audience_and_issuer_stay_required(region_env: Path, missing: str) -> None:
    with pytest.raises(TokenError, match=missing):
        service_verifier().verify(keycloak_token(**{missing: None}))


def test_a_malformed_nested_claim_is_refused_with_its_configured_name(region_env: Path) -> None:
    with pytest.raises(TokenError, match=r"malformed claim 'realm_access\.roles'"):
        service_verifier().verify(keycloak_token(realm_access={"roles": "provider"}))
    with pytest.raises(TokenError, match="malformed claim 'signer_snils'"):
        service_verifier().verify(keycloak_token(signer_snils=11223344595))


async def test_a_route_admits_the_providers_token_and_refuses_other_roles(region_env: Path) -> None:
    app = FastAPI()
    set_auth(app, service_verifier())

    @app.get("/provider")
    async def provider(_: object = require(Role.PROVIDER)) -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/signer")
    async def signer(_: object = require(Role.MSE_HEAD)) -> dict[str, str]:
        return {"ok": "yes"}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        headers = {"Authorization": "Bearer " + keycloak_token()}
        assert (await client.get("/provider", headers=headers)).status_code == 200
        assert (await client.get("/signer", headers=headers)).status_code == 403
