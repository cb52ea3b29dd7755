"""Lifecycle commands over HTTP: each is one transition by its actor, answered with the new state.

Provider routes act only on the organisation's own certificates (another's answers 404, so its
existence does not leak); an illegal transition answers 409 with the state and the allowed actions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel

from kria_certificates.domain.access import actor_of, check_reserving_for, provider_scope
from kria_certificates.domain.certificate import Certificate
from kria_certificates.domain.idempotency import CommandKey
from kria_certificates.domain.lifecycle import allowed_commands
from kria_certificates.schemas import (
    AnnulIn,
    CommandOut,
    CompleteIn,
    ReserveIn,
    ReversalIn,
    StartIn,
    TerminateIn,
    TravelIn,
    TravelOut,
)
from kria_certificates.store.models import TravelRow
from kria_certificates.usecases import Deps
from kria_certificates.usecases.commands import CertificateCommands, Reservation
from kria_shared.auth import Principal, Role, require
from kria_shared.path_ids import PRINTABLE_ID, PathId
from kria_shared.uow import UnitOfWork

PROVIDER = (Role.PROVIDER,)
SFR = (Role.SFR_OPERATOR,)
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "illegal transition (details.state and details.allowed), or state_changed: another "
                         "command changed the certificate at the same time"},
    404: {"description": "no such certificate (or not this provider's)"},
}


# Optional on every command: a retried request with the key it was first sent with is answered, not applied.
KeyHeader = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200, pattern=PRINTABLE_ID,
                                         description="a retry with the same key and body is not applied again")]


def keyed(key: str | None, cid: str, command: str, body: BaseModel | None) -> CommandKey | None:
    return None if key is None else CommandKey.of(key, f"{command}|{cid}", body.model_dump_json() if body else "")


Act = Callable[[CertificateCommands, UnitOfWork], Awaitable[Certificate]]


def answer(cert: Certificate) -> CommandOut:
    return CommandOut(certificate_id=cert.id, state=cert.state.value,
                      allowed_actions=[c.value for c in allowed_commands(cert.state)])


def ledger_line(line: TravelRow, replayed: bool, response: Response) -> TravelOut:
    """A travel line recorded now, or the one a retry with the same key recorded first (marked as such)."""
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return TravelOut.model_validate(line, from_attributes=True)


def build_commands_router(deps: Deps) -> APIRouter:
    commands = CertificateCommands(deps.config, deps.clock)
    router = APIRouter(prefix="/v1/certificates/{cid}", tags=["lifecycle"], responses=CONFLICT)

    async def command(cid: str, name: str, body: BaseModel | None, key: str | None, scope: str | None,
                      act: Act) -> CommandOut:
        """One lifecycle command, keyed by its name, certificate and body; answered with the new state."""
        return answer(await commands.run_keyed(deps.uows, cid, scope, keyed(key, cid, name, body), act))

    @router.post("/reservation", status_code=202, response_model=CommandOut)
    async def reserve(cid: str, body: ReserveIn, key: KeyHeader = None,
                      principal: Principal = require(*PROVIDER)) -> CommandOut:
        check_reserving_for(principal, body.organisation_id)
        req = Reservation(body.organisation_id, body.form, body.companion, body.plan)
        actor = actor_of(principal, *PROVIDER)
        return await command(cid, "reserve", body, key, None, lambda c, uow: c.reserve(uow, cid, req, actor))

    @router.post("/reservation/cancel", response_model=CommandOut)
    async def cancel(cid: str, key: KeyHeader = None,
                     principal: Principal = require(Role.PROVIDER, Role.SFR_OPERATOR)) -> CommandOut:
        actor, scope = actor_of(principal, Role.SFR_OPERATOR, Role.PROVIDER), provider_scope(principal)
        return await command(cid, "cancel", None, key, scope,
                             lambda c, uow: c.cancel_reservation(uow, cid, actor, scope))

    @router.post("/course/start", response_model=CommandOut)
    async def start(cid: str, body: StartIn, key: KeyHeader = None,
                    principal: Principal = require(*PROVIDER)) -> CommandOut:
        actor, scope = actor_of(principal, *PROVIDER), provider_scope(principal)
        return await command(cid, "start", body, key, scope,
                             lambda c, uow: c.start(uow, cid, body.start_date, actor, scope))

    async def finish(cid: str, name: str, body: CompleteIn | TerminateIn, key: str | None,
                     principal: Principal) -> CommandOut:
        """Completion (``CompleteIn``) or early termination (``TerminateIn``, with its reason)."""
        actor, scope = actor_of(principal, *PROVIDER), provider_scope(principal)
        reason, text = (body.reason, body.reason_text) if isinstance(body, TerminateIn) else (None, None)
        return await command(cid, name, body, key, scope, lambda c, uow: c.finish(
            uow, cid, body.end_date, actor, scope, reason=reason, reason_text=text))

    @router.post("/course/complete", response_model=CommandOut)
    async def complete(cid: str, body: CompleteIn, key: KeyHeader = None,
                       principal: Principal = require(*PROVIDER)) -> CommandOut:
        return await finish(cid, "complete", body, key, principal)

    @router.post("/course/terminate", response_model=CommandOut)
    async def terminate(cid: str, body: TerminateIn, key: KeyHeader = None,
                        principal: Principal = require(*PROVIDER)) -> CommandOut:
        return await finish(cid, "terminate", body, key, principal)

    @router.post("/annul", response_model=CommandOut)
    async def annul(cid: str, body: AnnulIn, key: KeyHeader = None,
                    principal: Principal = require(*SFR)) -> CommandOut:
        actor = actor_of(principal, *SFR)
        return await command(cid, "annul", body, key, None, lambda c, uow: c.annul(uow, cid, body.reason, actor))

    @router.post("/travel", status_code=201, response_model=TravelOut,
                 responses={409: {"description": "illegal transition, or idempotency_key_reused: the key was "
                                                 "sent before with another line"}})
    async def record_travel(
        cid: str, body: TravelIn, response: Response, key: KeyHeader = None, principal: Principal = require(*SFR),
    ) -> TravelOut:
        actor, req = actor_of(principal, *SFR), body.request()
        line, replayed = await commands.run(
            deps.uows, lambda c, uow: c.record_travel(uow, cid, req, actor, key), additive=True)
        return ledger_line(line, replayed, response)

    @router.post("/travel/{line_id}/reversal", status_code=201, response_model=TravelOut,
                 responses={409: {"description": "illegal transition, or already_reversed (with another reason)"}})
    async def reverse_travel(cid: str, line_id: PathId, body: ReversalIn, response: Response,
                             principal: Principal = require(*SFR)) -> TravelOut:
        """A correcting entry: a new line of the opposite amount naming the wrong one, which is kept."""
        actor = actor_of(principal, *SFR)
        line, replayed = await commands.run(
            deps.uows, lambda c, uow: c.reverse_travel(uow, cid, line_id, body.reason, actor), additive=True)
        return ledger_line(line, replayed, response)

    return router
