"""HTTP for an organisation's economist: price lists (draft from a normalisation, approve, read)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from kria_costing import store
from kria_costing.access import require_own_organisation, require_read_organisation
from kria_costing.domain.standards import StandardsCatalogue
from kria_costing.normalisation_schema import NormalisationIn
from kria_costing.pricing_service import approve, create_draft, summary
from kria_shared.auth import Principal, Role, require
from kria_shared.contracts.common import ServiceForm
from kria_shared.errors import NotFound
from kria_shared.path_ids import PathId as Organisation
from kria_shared.runtime import ServiceRuntime

Version = Annotated[int, Path(ge=1, le=1_000_000)]


def build_price_list_router(runtime: ServiceRuntime, catalogue: StandardsCatalogue) -> APIRouter:
    router = APIRouter(prefix="/v1/organisations/{organisation_id}/price-lists", tags=["price lists"])

    @router.post("", status_code=201)
    async def create(
        organisation_id: Organisation, body: NormalisationIn, principal: Principal = require(Role.PROVIDER)
    ) -> dict[str, Any]:
        """Compute a draft price list from the organisation's cost normalisation."""
        require_own_organisation(principal, organisation_id)
        row = await create_draft(runtime.uows, organisation_id, body, catalogue, principal.subject,
                                 runtime.clock.now())
        return {**summary(row), "course_totals": row.document["course_totals"]}

    @router.get("")
    async def list_all(
        organisation_id: Organisation, principal: Principal = require(Role.PROVIDER, Role.SFR_OPERATOR)
    ) -> dict[str, Any]:
        require_read_organisation(principal, organisation_id)
        async with runtime.db.session() as session:
            rows = await store.price_lists(session, organisation_id)
            current = await store.current_version(session, organisation_id)
        return {"current_version": current, "price_lists": [summary(r) for r in rows]}

    @router.get("/{version}")
    async def get_one(
        organisation_id: Organisation, version: Version,
        group: Annotated[str | None, Query(max_length=10, description="only this ЦРГ's prices")] = None,
        form: Annotated[ServiceForm | None, Query(description="only this form's prices")] = None,
        principal: Principal = require(Role.PROVIDER, Role.SFR_OPERATOR),
    ) -> dict[str, Any]:
        """The price list with the full derivation of every price (optionally one group and/or form)."""
        require_read_organisation(principal, organisation_id)
        async with runtime.db.session() as session:
            row = await store.price_list(session, organisation_id, version)
        if row is None:
            raise NotFound("price list", f"{organisation_id}/{version}")
        document = dict(row.document)
        if group is not None and group not in {p["group"] for p in document["prices"]}:
            group = group.split(".")[0]  # a subgroup is priced by its group's standard
        for part in ("prices", "course_totals"):
            document[part] = [
                p for p in document[part]
                if (group is None or p["group"] == group) and (form is None or p["form"] == form)
            ]
        return {**summary(row), "inputs": row.inputs, "derivation": document}

    @router.post("/{version}/approve")
    async def approve_one(
        organisation_id: Organisation, version: Version, principal: Principal = require(Role.PROVIDER)
    ) -> dict[str, Any]:
        """Approve a draft: from now on estimates use it, and it never changes."""
        require_own_organisation(principal, organisation_id)
        async with runtime.uows() as uow:
            row = await approve(uow, organisation_id, version, catalogue, principal.subject, runtime.clock.now())
        return summary(row)

    return router
