"""Mint (development) and verify (everywhere) JWT bearer tokens."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Any

import jwt

from kria_shared.auth.keys import DEV_KID, dev_private_key
from kria_shared.auth.principal import Principal, Role

ALGORITHMS = ["EdDSA", "ES256", "RS256"]


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
    ) -> None:
        self.audience = audience
        self.issuer = issuer
        self.keys = dict(keys)
        self.jwks = jwt.PyJWKClient(jwks_url) if jwks_url else None
        self.leeway_s = leeway_s
        self.production = production

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
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenError("token expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise TokenError("token is for another service") from exc
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid token: {exc}") from exc
        raw_roles = claims.get("roles", [])
        if not isinstance(raw_roles, list) or not all(isinstance(r, str) for r in raw_roles):
            raise TokenError("malformed claim 'roles': must be a list of strings")
        for name in ("sub", "org", "bureau", "snils"):
            if claims.get(name) is not None and not isinstance(claims[name], str):
                raise TokenError(f"malformed claim '{name}': must be a string")
        roles = frozenset(Role(r) for r in raw_roles if r in Role._value2member_map_)
        return Principal(
            subject=claims["sub"],
            roles=roles,
            organisation_id=claims.get("org"),
            bureau_id=claims.get("bureau"),
            signer_snils=claims.get("snils"),
        )
