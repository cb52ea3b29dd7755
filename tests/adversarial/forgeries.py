"""Tokens an attacker can make: every one must be answered 401 by every protected route."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kria_shared.auth.keys import DEV_KID, dev_public_key
from kria_shared.auth.principal import Role
from kria_shared.auth.tokens import mint_dev_token


def _claims(service: str, **over: object) -> dict[str, object]:
    t = int(time.time())
    base: dict[str, object] = {"sub": "attacker", "roles": [r.value for r in Role if r not in
                                                             (Role.PROVIDER, Role.PROVIDER_HEAD,
                                                              Role.LEGAL_REPRESENTATIVE)],
                               "aud": f"kria-{service}", "iss": "kria-dev-idp", "iat": t, "nbf": t, "exp": t + 600}
    return {**base, **over}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, object], claims: dict[str, object]) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}."


def _tampered(service: str) -> str:
    """A real dev token of a harmless role whose payload is swapped for one claiming every role."""
    real = mint_dev_token(subject="u", roles=["region_ministry"], audience=f"kria-{service}")
    head, _, signature = real.split(".")
    return f"{head}.{_b64(json.dumps(_claims(service)).encode())}.{signature}"


def _public_pem() -> bytes:
    return dev_public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _hs256_with_public_key(service: str) -> str:
    # PyJWT refuses to HMAC with a PEM key: sign by hand, as an attacker would.
    import hashlib
    import hmac

    signing_input = f"{_b64(json.dumps({'alg': 'HS256', 'kid': DEV_KID}).encode())}." \
                    f"{_b64(json.dumps(_claims(service)).encode())}"
    mac = hmac.new(_public_pem(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(mac)}"


def variants(service: str) -> dict[str, str | None]:
    """name -> the Authorization header value (None: no header)."""
    claims = _claims(service)
    makers: dict[str, Callable[[], str | None]] = {
        "missing": lambda: None,
        "not_bearer": lambda: "Basic YWRtaW46YWRtaW4=",
        "empty_bearer": lambda: "Bearer ",
        "malformed": lambda: "Bearer abc.def.ghi",
        "not_a_jwt": lambda: "Bearer " + "A" * 5000,
        "alg_none": lambda: "Bearer " + _unsigned({"alg": "none", "kid": DEV_KID}, claims),
        "alg_none_no_kid": lambda: "Bearer " + _unsigned({"alg": "none"}, claims),
        "hs256_public_key": lambda: "Bearer " + _hs256_with_public_key(service),
        "rs256_dev_kid": lambda: "Bearer " + jwt.encode(claims, rsa.generate_private_key(65537, 2048),
                                                        algorithm="RS256", headers={"kid": DEV_KID}),
        "es256_dev_kid": lambda: "Bearer " + jwt.encode(claims, ec.generate_private_key(ec.SECP256R1()),
                                                        algorithm="ES256", headers={"kid": DEV_KID}),
        "own_key_dev_kid": lambda: "Bearer " + jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA",
                                                          headers={"kid": DEV_KID}),
        "own_key_own_kid": lambda: "Bearer " + jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA",
                                                          headers={"kid": "attacker"}),
        "kid_not_a_string": lambda: "Bearer " + _unsigned({"alg": "EdDSA", "kid": {"x": 1}}, claims),
        "tampered_payload": lambda: "Bearer " + _tampered(service),
        "wrong_audience": lambda: "Bearer " + mint_dev_token(subject="u", roles=claims["roles"],  # type: ignore[arg-type]
                                                             audience="kria-elsewhere"),
        "wrong_issuer": lambda: "Bearer " + mint_dev_token(subject="u", roles=claims["roles"],  # type: ignore[arg-type]
                                                           audience=f"kria-{service}", issuer="evil-idp"),
        "expired": lambda: "Bearer " + mint_dev_token(subject="u", roles=claims["roles"],  # type: ignore[arg-type]
                                                      audience=f"kria-{service}", now=time.time() - 7200, ttl_s=60),
        "combined_roles": lambda: "Bearer " + mint_dev_token(subject="u", roles=["platform_operator", "provider"],
                                                             audience=f"kria-{service}", organisation_id="org-b"),
    }
    return {name: make() for name, make in makers.items()}
