"""Lifecycle commands over HTTP: each is one transition by its actor, answered with the new state.

Provider routes act only on the organisation's own certificates (another's answers 404, so its
existence does not leak); an illegal transition answers 409 with the state and the allowed actions.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from kria_certificates.commands import Reservation
from kria_certificates.context import ServiceContext, actor_of, provider_scope
from kria_certificates.domain.lifecycle import State, allowed_commands
from kria_certificates.errors import Forbidden
from kria_certificates.models import CertificateRow, TravelRow
from kria_certificates.schemas import (
    AnnulIn,
    CommandOut,
    CompleteIn,
    ReserveIn,
    StartIn,
    TerminateIn,
    TravelIn,
    TravelOut,
)
from kria_shared.auth import Principal, Role, require

PROVIDER = (Role.PROVIDER,)
SFR = (Role.SFR_OPERATOR,)
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "illegal transition: details.state and details.allowed"},
    404: {"description": "no such certificate (or not this provider's)"},
}


def answer(row: CertificateRow) -> CommandOut:
    return CommandOut(certificate_id=row.id, state=row.state,
                      allowed_actions=[c.value for c in allowed_commands(State(row.state))])


def build_commands_router(ctx: ServiceContext) -> APIRouter:
    router = APIRouter(prefix="/v1/certificates/{cid}", tags=["lifecycle"], responses=CONFLICT)

    @router.post("/reservation", status_code=202, response_model=CommandOut)
    async def reserve(cid: str, body: ReserveIn, principal: Principal = require(*PROVIDER)) -> CommandOut:
        if principal.organisation_id != body.organisation_id:
            raise Forbidden("not_your_organisation", "a provider reserves only for its own organisation",
                            field="organisation_id")
        async with ctx.uows() as uow:
            reservation = Reservation(body.organisation_id, body.form, body.companion, body.plan)
            row = await ctx.commands.reserve(uow, cid, reservation, actor_of(principal, *PROVIDER))
        return answer(row)

    @router.post("/reservation/cancel", response_model=CommandOut)
    async def cancel(cid: str, principal: Principal = require(Role.PROVIDER, Role.SFR_OPERATOR)) -> CommandOut:
        async with ctx.uows() as uow:
            row = await ctx.commands.cancel_reservation(uow, cid, actor_of(principal, Role.SFR_OPERATOR, Role.PROVIDER),
                                                        provider_scope(principal))
        return answer(row)

    @router.post("/course/start", response_model=CommandOut)
    async def start(cid: str, body: StartIn, principal: Principal = require(*PROVIDER)) -> CommandOut:
        async with ctx.uows() as uow:
            row = await ctx.commands.start(uow, cid, body.start_date, actor_of(principal, *PROVIDER),
                                           provider_scope(principal))
        return answer(row)

    @router.post("/course/complete", response_model=CommandOut)
    async def complete(cid: str, body: CompleteIn, principal: Principal = require(*PROVIDER)) -> CommandOut:
        async with ctx.uows() as uow:
            row = await ctx.commands.finish(uow, cid, body.end_date, actor_of(principal, *PROVIDER),
                                            provider_scope(principal))
        return answer(row)

    @router.post("/course/terminate", response_model=CommandOut)
    async def terminate(cid: str, body: TerminateIn, principal: Principal = require(*PROVIDER)) -> CommandOut:
        async with ctx.uows() as uow:
            row = await ctx.commands.finish(uow, cid, body.end_date, actor_of(principal, *PROVIDER),
                                            provider_scope(principal), reason=body.reason,
                                            reason_text=body.reason_text)
        return answer(row)

    @router.post("/annul", response_model=CommandOut)
    async def annul(cid: str, body: AnnulIn, principal: Principal = require(*SFR)) -> CommandOut:
        async with ctx.uows() as uow:
            row = await ctx.commands.annul(uow, cid, body.reason, actor_of(principal, *SFR))
        return answer(row)

    @router.post("/travel", status_code=201, response_model=TravelOut)
    async def record_travel(cid: str, body: TravelIn, principal: Principal = require(*SFR)) -> TravelOut:
        line = TravelRow(line_id="", certificate_id=cid, kind=body.kind, traveller=body.traveller,
                         amount_kopecks=body.amount_kopecks, on=body.on, recorded_at=ctx.clock.now(), actor="",
                         note=body.note)
        async with ctx.uows() as uow:
            line = await ctx.commands.record_travel(uow, cid, line, actor_of(principal, *SFR))
        return TravelOut.model_validate(line, from_attributes=True)

    return router
