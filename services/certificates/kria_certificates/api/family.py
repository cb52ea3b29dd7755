"""The family's routes (role legal_representative, bound to their SNILS), the office's record of who the
representative is, and the organisation's list of the children whose family chose it."""

from __future__ import annotations

from fastapi import APIRouter

from kria_certificates.domain.access import provider_scope
from kria_certificates.schemas import (
    ChoiceIn,
    FamilyCertificateDetailOut,
    FamilyChildrenOut,
    FamilyChosenListOut,
    RepresentativeIn,
    RepresentativeOut,
)
from kria_certificates.usecases import Deps, family
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound
from kria_shared.path_ids import PathId


def build_family_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["family"])
    FAMILY = require(Role.LEGAL_REPRESENTATIVE)

    @router.get("/v1/family/children", response_model=FamilyChildrenOut)
    async def my_children(principal: Principal = FAMILY) -> FamilyChildrenOut:
        who = family.family_of(principal.subject, principal.signer_snils)
        found = await family.children(deps, who)
        for item in found.items:
            log_personal_data_access(principal, "family_certificate", item.certificate_id, True)
        return found

    @router.get("/v1/family/children/{cid}", response_model=FamilyCertificateDetailOut)
    async def my_child(cid: PathId, principal: Principal = FAMILY) -> FamilyCertificateDetailOut:
        who = family.family_of(principal.subject, principal.signer_snils)
        try:
            found = await family.child(deps, who, cid)
        except NotFound:
            log_personal_data_access(principal, "family_certificate", cid, False)
            raise
        log_personal_data_access(principal, "family_certificate", cid, True)
        return found

    @router.put("/v1/family/children/{cid}/choice", response_model=FamilyCertificateDetailOut)
    async def choose(cid: PathId, body: ChoiceIn, principal: Principal = FAMILY) -> FamilyCertificateDetailOut:
        who = family.family_of(principal.subject, principal.signer_snils)
        return await family.choose(deps, who, cid, body.organisation_id, body.form, body.consent)

    @router.put("/v1/certificates/{cid}/representative", response_model=RepresentativeOut)
    async def record_representative(cid: PathId, body: RepresentativeIn,
                                    principal: Principal = require(Role.SFR_OPERATOR)) -> RepresentativeOut:
        return await family.link(deps, cid, body.snils, f"sfr_operator:{principal.subject}")

    @router.get("/v1/family-choices", response_model=FamilyChosenListOut)
    async def chosen(principal: Principal = require(Role.PROVIDER)) -> FamilyChosenListOut:
        org = provider_scope(principal)
        assert org is not None  # a provider always has its organisation (provider_scope refuses one without)
        items = await family.chosen_by_families(deps, org)
        for item in items:
            log_personal_data_access(principal, "family_choice", item.certificate_id, True)
        return FamilyChosenListOut(items=items, count=len(items))

    return router
