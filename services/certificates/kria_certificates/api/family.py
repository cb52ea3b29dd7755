"""The family's routes (role legal_representative, bound to their SNILS), the office's record of who the
representative is, and the organisation's list of the children whose family chose it."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from kria_certificates.domain.access import provider_scope
from kria_certificates.usecases import Deps, family
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound
from kria_shared.path_ids import PathId


class ChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: str = Field(min_length=1, max_length=100)
    form: Literal["semi_inpatient", "inpatient"]
    consent: bool = Field(description="the representative's consent to the course: must be true")


class RepresentativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    snils: str = Field(min_length=11, max_length=20, description="the representative's SNILS from the application")


def build_family_router(ctx: Deps) -> APIRouter:
    router = APIRouter(tags=["family"])
    FAMILY = require(Role.LEGAL_REPRESENTATIVE)

    @router.get("/v1/family/children")
    async def my_children(principal: Principal = FAMILY) -> dict[str, Any]:
        who = family.family_of(principal.subject, principal.signer_snils)
        items = await family.children(ctx, who)
        for item in items:
            log_personal_data_access(principal, "family_certificate", item["certificate_id"], True)
        return {"items": items}

    @router.get("/v1/family/children/{cid}")
    async def my_child(cid: PathId, principal: Principal = FAMILY) -> dict[str, Any]:
        who = family.family_of(principal.subject, principal.signer_snils)
        try:
            found = await family.child(ctx, who, cid)
        except NotFound:
            log_personal_data_access(principal, "family_certificate", cid, False)
            raise
        log_personal_data_access(principal, "family_certificate", cid, True)
        return found

    @router.put("/v1/family/children/{cid}/choice")
    async def choose(cid: PathId, body: ChoiceIn, principal: Principal = FAMILY) -> dict[str, Any]:
        who = family.family_of(principal.subject, principal.signer_snils)
        return await family.choose(ctx, who, cid, body.organisation_id, body.form, body.consent)

    @router.put("/v1/certificates/{cid}/representative")
    async def record_representative(cid: PathId, body: RepresentativeIn,
                                    principal: Principal = require(Role.SFR_OPERATOR)) -> dict[str, Any]:
        return await family.link(ctx, cid, body.snils, f"sfr_operator:{principal.subject}")

    @router.get("/v1/family-choices")
    async def chosen(principal: Principal = require(Role.PROVIDER)) -> dict[str, Any]:
        org = provider_scope(principal)
        assert org is not None  # a provider always has its organisation (provider_scope refuses one without)
        items = await family.chosen_by_families(ctx, org)
        for item in items:
            log_personal_data_access(principal, "family_choice", item["certificate_id"], True)
        return {"items": items, "count": len(items)}

    return router
