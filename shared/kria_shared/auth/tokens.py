"""Mint (development) and verify (everywhere) JWT bearer tokens."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from kria_shared.auth.keys import DEV_KID, dev_private_key
from kria_shared.auth.principal import Principal, Role

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
    """The token is missing, malformed, expired, for another audience or from an unknown key."""


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
            raise TokenError("malformed token") from exc
        kid = header.get("kid")
        if self.production and kid == DEV_KID:
            raise TokenError("development tokens are refused in production")
        if kid in self.keys:
            return self.keys[kid]
        if self.jwks is not None:
            try:
                return self.jwks.get_signing_key_from_jwt(token).key
            except jwt.PyJWTError as exc:
                raise TokenError("unknown signing key") from exc
        raise TokenError("unknown signing key")

    def verify(self, token: str) -> Principal:
        key = self._key_for(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_s,
                options={"require": self.required_claims},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenError("token expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise TokenError("token is for another service") from exc
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid token: {exc}") from exc
        return self._principal(claims)

    def _principal(self, claims: dict[str, Any]) -> Principal:
        names = self.claim_names
        raw_roles = _claim(claims, names.roles, default=[])  # absent: no roles; null: malformed
        if not isinstance(raw_roles, list) or not all(isinstance(r, str) for r in raw_roles):
            raise TokenError(f"malformed claim '{names.roles}': must be a list of strings")
        if not isinstance(claims["sub"], str):
            raise TokenError("malformed claim 'sub': must be a string")
        organisation, bureau, snils = (
            self._string_claim(claims, name) for name in (names.organisation, names.bureau, names.snils)
        )
        roles = frozenset(Role(r) for r in raw_roles if r in Role._value2member_map_)
        return Principal(subject=claims["sub"], roles=roles, organisation_id=organisation, bureau_id=bureau,
                         signer_snils=snils)

    @staticmethod
    def _string_claim(claims: Mapping[str, Any], name: str) -> str | None:
        value = _claim(claims, name)
        if value is not None and not isinstance(value, str):
            raise TokenError(f"malformed claim '{name}': must be a string")
        return value
