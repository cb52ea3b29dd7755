"""Bearer tokens: issuer, audience, expiry, not-before, and the dev key refused in production."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from fastapi import FastAPI

from kria_shared.auth import require, set_auth
from kria_shared.auth.keys import DEV_KID, dev_private_key, dev_public_key
from kria_shared.auth.principal import Role
from kria_shared.auth.tokens import TokenError, TokenVerifier, mint_dev_token


def verifier(production: bool = False) -> TokenVerifier:
    return TokenVerifier(audience="kria-costing", issuer="kria-dev-idp", keys={DEV_KID: dev_public_key()},
                         leeway_s=30, production=production)


def test_a_valid_token_maps_to_a_principal() -> None:
    t = mint_dev_token(subject="u1", roles=["provider", "not-a-role"], audience="kria-costing", organisation_id="org-1")
    p = verifier().verify(t)
    assert p.subject == "u1" and p.roles == frozenset({Role.PROVIDER}) and p.organisation_id == "org-1"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"audience": "kria-signing"}, "another service"),
        ({"audience": "kria-costing", "now": -7200, "ttl_s": 600}, "expired"),
        ({"audience": "kria-costing", "now": 600}, "invalid token"),  # not yet valid (nbf/iat)
        ({"audience": "kria-costing", "issuer": "someone-else"}, "invalid token"),
    ],
)
def test_bad_tokens_are_refused(kwargs: dict[str, object], message: str) -> None:
    # "now" is an offset from the moment the test runs, not from collection (a long suite outlives 600 s)
    if "now" in kwargs:
        kwargs = {**kwargs, "now": time.time() + float(kwargs["now"])}  # type: ignore[arg-type]
    t = mint_dev_token(subject="u", roles=["sfr_operator"], **kwargs)  # type: ignore[arg-type]
    with pytest.raises(TokenError, match=message):
        verifier().verify(t)


def test_clock_skew_within_leeway_is_tolerated() -> None:
    t = mint_dev_token(subject="u", roles=["sfr_operator"], audience="kria-costing", now=time.time() + 10)
    assert verifier().verify(t).subject == "u"


def test_production_refuses_the_development_key() -> None:
    t = mint_dev_token(subject="u", roles=["sfr_operator"], audience="kria-costing")
    with pytest.raises(TokenError, match="refused in production"):
        verifier(production=True).verify(t)


def test_garbage_is_refused() -> None:
    with pytest.raises(TokenError):
        verifier().verify("not.a.jwt")


def signed(**claims: object) -> str:
    t = int(time.time())
    base: dict[str, object] = {"sub": "u", "aud": "kria-costing", "iss": "kria-dev-idp", "iat": t, "exp": t + 600}
    return jwt.encode({**base, **claims}, dev_private_key(), algorithm="EdDSA", headers={"kid": DEV_KID})


@pytest.mark.parametrize(("claims", "claim"), [
    ({"roles": None}, "roles"), ({"roles": 7}, "roles"), ({"roles": "provider"}, "roles"),
    ({"roles": ["provider", 3]}, "roles"), ({"roles": {"provider": True}}, "roles"),
    ({"org": 12}, "org"), ({"bureau": ["b"]}, "bureau"), ({"snils": 11223344595}, "snils"),
])
def test_malformed_claims_from_a_trusted_issuer_are_refused_naming_the_claim(
    claims: dict[str, object], claim: str
) -> None:
    with pytest.raises(TokenError, match=f"malformed claim '{claim}'"):
        verifier().verify(signed(**claims))


async def test_a_malformed_claim_is_answered_401_not_500() -> None:
    app = FastAPI()
    set_auth(app, verifier())

    @app.get("/x")
    async def x(_: object = require(Role.PROVIDER)) -> dict[str, str]:
        return {}

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        r = await client.get("/x", headers={"Authorization": "Bearer " + signed(roles=None)})
    assert r.status_code == 401 and "roles" in r.text


@pytest.mark.parametrize("roles", [
    ["platform_operator", "provider"], ["provider_head", "sfr_operator"], ["provider", "mse_head"],
    ["legal_representative", "provider"], ["legal_representative", "platform_operator"],
])
def test_a_party_bound_role_combined_with_others_is_refused_at_verification(roles: list[str]) -> None:
    t = mint_dev_token(subject="u", roles=roles, audience="kria-costing", organisation_id="org-b")
    with pytest.raises(TokenError, match="role combination refused") as caught:
        verifier().verify(t)
    assert caught.value.reason == "role_combination"


def test_the_roles_of_one_organisation_combine() -> None:
    t = mint_dev_token(subject="u", roles=["provider", "provider_head"], audience="kria-costing",
                       organisation_id="org-b")
    assert verifier().verify(t).roles == {Role.PROVIDER, Role.PROVIDER_HEAD}
