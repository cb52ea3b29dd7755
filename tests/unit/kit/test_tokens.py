"""Bearer tokens: issuer, audience, expiry, not-before, and the dev key refused in production."""

from __future__ import annotations

import time

import pytest

from kria_shared.auth.keys import DEV_KID, dev_public_key
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
        ({"audience": "kria-costing", "now": time.time() - 7200, "ttl_s": 600}, "expired"),
        ({"audience": "kria-costing", "now": time.time() + 600}, "invalid token"),  # not yet valid (nbf/iat)
        ({"audience": "kria-costing", "issuer": "someone-else"}, "invalid token"),
    ],
)
def test_bad_tokens_are_refused(kwargs: dict[str, object], message: str) -> None:
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
