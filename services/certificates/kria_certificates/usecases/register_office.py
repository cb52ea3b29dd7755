"""The provider register as the СФР office keeps it: the configured rows plus the office's changes in the store.

Each change is one transaction: its record, its rows (an addition) and its event on the certificates topic
(subject = the organisation id, so one organisation's changes stay ordered). The use cases at the end open
their own unit of work (or read session); the routes only call them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.domain.access import Actor
from kria_certificates.domain.register import (
    Coverage,
    OfficeEntry,
    Register,
    RegisterRow,
    check_addition,
    check_change,
)
from kria_certificates.domain.register_history import ChangeKind, StatusChange
from kria_certificates.store import repository as store
from kria_certificates.store.models import RegisterChangeRow, RegisterEntryRow
from kria_certificates.usecases import Deps
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import ServiceForm
from kria_shared.errors import NotFound
from kria_shared.uow import UnitOfWork


@dataclass(frozen=True)
class Addition:
    organisation_id: str
    name: str
    region: str
    lines: list[ev.RegisterLine]
    forms: list[ServiceForm]
    capacity: int | None


def layered(config: CertificatesConfig, changes: list[RegisterChangeRow],
            entries: list[RegisterEntryRow]) -> Register:
    by_change = {c.change_id: c for c in changes}
    office = []
    for e in entries:
        c = by_change[e.change_id]
        row = RegisterRow(e.organisation_id, c.name or "", c.region or "", e.target_group, e.municipality,
                          Coverage(e.coverage), e.age_band, generated=False)
        office.append(OfficeEntry(row, c.effective_on, frozenset(c.forms), c.capacity))
    status = tuple(StatusChange(c.organisation_id, ChangeKind(c.kind), c.effective_on, c.seq or 0) for c in changes)
    return Register(config.register, tuple(office), status)


async def current(session: AsyncSession, config: CertificatesConfig) -> Register:
    """The register as it stands in the store (every change ever recorded, in force or not yet)."""
    return layered(config, list(await store.register_changes(session)), list(await store.register_entries(session)))


_EVENTS: dict[ChangeKind, type[ev.RegisterChange]] = {
    ChangeKind.SUSPENDED: ev.OrganisationSuspended, ChangeKind.REINSTATED: ev.OrganisationReinstated,
    ChangeKind.WITHDRAWN: ev.OrganisationWithdrawn,
}


class RegisterOffice:
    def __init__(self, config: CertificatesConfig) -> None:
        self.config = config

    async def _record(self, uow: UnitOfWork, register: Register, organisation_id: str, kind: ChangeKind,
                      on: date, reason: str, actor: Actor, now: datetime, payload: ev.RegisterChange,
                      **extra: object) -> RegisterChangeRow:
        check_change(register, organisation_id, kind, on)
        envelope = uow.emit(payload, subject=organisation_id)
        follows = max((c.seq for c in register.changes if c.organisation_id == organisation_id), default=0)
        row = RegisterChangeRow(change_id=payload.change_id, organisation_id=organisation_id, follows=follows,
                                kind=kind.value, effective_on=on, reason=reason, actor=actor.label, recorded_at=now,
                                event_id=str(envelope.event_id), **extra)  # type: ignore[arg-type]
        uow.session.add(row)
        return row

    async def add(self, uow: UnitOfWork, add: Addition, on: date, reason: str, actor: Actor,
                  now: datetime) -> RegisterChangeRow:
        register = await current(uow.session, self.config)
        check_addition(register, add.organisation_id, add.region,
                       [(line.target_group, line.age_band) for line in add.lines],
                       pilot_regions=self.config.pilot.all_regions(), age_bands=[b.name for b in self.config.age_bands])
        change_id = f"reg-{uuid.uuid4().hex[:16]}"
        event = ev.OrganisationRegistered(
            change_id=change_id, organisation_id=add.organisation_id, effective_on=on, reason=reason,
            name=add.name, region=add.region, lines=add.lines, forms=add.forms, capacity=add.capacity)
        row = await self._record(uow, register, add.organisation_id, ChangeKind.ADDED, on, reason, actor, now,
                                 event, name=add.name, region=add.region, forms=[f.value for f in add.forms],
                                 capacity=add.capacity)
        for line in add.lines:
            uow.session.add(RegisterEntryRow(change_id=change_id, organisation_id=add.organisation_id,
                                             target_group=line.target_group, municipality=line.municipality.strip(),
                                             coverage=line.coverage, age_band=line.age_band))
        return row

    async def change(self, uow: UnitOfWork, organisation_id: str, kind: ChangeKind, on: date, reason: str,
                     actor: Actor, now: datetime) -> RegisterChangeRow:
        register = await current(uow.session, self.config)
        if not register.known(organisation_id):
            raise NotFound("organisation", organisation_id)
        event = _EVENTS[kind](change_id=f"reg-{uuid.uuid4().hex[:16]}", organisation_id=organisation_id,
                              effective_on=on, reason=reason)
        return await self._record(uow, register, organisation_id, kind, on, reason, actor, now, event)


@dataclass(frozen=True)
class OrganisationRecord:
    """An organisation as the register holds it: the whole register (its rows, status, terms) and its changes."""

    register: Register
    history: list[RegisterChangeRow]


async def register_now(deps: Deps) -> Register:
    """The register with every change the office recorded (read it on a date with ``Register.on``)."""
    async with deps.db.session() as session:
        return await current(session, deps.config)


async def organisation(deps: Deps, organisation_id: str) -> OrganisationRecord:
    async with deps.db.session() as session:
        register = await current(session, deps.config)
        history = [c for c in await store.register_changes(session) if c.organisation_id == organisation_id]
    if not register.known(organisation_id):
        raise NotFound("organisation", organisation_id)
    return OrganisationRecord(register, history)


async def add_organisation(deps: Deps, add: Addition, on: date, reason: str, actor: Actor) -> RegisterChangeRow:
    async with deps.uows() as uow:
        return await RegisterOffice(deps.config).add(uow, add, on, reason, actor, deps.clock.now())


async def change_status(deps: Deps, organisation_id: str, kind: ChangeKind, on: date, reason: str,
                        actor: Actor) -> RegisterChangeRow:
    async with deps.uows() as uow:
        return await RegisterOffice(deps.config).change(uow, organisation_id, kind, on, reason, actor,
                                                        deps.clock.now())
