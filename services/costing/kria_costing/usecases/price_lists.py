"""Price list use cases: compute a draft from a normalisation, approve it (then it never changes), read them."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from sqlalchemy.exc import IntegrityError

from kria_costing.domain import approval
from kria_costing.domain.approval import ApprovalOrder
from kria_costing.domain.price_list import PriceListComputation, priced_or_refused
from kria_costing.domain.price_list_document import render
from kria_costing.domain.standards import StandardsCatalogue
from kria_costing.schemas import NormalisationIn
from kria_costing.store import price_lists as store
from kria_costing.store.models import PriceListRow
from kria_costing.usecases import CostingDeps
from kria_shared.errors import NotFound


def compute(normalisation: NormalisationIn, catalogue: StandardsCatalogue, version: str) -> PriceListComputation:
    """The domain computation (refused with a 422 naming the field of the first problem)."""
    return priced_or_refused(normalisation.to_domain(), catalogue, version)


async def create_draft(
    deps: CostingDeps, organisation_id: str, normalisation: NormalisationIn, author: str
) -> PriceListRow:
    # refused before anything is stored; computed off the event loop (a few hundred ms for every ЦРГ)
    comp, document = await asyncio.to_thread(_compute_and_render, normalisation, deps.config)
    inputs = normalisation.model_dump(mode="json", exclude_none=True)
    now = deps.now()
    for _attempt in range(3):  # two drafts posted at once may pick the same number: retry with the next one
        try:
            async with deps.uows() as uow:
                version = await store.next_price_list_version(uow.session, organisation_id)
                row = PriceListRow(
                    organisation_id=organisation_id, version=version, standards_version=comp.standards_version,
                    created_at=now, created_by=author, lines=len(comp.prices), inputs=inputs, document=document,
                    prices=replace(comp.table, version=str(version)).to_json(),
                )
                uow.session.add(row)
            return row
        except IntegrityError:
            continue
    raise approval.drafts_collided()


def _compute_and_render(
    normalisation: NormalisationIn, catalogue: StandardsCatalogue
) -> tuple[PriceListComputation, dict[str, Any]]:
    comp = compute(normalisation, catalogue, "draft")
    return comp, render(comp, normalisation.to_domain())


async def approve(
    deps: CostingDeps, organisation_id: str, version: int, approver: str, order: ApprovalOrder
) -> PriceListRow:
    """The head's approval: the rules are the domain's (domain/approval.py); this loads, asks, stores, emits."""
    async with deps.uows() as uow:
        row = await store.price_list(uow.session, organisation_id, version, for_update=True)
        if row is None:
            raise NotFound("price list", f"{organisation_id}/{version}")
        draft = approval.Draft(row.organisation_id, row.version, row.status, row.standards_version, row.created_by,
                               row.lines)
        approved = approval.approve(
            draft, newest_approved=await store.current_version(uow.session, organisation_id),
            standards_in_force=deps.config.version, approver=approver, order=order, now=deps.now(),
        )
        row.status, row.approved_at, row.approved_by = "approved", approved.approved_at, approved.approved_by
        row.order_number, row.order_date, row.effective_from = order.number, order.on, order.effective_from
        uow.session.add(row)
        uow.emit(approved.event, subject=organisation_id)
    return row


async def of_organisation(deps: CostingDeps, organisation_id: str) -> tuple[list[PriceListRow], int | None]:
    """Every version of the organisation's price lists (summaries) and the newest approved version."""
    async with deps.db.session() as session:
        rows = await store.price_lists(session, organisation_id)
        current = await store.current_version(session, organisation_id)
    return rows, current


async def one(deps: CostingDeps, organisation_id: str, version: int, *, drafts_too: bool) -> PriceListRow:
    """One price list; a draft is not found for a reader of approved lists only (the region's ministry)."""
    async with deps.db.session() as session:
        row = await store.price_list(session, organisation_id, version)
    if row is None or not (drafts_too or row.status == "approved"):
        raise NotFound("price list", f"{organisation_id}/{version}")
    return row


async def approved_everywhere(deps: CostingDeps) -> list[PriceListRow]:
    """Every organisation's approved price lists (summaries)."""
    async with deps.db.session() as session:
        return await store.approved_price_lists(session)
