"""The provider register (who may serve whom), kept by the СФР office, and the operator's administrative commands."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter

from kria_certificates.domain.access import actor_of
from kria_certificates.domain.register import RegisterRow, organisation_id
from kria_certificates.domain.register_history import ChangeKind
from kria_certificates.domain.target_groups import group_of
from kria_certificates.schemas import ChangeIn, ChangeOut, OrganisationIn, OrganisationOut, ProviderOut, RegisterLineOut
from kria_certificates.usecases import Deps, register_office
from kria_certificates.usecases.expiry_sweep import expire_due, refresh_state_gauge
from kria_certificates.usecases.register_office import Addition
from kria_shared.auth import Principal, Role, require
from kria_shared.clock import today_moscow
from kria_shared.contracts.certificates import RegisterLine
from kria_shared.path_ids import PathId

SFR = (Role.SFR_OPERATOR,)
READERS = (Role.SFR_OPERATOR, Role.PROVIDER, Role.PLATFORM_OPERATOR)


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


def organisation_view(found: register_office.OrganisationRecord, org: str, day: date) -> OrganisationOut:
    register, history = found.register, found.history
    configured_rows = [r for r in register.configured.rows if r.organisation_id == org]
    office = [e for e in register.entries if e.row.organisation_id == org]
    first = configured_rows[0] if configured_rows else office[0].row
    forms, capacity = register.terms(org, day)
    lines = [RegisterLineOut(target_group=r.group, municipality=r.municipality, coverage=r.coverage.value,
                             age_band=r.age_band, since=None) for r in configured_rows]
    lines += [RegisterLineOut(target_group=e.row.group, municipality=e.row.municipality,
                              coverage=e.row.coverage.value, age_band=e.row.age_band, since=e.since) for e in office]
    status = register.status_on(org, day)
    return OrganisationOut(
        organisation_id=org, name=first.name, region=first.region, status=status.value if status else None,
        status_on=day, configured=bool(configured_rows), forms=sorted(forms) if forms is not None else None,
        capacity=capacity, lines=lines,
        history=[ChangeOut(change_id=h.change_id, kind=h.kind, effective_on=h.effective_on, reason=h.reason,
                           actor=h.actor, recorded_at=h.recorded_at) for h in history],
    )


def build_register_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["register", "administration"])

    async def view(org: str, day: date | None) -> OrganisationOut:
        found = await register_office.organisation(deps, org)
        return organisation_view(found, org, day or today_moscow(deps.clock))

    @router.get("/v1/providers", response_model=list[ProviderOut])
    async def providers(
        region: str | None = None, target_group: str | None = None, municipality: str | None = None,
        age_band: str | None = None, on: date | None = None,
        _: Principal = require(*READERS),
    ) -> list[ProviderOut]:
        """The organisations in force on ``on`` (default: today in Moscow)."""
        register = await register_office.register_now(deps)
        rows = register.on(on or today_moscow(deps.clock)).matching(
            region=region, group=group_of(target_group) if target_group else None,
            municipality=municipality, age_band=age_band,
        )
        return _organisations(rows)

    @router.post("/v1/register/organisations", status_code=201, response_model=OrganisationOut)
    async def add(body: OrganisationIn, principal: Principal = require(*SFR)) -> OrganisationOut:
        """Add an organisation (or more rows for one the office added): ЦРГ × municipality × age band."""
        org = organisation_id(body.name)
        addition = Addition(org, body.name.strip(), body.region,
                            [RegisterLine.model_validate(line.model_dump()) for line in body.lines],
                            list(body.forms), body.capacity)
        await register_office.add_organisation(deps, addition, body.effective_on, body.reason,
                                               actor_of(principal, *SFR))
        return await view(org, body.effective_on)

    def change_route(kind: ChangeKind, path: str) -> None:
        @router.post(f"/v1/register/organisations/{{org}}/{path}", response_model=OrganisationOut,
                     name=f"register_{path}")
        async def change(org: PathId, body: ChangeIn, principal: Principal = require(*SFR)) -> OrganisationOut:
            await register_office.change_status(deps, org, kind, body.effective_on, body.reason,
                                                actor_of(principal, *SFR))
            return await view(org, body.effective_on)

    change_route(ChangeKind.SUSPENDED, "suspend")
    change_route(ChangeKind.REINSTATED, "reinstate")
    change_route(ChangeKind.WITHDRAWN, "withdraw")

    @router.get("/v1/register/organisations/{org}", response_model=OrganisationOut)
    async def organisation(org: PathId, on: date | None = None,
                           _: Principal = require(*READERS)) -> OrganisationOut:
        """The organisation's rows, its status on ``on`` (default today) and its whole history of changes."""
        return await view(org, on)

    @router.post("/v1/admin/expire-sweep")
    async def expire_sweep(principal: Principal = require(Role.SFR_OPERATOR)) -> dict[str, Any]:
        expired = await expire_due(deps, actor_of(principal, Role.SFR_OPERATOR))
        await refresh_state_gauge(deps)
        return {"expired": expired, "today": today_moscow(deps.clock).isoformat()}

    return router
