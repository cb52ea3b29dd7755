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


def authenticate(
    request: Request, creds: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> Principal:
    if creds is None or creds.scheme.lower() != "bearer":
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    config: AuthConfig = request.app.state.auth
    try:
        principal = config.verifier.verify(creds.credentials)
    except TokenError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
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
