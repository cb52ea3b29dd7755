"""Production sign-in: OpenID Connect, authorization code with PKCE (S256), against the region's identity provider.

The state, nonce and code verifier stay in the server-side session; the ID token is verified (issuer, audience =
our client, nonce, signature from the provider's JWKS); the access token is what the services receive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import jwt
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.render import page
from kria_console.settings import ConsoleSettings


class SignInFailed(Exception):
    pass


def _claim(claims: Mapping[str, Any], dotted: str) -> Any:
    value: Any = claims
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def person_of(claims: Mapping[str, Any], settings: ConsoleSettings) -> dict[str, Any]:
    roles = _claim(claims, settings.oidc_roles_claim) or []
    if not isinstance(roles, list):
        roles = []
    return {"name": str(_claim(claims, settings.oidc_name_claim) or claims.get("sub") or ""),
            "roles": [str(r) for r in roles], "organisation": _claim(claims, settings.oidc_organisation_claim),
            "bureau": _claim(claims, settings.oidc_bureau_claim), "snils": _claim(claims, settings.oidc_snils_claim),
            "place": _claim(claims, settings.oidc_organisation_claim) or _claim(claims, settings.oidc_bureau_claim)
            or "", "dev": False}


class Oidc:
    def __init__(self, settings: ConsoleSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self.transport = transport
        self._discovery: dict[str, Any] | None = None

    def _http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=15, transport=self.transport)

    async def discovery(self) -> dict[str, Any]:
        if self._discovery is None:
            url = str(self.settings.oidc_issuer).rstrip("/") + "/.well-known/openid-configuration"
            async with self._http() as http:
                r = await http.get(url)
            r.raise_for_status()
            self._discovery = r.json()
        return self._discovery

    def _client(self) -> AsyncOAuth2Client:
        secret = self.settings.oidc_client_secret
        return AsyncOAuth2Client(
            client_id=self.settings.oidc_client_id, client_secret=secret.get_secret_value() if secret else None,
            scope=self.settings.oidc_scopes, redirect_uri=self.settings.public_url.rstrip("/") + "/auth/callback",
            code_challenge_method="S256", transport=self.transport,
            token_endpoint_auth_method="client_secret_post" if secret else "none")

    async def authorization_url(self, pending: dict[str, Any]) -> str:
        meta = await self.discovery()
        verifier, nonce = generate_token(64), generate_token(32)
        async with self._client() as client:
            url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier,
                                                         nonce=nonce)
        pending.update({"state": state, "nonce": nonce, "verifier": verifier})
        return str(url)

    async def finish(self, pending: Mapping[str, Any], code: str, state: str) -> tuple[str, dict[str, Any]]:
        """The access token for the services and the person read from the verified ID token."""
        if not pending.get("state") or state != pending["state"]:
            raise SignInFailed("state")
        meta = await self.discovery()
        async with self._client() as client:
            token = await client.fetch_token(meta["token_endpoint"], code=code,
                                             code_verifier=pending["verifier"], state=state)
        id_token, access = token.get("id_token"), token.get("access_token")
        if not id_token or not access:
            raise SignInFailed("tokens")
        async with self._http() as http:
            jwks = (await http.get(meta["jwks_uri"])).json()
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
            keys = [k for k in jwt.PyJWKSet.from_dict(jwks).keys if kid is None or k.key_id == kid]
            if not keys:
                raise SignInFailed("key")
            claims = jwt.decode(id_token, keys[0].key, algorithms=["RS256", "ES256", "EdDSA"],
                                audience=self.settings.oidc_client_id, issuer=self.settings.oidc_issuer,
                                options={"require": ["exp", "iat", "sub", "aud", "iss"]})
        except jwt.PyJWTError as exc:
            raise SignInFailed("id_token") from exc
        if claims.get("nonce") != pending.get("nonce"):
            raise SignInFailed("nonce")
        return str(access), person_of(claims, self.settings)


def router(oidc: Oidc) -> APIRouter:
    r = APIRouter()

    @r.get("/signin/oidc")
    async def start(request: Request, next: str = "/") -> Response:
        s = web.session(request)
        s.pending = {"next": web.safe_next(next)}
        try:
            url = await oidc.authorization_url(s.pending)
        except httpx.HTTPError:
            return page(request, "message.html", status=503, title="Вход недоступен",
                        text="Поставщик удостоверений региона не отвечает: повторите вход через минуту.")
        return RedirectResponse(url, status_code=303)

    @r.get("/auth/callback")
    async def callback(request: Request, code: str = "", state: str = "") -> Response:
        s = web.session(request)
        try:
            token, who = await oidc.finish(s.pending, code, state)
        except (SignInFailed, OAuthError, httpx.HTTPError, KeyError, ValueError):
            s.pending = {}
            return page(request, "message.html", status=400, title="Вход не выполнен",
                        text="Ответ поставщика удостоверений не прошёл проверку (параметр «state» или токен). "
                             "Начните вход заново.")
        next_path = web.safe_next(s.pending.get("next"))
        fresh = web.store(request).renew(s)
        fresh.pending = {}
        fresh.token, fresh.person = token, who
        request.state.session, request.state.new_cookie = fresh, True
        return RedirectResponse(next_path, status_code=303)

    return r
