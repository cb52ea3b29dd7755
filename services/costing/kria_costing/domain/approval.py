"""Approving a прейскурант (Penza order 18-62, item 2): the head of the organisation approves it by an order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
