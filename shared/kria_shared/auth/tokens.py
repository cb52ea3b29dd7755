"""Mint (development) and verify (everywhere) JWT bearer tokens."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from kria_shared.auth.keys import DEV_KID, dev_private_key
from kria_shared.auth.principal import BOUND_ROLE_GROUPS, Principal, Role

ALGORITHMS = ["EdDSA", "ES256", "RS256"]
# Always required; ``nbf`` and ``iat`` are checked when present, required only if listed in KRIA_AUTH_REQUIRED_CLAIMS.
BASE_REQUIRED_CLAIMS = ("exp", "sub", "aud", "iss")


@dataclass(frozen=True)
class ClaimNames:
    """Where the region's identity provider puts the principal's attributes; a dotted name reads a nested claim
    (Keycloak: ``realm_access.roles``)."""

    roles: str = "roles"
    organisation: str = "org"
    bureau: str = "bureau"
    snils: str = "snils"


def _claim(claims: Mapping[str, Any], name: str, default: Any = None) -> Any:
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return default
        value = value[part]
    return value


class TokenError(Exception):
    """The token is missing, malformed, expired, for another audience or from an unknown key.

    ``reason`` is the class of the failure (stable, machine-readable); the message is for people."""

    def __init__(self, message: str, reason: str = "invalid_token") -> None:
        super().__init__(message)
        self.reason = reason


def algorithms_for(key: Any) -> list[str]:
    """The only algorithm a key may verify: the header's ``alg`` never chooses how a key is used (a header
    declaring RS256 over an Ed25519 key made PyJWT raise a TypeError, a 500 on every protected route)."""
    if isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        return ["EdDSA"]
    if isinstance(key, ec.EllipticCurvePublicKey):
        return ["ES256"] if isinstance(key.curve, ec.SECP256R1) else []
    if isinstance(key, rsa.RSAPublicKey):
        return ["RS256"]
    return []


def mint_dev_token(
    *,
    subject: str,
    roles: Iterable[str],
    audience: str | list[str],
    issuer: str = "kria-dev-idp",
    ttl_s: int = 3600,
    organisation_id: str | None = None,
    bureau_id: str | None = None,
    signer_snils: str | None = None,
    now: float | None = None,
) -> str:
    t = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": sorted(set(roles)),
        "aud": audience,
        "iss": issuer,
        "iat": t,
        "nbf": t,
        "exp": t + ttl_s,
        "jti": str(uuid.uuid4()),
    }
    for name, value in (("org", organisation_id), ("bureau", bureau_id), ("snils", signer_snils)):
        if value:
            claims[name] = value
    return jwt.encode(claims, dev_private_key(), algorithm="EdDSA", headers={"kid": DEV_KID})


class TokenVerifier:
    def __init__(
        self,
        *,
        audience: str,
        issuer: str,
        keys: dict[str, Any],
        jwks_url: str | None = None,
        leeway_s: int = 30,
        production: bool = False,
        claim_names: ClaimNames | None = None,
        required_claims: Iterable[str] = (),
    ) -> None:
        self.audience = audience
        self.issuer = issuer
        self.keys = dict(keys)
        self.jwks = jwt.PyJWKClient(jwks_url) if jwks_url else None
        self.leeway_s = leeway_s
        self.production = production
        self.claim_names = claim_names or ClaimNames()
        self.required_claims = list(dict.fromkeys([*BASE_REQUIRED_CLAIMS, *required_claims]))
    def _key_for(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenError("malformed token", "malformed") from exc
        kid = header.get("kid")
        if not isinstance(kid, str | None):
            raise TokenError("malformed token header: 'kid' must be a string", "malformed")
        if self.production and kid == DEV_KID:
            raise TokenError("development tokens are refused in production", "development_key")
        if kid in self.keys:
            return self.keys[kid]
        if self.jwks is not None:
            try:
                return self.jwks.get_signing_key_from_jwt(token).key
            except jwt.PyJWTError as exc:
                raise TokenError("unknown signing key", "unknown_key") from exc
        raise TokenError("unknown signing key", "unknown_key")

    def verify(self, token: str) -> Principal:
        key = self._key_for(token)
        allowed = [a for a in algorithms_for(key) if a in ALGORITHMS]
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=allowed,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_s,
                options={"require": self.required_claims},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenError("token expired", "expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise TokenError("token is for another service", "wrong_audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise TokenError(f"invalid token: {exc}", "wrong_issuer") from exc
        except jwt.InvalidAlgorithmError as exc:
            raise TokenError("invalid token: the header's algorithm does not fit the signing key", "algorithm") from exc
        except jwt.InvalidSignatureError as exc:
            raise TokenError(f"invalid token: {exc}", "signature") from exc
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid token: {exc}", "invalid_token") from exc
        except (TypeError, ValueError) as exc:  # a key PyJWT cannot use as the header asks: never a 500
            raise TokenError("invalid token: the signing key cannot verify it", "algorithm") from exc
        return self._principal(claims)

    def _principal(self, claims: dict[str, Any]) -> Principal:
        names = self.claim_names
        raw_roles = _claim(claims, names.roles, default=[])  # absent: no roles; null: malformed
        if not isinstance(raw_roles, list) or not all(isinstance(r, str) for r in raw_roles):
            raise TokenError(f"malformed claim '{names.roles}': must be a list of strings", "malformed_claim")
        if not isinstance(claims["sub"], str):
            raise TokenError("malformed claim 'sub': must be a string", "malformed_claim")
        organisation, bureau, snils = (
            self._string_claim(claims, name) for name in (names.organisation, names.bureau, names.snils)
        )
        roles = frozenset(Role(r) for r in raw_roles if r in Role._value2member_map_)
        confine(roles)
        return Principal(subject=claims["sub"], roles=roles, organisation_id=organisation, bureau_id=bureau,
                         signer_snils=snils)

    @staticmethod
    def _string_claim(claims: Mapping[str, Any], name: str) -> str | None:
        value = _claim(claims, name)
        if value is not None and not isinstance(value, str):
            raise TokenError(f"malformed claim '{name}': must be a string", "malformed_claim")
        return value


def confine(roles: frozenset[Role]) -> None:
    """A token bound to one party (an organisation, a family) carries only that party's roles.

    Refused here, once for every service, rather than confined per route: a route admitting several roles checks
    the organisation on the provider's path only, so ``platform_operator`` + ``provider`` of B read A's child
    (issue 20). With the combination refused no route has to reason about mixed tokens, and a new one cannot forget."""
    for group in BOUND_ROLE_GROUPS:
        if roles & group and roles - group:
            raise TokenError(
                f"role combination refused: {', '.join(sorted(roles & group))} (bound to one party) cannot be "
                f"combined with {', '.join(sorted(roles - group))}; use a separate token", "role_combination")
