"""Reads: one certificate (with history), a filtered list, the monitoring summary, the travel ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query

from kria_certificates.domain.lifecycle import State
from kria_certificates.schemas import CertificateOut, TravelOut
from kria_certificates.usecases import Deps, certificate_reads
from kria_shared.auth import Principal, Role, require
from kria_shared.paging import Limit, Offset

READERS = (Role.SFR_OPERATOR, Role.PROVIDER, Role.PLATFORM_OPERATOR)


def build_reads_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["reads"])

    @router.get("/v1/certificates/{cid}", response_model=CertificateOut)
    async def get_one(cid: str, principal: Principal = require(*READERS)) -> CertificateOut:
        return await certificate_reads.certificate(deps, cid, principal)

    @router.get("/v1/certificates")
    async def list_certificates(
        state: State | None = None, region: str | None = None, organisation_id: str | None = None,
        decided_from: date | None = Query(None, alias="from"), decided_to: date | None = Query(None, alias="to"),
        limit: Limit = 100, offset: Offset = 0,
        principal: Principal = require(*READERS),
    ) -> dict[str, Any]:
        found = await certificate_reads.listing(deps, principal, state=state, region=region,
                                                organisation_id=organisation_id, decided_from=decided_from,
                                                decided_to=decided_to, limit=limit, offset=offset)
        items = [item.model_dump(mode="json") for item in found]
        return {"items": items, "count": len(items), "limit": limit, "offset": offset}

    @router.get("/v1/certificates/{cid}/travel", response_model=list[TravelOut])
    async def travel(cid: str, principal: Principal = require(*READERS)) -> list[TravelOut]:
        return await certificate_reads.travel(deps, cid, principal)

    @router.get("/v1/reports/summary")
    async def summary(
        region: str | None = None, decided_from: date | None = Query(None, alias="from"),
        decided_to: date | None = Query(None, alias="to"),
        _: Principal = require(Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR),
    ) -> dict[str, Any]:
        return await certificate_reads.summary(deps, region=region, decided_from=decided_from, decided_to=decided_to)

    return router
