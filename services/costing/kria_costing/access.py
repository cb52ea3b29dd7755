"""Resource checks after the role check: a provider acts only for its own organisation."""

from __future__ import annotations

from kria_shared.auth import Principal, Role
from kria_shared.errors import Forbidden


def may_read_organisation(principal: Principal, organisation_id: str | None) -> bool:
    """The SFR operator reads every organisation; a provider only its own."""
    if principal.has(Role.SFR_OPERATOR):
        return True
    return principal.has(Role.PROVIDER) and organisation_id is not None and principal.organisation_id == organisation_id


def require_own_organisation(principal: Principal, organisation_id: str) -> None:
    """Writing (a draft, an approval) is for the organisation's own staff only."""
    if not (principal.has(Role.PROVIDER) and principal.organisation_id == organisation_id):
        raise Forbidden("not_your_organisation", "a provider acts only for its own organisation")


def require_read_organisation(principal: Principal, organisation_id: str) -> None:
    if not may_read_organisation(principal, organisation_id):
        raise Forbidden("not_your_organisation", "a provider sees only its own organisation")
