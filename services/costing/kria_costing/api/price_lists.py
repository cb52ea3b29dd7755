"""HTTP for an organisation's economist: price lists (draft from a normalisation, approve, read)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kria_costing.documents.model import attachment, row_document
from kria_costing.documents.rendering import render_pdf
from kria_costing.documents.xlsx import XLSX_TYPE, workbook_bytes
from kria_costing.domain.access import price_list_reader, require_head_of, require_own_organisation
from kria_costing.domain.approval import ApprovalOrder
from kria_costing.schemas import (
    ApprovedPriceLists,
    NormalisationIn,
    PriceListDetail,
    PriceListDrafted,
    PriceListsOfOrganisation,
    PriceListSummary,
)
from kria_costing.store.models import PriceListRow
from kria_costing.usecases import CostingDeps, price_lists
from kria_shared.auth import Principal, Role, require
from kria_shared.contracts.common import ServiceForm
from kria_shared.path_ids import PathId as Organisation

Version = Annotated[int, Path(ge=1, le=1_000_000)]
READERS = (Role.PROVIDER, Role.PROVIDER_HEAD, Role.SFR_OPERATOR, Role.REGION_MINISTRY)


class ApprovalIn(BaseModel):
    """The head's order approving the прейскурант (Penza order 18-62, item 2: "утвердить приказом организации")."""

    model_config = ConfigDict(extra="forbid")
    order_number: str = Field(min_length=1, max_length=50, pattern=r"^[^\x00-\x1f\x7f]+$")
    order_date: date
    effective_from: date = Field(description="the date the prices take effect (not before the order)")


def build_price_list_router(deps: CostingDeps) -> APIRouter:
    router = APIRouter(prefix="/v1/organisations/{organisation_id}/price-lists", tags=["price lists"])

    @router.post("", status_code=201)
    async def create(
        organisation_id: Organisation, body: NormalisationIn, principal: Principal = require(Role.PROVIDER)
    ) -> PriceListDrafted:
        """Compute a draft price list from the organisation's cost normalisation."""
        require_own_organisation(principal, organisation_id)
        row = await price_lists.create_draft(deps, organisation_id, body, principal.subject)
        return PriceListDrafted(**dict(PriceListSummary.of(row)), course_totals=row.document["course_totals"])

    @router.get("")
    async def list_all(organisation_id: Organisation,
                       principal: Principal = require(*READERS)) -> PriceListsOfOrganisation:
        """The organisation's price lists (the region's ministry sees the approved ones only)."""
        drafts_too = price_list_reader(principal, organisation_id)
        rows, current = await price_lists.of_organisation(deps, organisation_id)
        shown = [r for r in rows if drafts_too or r.status == "approved"]
        return PriceListsOfOrganisation(current_version=current, price_lists=[PriceListSummary.of(r) for r in shown])

    @router.get("/{version}")
    async def get_one(
        organisation_id: Organisation, version: Version,
        group: Annotated[str | None, Query(max_length=10, description="only this ЦРГ's prices")] = None,
        form: Annotated[ServiceForm | None, Query(description="only this form's prices")] = None,
        principal: Principal = require(*READERS),
    ) -> PriceListDetail:
        """The price list with the full derivation of every price (optionally one group and/or form)."""
        row = await _readable(organisation_id, version, principal)
        document = dict(row.document)
        if group is not None and group not in {p["group"] for p in document["prices"]}:
            group = group.split(".")[0]  # a subgroup is priced by its group's standard
        for part in ("prices", "course_totals"):
            document[part] = [
                p for p in document[part]
                if (group is None or p["group"] == group) and (form is None or p["form"] == form)
            ]
        return PriceListDetail(**dict(PriceListSummary.of(row)), inputs=row.inputs, derivation=document)

    @router.post("/{version}/approve")
    async def approve_one(
        organisation_id: Organisation, version: Version, body: ApprovalIn,
        principal: Principal = require(Role.PROVIDER_HEAD),
    ) -> PriceListSummary:
        """The head of the organisation approves a draft by an order: from its effective date estimates use it,
        and it never changes (the economist who drafted it cannot approve it)."""
        require_head_of(principal, organisation_id)
        order = ApprovalOrder(body.order_number, body.order_date, body.effective_from)
        row = await price_lists.approve(deps, organisation_id, version, principal.subject, order)
        return PriceListSummary.of(row)

    async def _readable(organisation_id: str, version: int, principal: Principal) -> PriceListRow:
        drafts_too = price_list_reader(principal, organisation_id)  # a draft is not the ministry's business
        return await price_lists.one(deps, organisation_id, version, drafts_too=drafts_too)

    @router.get("/{version}/document.xlsx", response_class=Response)
    async def xlsx(
        organisation_id: Organisation, version: Version, principal: Principal = require(*READERS)
    ) -> Response:
        """The прейскурант as an XLSX workbook: a sheet per ЦРГ and form, the inputs and the derivation."""
        row = await _readable(organisation_id, version, principal)
        content = await asyncio.to_thread(workbook_bytes, row_document(row))
        return Response(content, media_type=XLSX_TYPE, headers=attachment(row, "xlsx"))

    @router.get("/{version}/document.pdf", response_class=Response)
    async def pdf(
        organisation_id: Organisation, version: Version, principal: Principal = require(*READERS)
    ) -> Response:
        """The прейскурант as a PDF: the order's header, the prices, the head's signature block."""
        row = await _readable(organisation_id, version, principal)
        content = await render_pdf(row_document(row))
        return Response(content, media_type="application/pdf", headers=attachment(row, "pdf"))

    return router


def build_approved_router(deps: CostingDeps) -> APIRouter:
    router = APIRouter(tags=["price lists"])

    @router.get("/v1/price-lists")
    async def approved(_: Principal = require(Role.SFR_OPERATOR, Role.REGION_MINISTRY)) -> ApprovedPriceLists:
        """Every organisation's approved price lists (the region's ministry and the СФР office)."""
        rows = await price_lists.approved_everywhere(deps)
        return ApprovedPriceLists(price_lists=[PriceListSummary.of(r) for r in rows])

    return router

