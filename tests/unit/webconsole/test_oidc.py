"""Production sign-in against a fake identity provider: authorization code + PKCE (S256), state, nonce, claims."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from .fakes import Services, client

ISSUER = "https://idp.example/realms/region"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Idp:
    """Discovery, JWKS and a token endpoint that checks the code verifier against the challenge it was given."""

    def __init__(self, claims: dict[str, Any] | None = None) -> None:
        self.claims = claims or {}
        self.challenge: str | None = None
        self.nonce: str | None = None
        self.token_requests: list[dict[str, list[str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        if path.endswith("/.well-known/openid-configuration"):
            return httpx.Response(200, json={"issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/auth",
                                             "token_endpoint": f"{ISSUER}/token", "jwks_uri": f"{ISSUER}/certs"})
        if path.endswith("/certs"):
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
            return httpx.Response(200, json={"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
        if path.endswith("/token"):
            form = parse_qs(request.content.decode())
            self.token_requests.append(form)
            verifier = form.get("code_verifier", [""])[0]
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if form.get("code") != ["the-code"] or digest != self.challenge:
                return httpx.Response(400, json={"error": "invalid_grant"})
            now = int(time.time())
            claims = {"iss": ISSUER, "aud": "kria-console", "sub": "u-42", "iat": now, "exp": now + 300,
                      "nonce": self.nonce, "name": "Иванова Ирина", "realm_access": {"roles": ["mse_expert"]},
                      "bureau_id": "1027700000008", **self.claims}
            id_token = jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "k1"})
            return httpx.Response(200, json={"access_token": "the-access-token", "token_type": "Bearer",
                                             "id_token": id_token, "expires_in": 300})
        return None


def setup(idp: Idp) -> tuple[Services, Any]:
    services = Services()
    services.on("GET", r"/realms/region/.*", idp)
    services.on("POST", r"/realms/region/token", idp)
    services.json("GET", r"/v1/conclusions", 200, {"items": [], "limit": 500, "offset": 0})
    return services, client(services, environment="production", oidc_issuer=ISSUER, oidc_client_id="kria-console",
                            oidc_roles_claim="realm_access.roles", oidc_bureau_claim="bureau_id")


def start(c: Any, idp: Idp, next_path: str = "/bureau/worklist") -> dict[str, str]:
    r = c.get(f"/signin/oidc?next={next_path}", follow_redirects=False)
    assert r.status_code == 303
    url = urlparse(r.headers["location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}/auth"
    q = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert q["response_type"] == "code" and q["client_id"] == "kria-console"
    assert q["code_challenge_method"] == "S256" and q["redirect_uri"] == "https://testserver/auth/callback"
    idp.challenge, idp.nonce = q["code_challenge"], q["nonce"]
    return q


def test_a_person_signs_in_with_code_and_pkce_and_the_services_get_the_access_token() -> None:
    idp = Idp()
    services, c = setup(idp)
    with c:
        before = c.get("/signin").cookies.get("__Host-kria_console_session") or c.cookies.get(
            "__Host-kria_console_session")
        q = start(c, idp)
        r = c.get(f"/auth/callback?code=the-code&state={q['state']}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/bureau/worklist"
        assert c.cookies.get("__Host-kria_console_session") != before  # renewed at sign-in
        page = c.get("/bureau/worklist")
        assert page.status_code == 200 and "Иванова Ирина" in page.text
    assert services.made("GET", "/v1/conclusions")[0][2] == "Bearer the-access-token"
    assert "code_verifier" in idp.token_requests[0]


def test_a_callback_with_another_state_is_refused_and_signs_nobody_in() -> None:
    idp = Idp()
    _, c = setup(idp)
    with c:
        start(c, idp)
        r = c.get("/auth/callback?code=the-code&state=forged")
        assert r.status_code == 400 and "state" in r.text
        assert c.get("/bureau/worklist", follow_redirects=False).status_code == 303
    assert not idp.token_requests


def test_a_code_the_provider_refuses_is_a_russian_page_not_an_error() -> None:
    idp = Idp()
    _, c = setup(idp)
    with c:
        q = start(c, idp)
        idp.challenge = "another"  # the provider does not take our verifier: invalid_grant
        r = c.get(f"/auth/callback?code=the-code&state={q['state']}")
        assert r.status_code == 400 and "Начните вход заново" in r.text


def test_an_id_token_with_another_nonce_is_refused() -> None:
    idp = Idp(claims={"nonce": "replayed"})
    _, c = setup(idp)
    with c:
        q = start(c, idp)
        r = c.get(f"/auth/callback?code=the-code&state={q['state']}")
        assert r.status_code == 400
        assert c.get("/bureau/worklist", follow_redirects=False).status_code == 303


def test_the_return_path_after_sign_in_stays_on_the_console() -> None:
    idp = Idp()
    _, c = setup(idp)
    with c:
        q = start(c, idp, next_path="//evil.example/")
        r = c.get(f"/auth/callback?code=the-code&state={q['state']}", follow_redirects=False)
        assert r.headers["location"] == "/"
