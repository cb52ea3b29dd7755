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


def require_head_of(principal: Principal, organisation_id: str) -> None:
    """Approving a price list is for the head of the organisation itself (four eyes: not its economist)."""
    if not (principal.has(Role.PROVIDER_HEAD) and principal.organisation_id == organisation_id):
        raise Forbidden("not_your_organisation", "прейскурант утверждает руководитель своей организации")


def price_list_reader(principal: Principal, organisation_id: str) -> bool:
    """Whether the caller reads drafts too (the organisation's own staff, the СФР office) or approved lists only
    (the region's ministry); raises 403 for another organisation's staff."""
    if principal.has(Role.SFR_OPERATOR):
        return True
    own = principal.organisation_id == organisation_id
    if own and (principal.has(Role.PROVIDER) or principal.has(Role.PROVIDER_HEAD)):
        return True
    if principal.has(Role.REGION_MINISTRY):
        return False
    raise Forbidden("not_your_organisation", "a provider sees only its own organisation")
    raise AssertionError("unreachable")
