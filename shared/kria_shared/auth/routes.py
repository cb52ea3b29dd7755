"""FastAPI dependencies: authenticate every request, authorise by role per route."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kria_shared.auth.principal import Principal, Role
from kria_shared.auth.tokens import TokenError, TokenVerifier

# The only routes served without a token (health probes, metrics scrape, API docs).
PUBLIC_PATHS = frozenset({
    "/health/live", "/health/ready", "/metrics", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc",
})

_bearer = HTTPBearer(auto_error=False)
access_log = logging.getLogger("kria.access")


@dataclass
class AuthConfig:
    verifier: TokenVerifier


def set_auth(app: Any, verifier: TokenVerifier) -> None:
    app.state.auth = AuthConfig(verifier)


def principal_from(verifier: TokenVerifier, authorization: str | None) -> Principal:
    """The principal of an ``Authorization`` header; TokenError (with its reason class) for any failure."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenError("missing bearer token", "missing")
    return verifier.verify(token.strip())


def unauthenticated_body(exc: TokenError) -> dict[str, Any]:
    return {"error": "unauthenticated", "message": str(exc), "details": {"reason": exc.reason}}


def authenticate(
    request: Request, creds: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> Principal:
    known = getattr(request.state, "principal", None)
    if isinstance(known, Principal):  # the kit's RequestGuard verified it before the body was read
        return known
    config: AuthConfig = request.app.state.auth
    header = f"{creds.scheme} {creds.credentials}" if creds is not None else None
    try:
        principal = principal_from(config.verifier, header)
    except TokenError as exc:
        raise HTTPException(401, unauthenticated_body(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    request.state.principal = principal
    return principal


@dataclass(frozen=True)
class RoleCheck:
    """The dependency ``require`` installs; ``roles`` stays readable on the route (the contract test's walk)."""

    roles: frozenset[Role]

    def __call__(self, principal: Principal = Depends(authenticate)) -> Principal:
        if not principal.has(*self.roles):
            raise HTTPException(403, f"requires one of the roles: {', '.join(sorted(self.roles))}")
        return principal


def require(*roles: Role) -> Any:
    """Dependency: the caller holds one of ``roles``; returns the principal for resource checks."""
    return Depends(RoleCheck(frozenset(roles)))


def required_roles(route: Any) -> list[frozenset[Role]]:
    """The role sets a route's ``require(...)`` dependencies demand (one entry per dependency)."""
    found: list[frozenset[Role]] = []
    pending = [getattr(route, "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is None:
            continue
        if isinstance(dependant.call, RoleCheck):
            found.append(dependant.call.roles)
        pending.extend(dependant.dependencies)
    return found


def log_personal_data_access(principal: Principal, record: str, record_id: str, allowed: bool) -> None:
    """Who read which record, when, and whether it was allowed; nothing personal beyond the id."""
    access_log.info(
        "personal data access",
        extra={"who": principal.subject, "roles": sorted(principal.roles), "record": record,
               "record_id": record_id, "allowed": allowed},
    )
