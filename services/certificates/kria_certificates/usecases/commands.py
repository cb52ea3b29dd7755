"""Use cases of the people acting on a certificate (provider, СФР operator): load, ask the aggregate, save, emit.

Each runs in one unit of work. The one that loses a race on a certificate (``state_changed``) is read again
once: an identical repeat of the winner is answered from the state it produced, anything else is a 409.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.domain import travel
from kria_certificates.domain.access import Actor
from kria_certificates.domain.certificate import Certificate, Change, Reservation, ReservationRules, StateChanged
from kria_certificates.domain.idempotency import CommandKey
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.travel import LineRequest
from kria_certificates.store import repository as store
from kria_certificates.store.models import TravelRow
from kria_certificates.usecases import register_office
from kria_certificates.usecases.settlement import apply_parked_settlement
from kria_certificates.usecases.transitions import apply
from kria_shared.clock import Clock, today_moscow
from kria_shared.contracts.common import MissReason
from kria_shared.errors import DomainError, NotFound
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory

HOLDING_A_PLACE = (State.RESERVATION_PENDING, State.RESERVED, State.IN_SERVICE)
__all__ = ["CertificateCommands", "Reservation"]

T = TypeVar("T")


class CertificateCommands:
    def __init__(self, config: CertificatesConfig, clock: Clock, *, replay_only: bool = False,
                 key: CommandKey | None = None) -> None:
        self.config = config
        self.clock = clock
        self.replay_only = replay_only
        self.key = key

    async def run_keyed(self, uows: UnitOfWorkFactory, cid: str, org: str | None, key: CommandKey | None,
                        act: Callable[[CertificateCommands, UnitOfWork], Awaitable[Certificate]]) -> Certificate:
        """A lifecycle command; with ``key``, a retry of the request first sent with it is answered, not applied."""
        if key is None:
            return await self.run(uows, act)

        async def once(c: CertificateCommands, uow: UnitOfWork) -> Certificate:
            earlier = await store.history_by_key(uow.session, cid, key.key)
            if earlier is None:
                return await act(CertificateCommands(c.config, c.clock, replay_only=c.replay_only, key=key), uow)
            key.check_repeat(earlier.request_digest)
            return await c.load(uow, cid, org)

        return await self.run(uows, once)

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
        return await apply(uow, change, actor=actor, now=self.clock.now(), replay_only=self.replay_only,
                           key=self.key)

    async def reserve(self, uow: UnitOfWork, cid: str, req: Reservation, actor: Actor) -> Certificate:
        cert = await self.load(uow, cid)
        child = await store.child(uow.session, cert.child_id)
        assert child is not None, "a certificate always has its child"
        # The register on the reservation's date, with the office's changes; capacity counts the places held now.
        current = await register_office.current(uow.session, self.config)
        occupied = await store.occupied_by(uow.session, req.organisation_id, HOLDING_A_PLACE)
        rules = ReservationRules(current, self.config.age_bands, self.config.course, occupied=occupied)
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

    async def record_travel(self, uow: UnitOfWork, cid: str, req: LineRequest, actor: Actor,
                            key: str | None = None) -> tuple[TravelRow, bool]:
        """The line recorded, and whether it is the one already recorded under ``key`` (a retried POST)."""
        cert = await self.load(uow, cid)
        earlier = await store.travel_by_key(uow.session, cid, key) if key else None
        if earlier is not None and travel.replayed(store.line_of(earlier), req):
            return earlier, True
        now, line_id = self.clock.now(), f"trv-{uuid.uuid4().hex[:16]}"
        await apply(uow, cert.record_travel(req, line_id, rules=self.config.travel, now=now), actor=actor, now=now)
        line = TravelRow(line_id=line_id, certificate_id=cert.id, kind=req.kind, traveller=req.traveller,
                         amount_kopecks=req.amount_kopecks, on=req.on, recorded_at=now, actor=actor.label,
                         note=req.note, idempotency_key=key, request_digest=req.digest() if key else None)
        uow.session.add(line)
        return line, False

    async def reverse_travel(self, uow: UnitOfWork, cid: str, line_id: str, reason: str,
                             actor: Actor) -> tuple[TravelRow, bool]:
        """The correcting entry of line ``line_id``, and whether it was already recorded with this reason."""
        cert = await self.load(uow, cid)
        original = await store.travel_line(uow.session, cid, line_id)
        if original is None:
            raise NotFound("travel line", line_id)
        earlier = await store.reversal_of(uow.session, line_id)
        amount = travel.reversal_amount(store.line_of(original),
                                        store.line_of(earlier) if earlier else None, reason)
        if amount is None:
            assert earlier is not None
            return earlier, True
        now, new_id = self.clock.now(), f"trv-{uuid.uuid4().hex[:16]}"
        await apply(uow, cert.reverse_travel(store.line_of(original), new_id, now), actor=actor, now=now)
        line = TravelRow(line_id=new_id, certificate_id=cert.id, kind=original.kind, traveller=original.traveller,
                         amount_kopecks=amount, on=original.on, recorded_at=now, actor=actor.label,
                         reverses_line_id=line_id, reason=reason)
        uow.session.add(line)
        return line, False
