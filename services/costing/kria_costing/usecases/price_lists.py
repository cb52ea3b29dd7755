"""Price list use cases: compute a draft from a normalisation, approve it (then it never changes)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from kria_costing.domain.approval import ApprovalOrder, approval_refusal
from kria_costing.domain.coverage import NormalisationRejected
from kria_costing.domain.price_list import PriceListComputation, compute_price_list
from kria_costing.domain.price_list_document import render
from kria_costing.domain.standards import StandardsCatalogue
from kria_costing.schemas import NormalisationIn
from kria_costing.store import price_lists as store
from kria_costing.store.models import PriceListRow
from kria_shared.contracts.costing import PriceListApproved
from kria_shared.errors import Conflict, DomainError, Forbidden, NotFound
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory


def compute(normalisation: NormalisationIn, catalogue: StandardsCatalogue, version: str) -> PriceListComputation:
    """The domain computation, with a refusal turned into a 422 naming the field of the first problem."""
    try:
        return compute_price_list(normalisation.to_domain(), catalogue, version)
    except NormalisationRejected as exc:
        first = exc.problems[0]
        problems = [{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems]
        raise DomainError(first.code, first.message, field=first.field, problems=problems) from exc


async def create_draft(
    uows: UnitOfWorkFactory, organisation_id: str, normalisation: NormalisationIn, catalogue: StandardsCatalogue,
    author: str, now: datetime,
) -> PriceListRow:
    # refused before anything is stored; computed off the event loop (a few hundred ms for every ЦРГ)
    comp, document = await asyncio.to_thread(_compute_and_render, normalisation, catalogue)
    inputs = normalisation.model_dump(mode="json", exclude_none=True)
    for _attempt in range(3):  # two drafts posted at once may pick the same number: retry with the next one
        try:
            async with uows() as uow:
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
    raise Conflict("concurrent_drafts", "other drafts were being posted at the same moment: post again",
                   state="none", allowed=["create_draft"])


def _compute_and_render(
    normalisation: NormalisationIn, catalogue: StandardsCatalogue
) -> tuple[PriceListComputation, dict[str, Any]]:
    comp = compute(normalisation, catalogue, "draft")
    return comp, render(comp, normalisation.to_domain())


async def approve(
    uow: UnitOfWork, organisation_id: str, version: int, catalogue: StandardsCatalogue, approver: str, now: datetime,
    order: ApprovalOrder,
) -> PriceListRow:
    row = await store.price_list(uow.session, organisation_id, version, for_update=True)
    if row is None:
        raise NotFound("price list", f"{organisation_id}/{version}")
    if row.status != "draft":
        raise Conflict("already_approved", f"price list {version} is already approved and cannot change",
                       state=row.status, allowed=[])
    current = await store.current_version(uow.session, organisation_id)
    if current is not None and current > version:  # approving it would not put it in force: say so instead
        raise Conflict("superseded", f"price list {current} is approved and newer than draft {version}: "
                       "post the normalisation again for a new draft", state=row.status, allowed=["create_draft"])
    if row.standards_version != catalogue.version:  # the region replaced the standards after this draft
        raise Conflict("standards_changed", f"draft {version} was computed for standards {row.standards_version}, "
                       f"now {catalogue.version} are in force: post the normalisation again",
                       state=row.status, allowed=["create_draft"])
    refused = approval_refusal(row.created_by, approver, order)
    if refused is not None:
        error = Forbidden if refused.forbidden else DomainError
        raise error(refused.code, refused.message, field=refused.field)
    row.status, row.approved_at, row.approved_by = "approved", now, approver
    row.order_number, row.order_date, row.effective_from = order.number, order.on, order.effective_from
    uow.session.add(row)
    uow.emit(PriceListApproved(organisation_id=organisation_id, version=str(version), lines=row.lines),
             subject=organisation_id)
    return row


def summary(row: PriceListRow) -> dict[str, Any]:
    return {
        "organisation_id": row.organisation_id,
        "version": row.version,
        "status": row.status,
        "standards_version": row.standards_version,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
        "approved_at": row.approved_at.isoformat() if row.approved_at else None,
        "approved_by": row.approved_by,
        "order": ({"number": row.order_number, "date": row.order_date.isoformat() if row.order_date else None,
                   "effective_from": row.effective_from.isoformat() if row.effective_from else None}
                  if row.status == "approved" else None),
        "lines": row.lines,
    }
