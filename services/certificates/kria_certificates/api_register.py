"""The provider register (who may serve whom) and the operator's administrative commands."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from kria_certificates.context import ServiceContext, actor_of
from kria_certificates.domain.register import RegisterRow
from kria_certificates.domain.target_groups import group_of
from kria_certificates.schemas import ProviderOut
from kria_certificates.sweep import expire_due, refresh_state_gauge
from kria_shared.auth import Principal, Role, require
from kria_shared.clock import today_moscow


def _organisations(rows: list[RegisterRow]) -> list[ProviderOut]:
    by_org: dict[str, list[RegisterRow]] = {}
    for r in rows:
        by_org.setdefault(r.organisation_id, []).append(r)
    out = []
    for org_id, mine in by_org.items():
        first = mine[0]
        out.append(ProviderOut(
            organisation_id=org_id, name=first.name, region=first.region,
            target_groups=sorted({r.group for r in mine}, key=int),
            municipalities=sorted({r.municipality for r in mine}), age_bands=sorted({r.age_band for r in mine}),
            generated=first.generated,
        ))
    return sorted(out, key=lambda p: (int(p.region), p.name))


def build_register_router(ctx: ServiceContext) -> APIRouter:
    router = APIRouter(tags=["register", "administration"])

    @router.get("/v1/providers", response_model=list[ProviderOut])
    async def providers(
        region: str | None = None, target_group: str | None = None, municipality: str | None = None,
        age_band: str | None = None,
        _: Principal = require(Role.SFR_OPERATOR, Role.PROVIDER, Role.PLATFORM_OPERATOR),
    ) -> list[ProviderOut]:
        rows = ctx.config.register.matching(
            region=region, group=group_of(target_group) if target_group else None,
            municipality=municipality, age_band=age_band,
        )
        return _organisations(rows)

    @router.post("/v1/admin/expire-sweep")
    async def expire_sweep(principal: Principal = require(Role.SFR_OPERATOR)) -> dict[str, Any]:
        expired = await expire_due(ctx, actor_of(principal, Role.SFR_OPERATOR))
        await refresh_state_gauge(ctx)
        return {"expired": expired, "today": today_moscow(ctx.clock).isoformat()}

    return router
