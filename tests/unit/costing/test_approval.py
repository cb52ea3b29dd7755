"""Approval rules of a прейскурант: four eyes, and prices never in force before the order."""

from __future__ import annotations

from datetime import date

from kria_costing.domain.approval import ApprovalOrder, approval_refusal

ORDER = ApprovalOrder("17-п", date(2026, 2, 10), date(2026, 2, 20))


def test_the_head_approves_with_an_order() -> None:
    assert approval_refusal("economist-1", "head-1", ORDER) is None
    same_day = ApprovalOrder("17-п", date(2026, 2, 10), date(2026, 2, 10))
    assert approval_refusal("economist-1", "head-1", same_day) is None


def test_the_drafter_cannot_approve_their_own_list() -> None:
    refused = approval_refusal("head-1", "head-1", ORDER)
    assert refused is not None and (refused.code, refused.forbidden) == ("drafter_cannot_approve", True)


def test_prices_do_not_take_effect_before_the_order() -> None:
    refused = approval_refusal("economist-1", "head-1", ApprovalOrder("17-п", date(2026, 2, 10), date(2026, 2, 9)))
    assert refused is not None and (refused.code, refused.field, refused.forbidden) == (
        "effective_before_order", "effective_from", False)
