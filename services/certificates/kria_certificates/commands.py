"""Use cases of the people acting on a certificate (provider, СФР operator): load, ask the aggregate, save, emit.

Each runs in one unit of work. The one that loses a race on a certificate (``state_changed``) is read again
once: an identical repeat of the winner is answered from the state it produced, anything else is a 409.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from kria_certificates import store
from kria_certificates.config_loader import CertificatesConfig
from kria_certificates.domain.certificate import Certificate, Change, Reservation, ReservationRules, StateChanged
from kria_certificates.models import TravelRow
from kria_certificates.settlement import apply_parked_settlement
from kria_certificates.transitions import Actor, apply
from kria_shared.clock import Clock, today_moscow
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import MissReason
from kria_shared.errors import DomainError, NotFound
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory

__all__ = ["CertificateCommands", "Reservation"]

T = TypeVar("T")


class CertificateCommands:
    def __init__(self, config: CertificatesConfig, clock: Clock, *, replay_only: bool = False) -> None:
        self.config = config
        self.clock = clock
        self.replay_only = replay_only

    async def run(self, uows: UnitOfWorkFactory, act: Callable[[CertificateCommands, UnitOfWork], Awaitable[T]],
                  *, additive: bool = False) -> T:
        """``act`` in a unit of work; once more after losing a race (``additive``: a ledger line, applied again)."""
        try:
            async with uows() as uow:
                return await act(self, uow)
        except StateChanged as lost:
            if additive:
                async with uows() as uow:
                    return await act(self, uow)
            try:
                async with uows() as uow:
                    return await act(CertificateCommands(self.config, self.clock, replay_only=True), uow)
            except DomainError as refused:  # whatever the new state says, the command was decided on the old one
                if isinstance(refused, NotFound | StateChanged):
                    raise
                raise lost from None

    async def load(self, uow: UnitOfWork, cid: str, org: str | None = None) -> Certificate:
        """The certificate; a provider (``org`` given) only reaches one reserved to it."""
        cert = await store.load(uow.session, cid)
        if cert is None or (org is not None and cert.organisation_id != org):
            raise NotFound("certificate", cid)
        return cert

    async def _apply(self, uow: UnitOfWork, change: Change, actor: Actor) -> Certificate:
        return await apply(uow, change, actor=actor, now=self.clock.now(), replay_only=self.replay_only)

    async def reserve(self, uow: UnitOfWork, cid: str, req: Reservation, actor: Actor) -> Certificate:
        cert = await self.load(uow, cid)
        child = await store.child(uow.session, cert.child_id)
        assert child is not None, "a certificate always has its child"
        rules = ReservationRules(self.config.register, self.config.age_bands, self.config.course)
        change = cert.reserve(req, birth_date=child.birth_date, today=today_moscow(self.clock), rules=rules,
                              now=self.clock.now())
        return await self._apply(uow, change, actor)

    async def cancel_reservation(self, uow: UnitOfWork, cid: str, actor: Actor, org: str | None) -> Certificate:
        cert = await self.load(uow, cid, org)
        return await self._apply(uow, cert.cancel_reservation(self.clock.now()), actor)

    async def start(self, uow: UnitOfWork, cid: str, start: date, actor: Actor, org: str | None) -> Certificate:
        cert = await self.load(uow, cid, org)
        return await self._apply(uow, cert.start(start, rules=self.config.course, now=self.clock.now()), actor)

    async def finish(
        self, uow: UnitOfWork, cid: str, end: date, actor: Actor, org: str | None,
        *, reason: MissReason | None = None, reason_text: str | None = None,
    ) -> Certificate:
        """Complete (``reason`` None) or terminate early; a settlement that arrived early is applied now."""
        cert = await self.load(uow, cid, org)
        change = cert.finish(end, rules=self.config.course, now=self.clock.now(), reason=reason,
                             reason_text=reason_text)
        ended = await self._apply(uow, change, actor)
        return ended if change.replay else await apply_parked_settlement(uow, ended, self.clock.now())

    async def annul(self, uow: UnitOfWork, cid: str, reason: str, actor: Actor) -> Certificate:
        cert = await self.load(uow, cid)
        return await self._apply(uow, cert.annul(reason, self.clock.now()), actor)

    async def record_travel(self, uow: UnitOfWork, cid: str, line: TravelRow, actor: Actor) -> TravelRow:
        cert = await self.load(uow, cid)
        line.line_id, line.certificate_id = f"trv-{uuid.uuid4().hex[:16]}", cert.id
        line.recorded_at, line.actor = self.clock.now(), actor.label
        event = ev.TravelRecorded.model_validate({"certificate_id": cert.id, "line_id": line.line_id,
                                                  "kind": line.kind, "amount_kopecks": line.amount_kopecks,
                                                  "on": line.on})
        change = cert.record_travel(event, f"{line.kind}:{line.traveller}", line.recorded_at)
        await apply(uow, change, actor=actor, now=line.recorded_at)
        uow.session.add(line)
        return line
