"""HTTP reads: a certificate's estimates and settlement, and the course standards in force."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from kria_costing.domain.access import may_read_organisation
from kria_costing.domain.standards import CourseStandard
from kria_costing.schemas import (
    AgeRange,
    CertificateCosts,
    CourseStandardOut,
    EstimateOut,
    ServiceStandardOut,
    SettlementOut,
    StandardsInForce,
    SupersededStandardOut,
)
from kria_costing.usecases import CostingDeps, certificate_costs
from kria_shared.auth import Principal, Role, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound
from kria_shared.path_ids import PathId as CertificateId

EVERY_ROLE = tuple(Role)


def build_costs_router(deps: CostingDeps) -> APIRouter:
    catalogue = deps.config
    router = APIRouter(tags=["costs"])

    @router.get("/v1/certificates/{certificate_id}/costs")
    async def costs(
        certificate_id: CertificateId,
        principal: Principal = require(Role.PROVIDER, Role.SFR_OPERATOR),
    ) -> CertificateCosts:
        """Every estimate of the certificate and its settlement (a provider: only its own children)."""
        every_estimate, settled = await certificate_costs.of_certificate(deps, certificate_id)
        visible = [e for e in every_estimate if may_read_organisation(principal, e.organisation_id)]
        log_personal_data_access(principal, "costs", certificate_id, allowed=bool(visible))
        if not visible:  # an unknown certificate and another organisation's child look the same
            raise NotFound("certificate costs", certificate_id)
        shown = {e.estimate_id for e in visible}  # a settlement belongs to the organisation of its estimate
        return CertificateCosts(
            certificate_id=certificate_id, estimates=[EstimateOut.of(e) for e in visible],
            settlement=SettlementOut.of(settled) if settled and settled.estimate_id in shown else None)

    @router.get("/v1/standards")
    async def standards(
        group: Annotated[str | None, Query(max_length=10, description="one ЦРГ (a subgroup finds its group)")] = None,
        _: Principal = require(*EVERY_ROLE),
    ) -> StandardsInForce:
        """The course standards in force: per ЦРГ, each line's counts by age band, duration and specialists."""
        chosen = list(catalogue.standards.values())
        if group is not None:
            code = group if group in catalogue.standards else group.split(".")[0]
            if code not in catalogue.standards:
                raise NotFound("course standard", group)
            chosen = [catalogue.standards[code]]
        return StandardsInForce(
            version=catalogue.version, course_days=catalogue.course_days,
            min_course_activities=catalogue.min_course_activities,
            career_guidance_min_age=catalogue.career_guidance_min_age,
            ages=AgeRange(min=catalogue.min_age, max=catalogue.max_age), young_max_age=catalogue.young_max_age,
            standards=[CourseStandardOut.of(s) for s in chosen],
            superseded=[SupersededStandardOut(code=code, **dict(CourseStandardOut.of(s)))
                        for code, s in catalogue.superseded.items() if group is None or s.group == chosen[0].group],
            service_standards=[ServiceStandardOut.of(s) for s in catalogue.services.values()] if group is None else [],
        )

    return router


def standard_view(s: CourseStandard) -> dict[str, Any]:
    """A standard as /v1/standards shows it, as JSON (the console's tests serve it from a stub)."""
    return CourseStandardOut.of(s).model_dump(mode="json")
