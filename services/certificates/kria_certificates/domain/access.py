"""Who is acting and what a caller may see: the authorisation predicates whose refusals reach people."""

from __future__ import annotations

from dataclasses import dataclass

from kria_shared.auth import Principal, Role
from kria_shared.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    role: str
    subject: str

    @property
    def label(self) -> str:
        return f"{self.role}:{self.subject}"


def actor_of(principal: Principal, *roles: Role) -> Actor:
    """The actor recorded in the history: the first of ``roles`` the caller holds."""
    role = next((r for r in roles if principal.has(r)), roles[0])
    return Actor(role.value, principal.subject)


def provider_scope(principal: Principal) -> str | None:
    """None for the СФР operator (sees every certificate); the organisation id for a provider."""
    if principal.has(Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR):
        return None
    if not principal.organisation_id:
        raise Forbidden("no_organisation", "the provider token names no organisation")
    return principal.organisation_id


def check_reserving_for(principal: Principal, organisation_id: str) -> None:
    """A provider reserves only for its own organisation (the body's ``organisation_id`` is the token's)."""
    if principal.organisation_id != organisation_id:
        raise Forbidden("not_your_organisation", "a provider reserves only for its own organisation",
                        field="organisation_id")


# The child's particulars a conclusion names (SNILS, name, birth date, MSE act, IPRA): the main bureau composing
# and signing it, and the office; a provider only for a child of its own organisation; never the platform operator.
PARTICULARS_READERS = (Role.MSE_EXPERT, Role.MSE_HEAD, Role.SFR_OPERATOR, Role.PROVIDER)


def may_read_particulars(principal: Principal, certificate_organisation_id: str | None) -> bool:
    if principal.has(Role.MSE_EXPERT, Role.MSE_HEAD, Role.SFR_OPERATOR):
        return True
    if principal.has(Role.PROVIDER):
        return bool(principal.organisation_id) and principal.organisation_id == certificate_organisation_id
    return False
