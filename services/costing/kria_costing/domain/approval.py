"""Approving a прейскурант (Penza order 18-62, item 2): the head of the organisation approves it by an order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kria_shared.contracts.costing import PriceListApproved
from kria_shared.errors import Conflict, DomainError, Forbidden


@dataclass(frozen=True)
class ApprovalOrder:
    """The head's order: its number, its date and the date the prices take effect."""

    number: str
    on: date
    effective_from: date


@dataclass(frozen=True)
class ApprovalRefused:
    code: str
    field: str
    message: str  # for a person, in Russian
    forbidden: bool  # 403 (who asks), else 422 (what is asked)


def approval_refusal(drafted_by: str, approver: str, order: ApprovalOrder) -> ApprovalRefused | None:
    """Four eyes (the economist who drafted it cannot approve it) and an effective date not before the order."""
    if drafted_by == approver:
        return ApprovalRefused("drafter_cannot_approve", "approved_by",
                               "прейскурант утверждает руководитель, а не его составитель", forbidden=True)
    if order.effective_from < order.on:
        return ApprovalRefused("effective_before_order", "effective_from",
                               "цены не могут вступить в силу раньше даты приказа", forbidden=False)
    return None


@dataclass(frozen=True)
class Draft:
    """What approval needs to know of a stored price list."""

    organisation_id: str
    version: int
    status: str
    standards_version: str
    drafted_by: str
    lines: int


@dataclass(frozen=True)
class Approved:
    """The new state of an approved price list and the event that announces it."""

    approved_by: str
    approved_at: datetime
    order: ApprovalOrder
    event: PriceListApproved


def approve(
    draft: Draft, *, newest_approved: int | None, standards_in_force: str, approver: str, order: ApprovalOrder,
    now: datetime,
) -> Approved:
    """The head approves a draft: it must still be a draft, the newest one, computed for the standards in force,
    by another person than its author, with an effective date not before the order; otherwise the refusal."""
    if draft.status != "draft":
        raise Conflict("already_approved", f"price list {draft.version} is already approved and cannot change",
                       state=draft.status, allowed=[])
    if newest_approved is not None and newest_approved > draft.version:  # it would not be in force: say so
        raise Conflict("superseded", f"price list {newest_approved} is approved and newer than draft "
                       f"{draft.version}: post the normalisation again for a new draft",
                       state=draft.status, allowed=["create_draft"])
    if draft.standards_version != standards_in_force:  # the region replaced the standards after this draft
        raise Conflict("standards_changed", f"draft {draft.version} was computed for standards "
                       f"{draft.standards_version}, now {standards_in_force} are in force: post the normalisation "
                       "again", state=draft.status, allowed=["create_draft"])
    refused = approval_refusal(draft.drafted_by, approver, order)
    if refused is not None:
        error = Forbidden if refused.forbidden else DomainError
        raise error(refused.code, refused.message, field=refused.field)
    event = PriceListApproved(organisation_id=draft.organisation_id, version=str(draft.version), lines=draft.lines)
    return Approved(approver, now, order, event)


def drafts_collided() -> Conflict:
    """Two drafts posted at once kept picking the same version number."""
    return Conflict("concurrent_drafts", "other drafts were being posted at the same moment: post again",
                    state="none", allowed=["create_draft"])
