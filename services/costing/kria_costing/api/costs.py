"""HTTP reads: a certificate's estimates and settlement, and the course standards in force."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from kria_costing.domain.access import may_read_organisation
from kria_costing.domain.standards import AGE_BANDS, CourseStandard, ServiceStandard
from kria_costing.store.models import EstimateRow, SettlementRow
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
    ) -> dict[str, Any]:
        """Every estimate of the certificate and its settlement (a provider: only its own children)."""
        every_estimate, settled = await certificate_costs.of_certificate(deps, certificate_id)
        visible = [e for e in every_estimate if may_read_organisation(principal, e.organisation_id)]
        log_personal_data_access(principal, "costs", certificate_id, allowed=bool(visible))
        if not visible:  # an unknown certificate and another organisation's child look the same
            raise NotFound("certificate costs", certificate_id)
        shown = {e.estimate_id for e in visible}  # a settlement belongs to the organisation of its estimate
        return {
            "certificate_id": certificate_id,
            "estimates": [estimate_view(e) for e in visible],
            "settlement": settlement_view(settled) if settled and settled.estimate_id in shown else None,
        }

    @router.get("/v1/standards")
    async def standards(
        group: Annotated[str | None, Query(max_length=10, description="one ЦРГ (a subgroup finds its group)")] = None,
        _: Principal = require(*EVERY_ROLE),
    ) -> dict[str, Any]:
        """The course standards in force: per ЦРГ, each line's counts by age band, duration and specialists."""
        chosen = list(catalogue.standards.values())
        if group is not None:
            code = group if group in catalogue.standards else group.split(".")[0]
            if code not in catalogue.standards:
                raise NotFound("course standard", group)
            chosen = [catalogue.standards[code]]
        return {
            "version": catalogue.version, "course_days": catalogue.course_days,
            "min_course_activities": catalogue.min_course_activities,
            "career_guidance_min_age": catalogue.career_guidance_min_age,
            "ages": {"min": catalogue.min_age, "max": catalogue.max_age},
            "young_max_age": catalogue.young_max_age,
            "standards": [standard_view(s) for s in chosen],
            "superseded": [{"code": code, **standard_view(s)} for code, s in catalogue.superseded.items()
                           if group is None or s.group == chosen[0].group],
            "service_standards": [service_view(s) for s in catalogue.services.values()] if group is None else [],
        }

    return router


def estimate_view(e: EstimateRow) -> dict[str, Any]:
    return {
        "estimate_id": e.estimate_id, "organisation_id": e.organisation_id, "outcome": e.outcome,
        "reason": e.reason, "price_list_version": e.price_list_version, "standard_version": e.standard_version,
        "target_group": e.target_group, "age_years": e.age_years, "form": e.form, "companion": e.companion,
        "days": e.days, "plan": e.plan, "course_kopecks": e.course_kopecks, "per_day": e.per_day,
        "per_day_kopecks": e.per_day_kopecks, "accompanying_kopecks": e.accompanying_kopecks,
        "total_kopecks": e.total_kopecks, "value_kopecks": e.value_kopecks, "created_at": e.created_at.isoformat(),
    }


def settlement_view(s: SettlementRow) -> dict[str, Any]:
    return {
        "estimate_id": s.estimate_id, "outcome": s.outcome, "lines": s.lines,
        "activities_kopecks": s.activities_kopecks, "accompanying_days": s.accompanying_days,
        "per_day_kopecks": s.per_day_kopecks, "accompanying_kopecks": s.accompanying_kopecks,
        "actual_kopecks": s.actual_kopecks, "value_kopecks": s.value_kopecks, "paid_kopecks": s.paid_kopecks,
        "released_kopecks": s.released_kopecks, "settled_at": s.settled_at.isoformat(),
    }


def standard_view(s: CourseStandard) -> dict[str, Any]:
    return {
        "group": s.group, "origin": s.origin, "derived": s.derived, "year": s.year, "source": s.source,
        "forms": sorted(str(f) for f in s.forms),
        "planned_total": {band: s.planned_total(band) for band in AGE_BANDS},
        "lines": [
            {"direction": str(ln.key.direction), "activity_type": str(ln.key.activity_type),
             "delivery": str(ln.key.delivery), "specialists": list(ln.specialists),
             "max_group_size": ln.max_group_size, "minutes": {"min": ln.minutes_min, "max": ln.minutes_max},
             "minutes_4_6": ({"min": ln.young_minutes[0], "max": ln.young_minutes[1]} if ln.young_minutes else None),
             "counts": {band: {"planned": c.planned, "min": c.min, "max": c.max} for band, c in ln.counts.items()}}
            for ln in s.lines
        ],
    }


def service_view(s: ServiceStandard) -> dict[str, Any]:
    return {
        "code": s.code, "title": s.title, "year": s.year, "source": s.source,
        "working_days": {"min": s.working_days_min, "max": s.working_days_max},
        "activities": [{"number": a.number, "title": a.title, "min": a.min, "max": a.max, "note": a.note}
                       for a in s.activities],
    }
