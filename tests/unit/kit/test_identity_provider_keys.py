"""Tokens of the region's identity provider: configured public keys, or its JWKS endpoint."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kria_shared.auth.keys import load_public_keys
from kria_shared.auth.principal import Role
from kria_shared.auth.tokens import TokenError, TokenVerifier

KEY = ec.generate_private_key(ec.SECP256R1())


def idp_token(kid: str = "idp-2026", **extra: object) -> str:
    now = int(time.time())
    claims = {"sub": "head-1", "roles": ["mse_head"], "aud": "kria-signing", "iss": "https://idp.region.example",
              "iat": now, "nbf": now, "exp": now + 300, "snils": "11223344595", **extra}
    return jwt.encode(claims, KEY, algorithm="ES256", headers={"kid": kid})


def verifier(**kw: object) -> TokenVerifier:
    return TokenVerifier(audience="kria-signing", issuer="https://idp.region.example", production=True,
                         **kw)  # type: ignore[arg-type]


def test_configured_public_keys_verify_the_providers_tokens(tmp_path: Path) -> None:
    pem = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "idp-2026.pub.pem").write_bytes(pem)
    v = verifier(keys=load_public_keys(tmp_path))
    p = v.verify(idp_token())
    assert p.roles == frozenset({Role.MSE_HEAD}) and p.signer_snils == "11223344595"
    with pytest.raises(TokenError, match="unknown signing key"):
        v.verify(idp_token(kid="rotated-away"))


@pytest.fixture
def jwks_url() -> Iterator[str]:
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "idp-2026", "use": "sig", "alg": "ES256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


def test_a_jwks_endpoint_verifies_the_providers_tokens(jwks_url: str) -> None:
    v = verifier(keys={}, jwks_url=jwks_url)
    assert v.verify(idp_token()).subject == "head-1"
    with pytest.raises(TokenError):
        v.verify(idp_token(aud="kria-costing"))
