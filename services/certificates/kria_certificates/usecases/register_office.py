"""The provider register as the СФР office keeps it: the configured rows plus the office's changes in the store.

Each change is one transaction: its record, its rows (an addition) and its event on the certificates topic
(subject = the organisation id, so one organisation's changes stay ordered).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.domain.access import Actor
from kria_certificates.domain.register import Coverage, OfficeEntry, Register, RegisterRow
from kria_certificates.domain.register_history import ChangeKind, StatusChange, change_refusal
from kria_certificates.store import repository as store
from kria_certificates.store.models import RegisterChangeRow, RegisterEntryRow
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import ServiceForm
from kria_shared.errors import DomainError, NotFound
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

    def _validate(self, add: Addition, register: Register) -> None:
        if add.region not in self.config.pilot.all_regions():
            raise DomainError("region_not_in_pilot", "регион не участвует в пилотном проекте", field="region")
        groups = {str(g) for g in range(1, 12)}
        bands = {b.name for b in self.config.age_bands}
        for i, line in enumerate(add.lines):
            if line.target_group not in groups:
                raise DomainError("unknown_target_group", "группа ЦРГ должна быть от 1 до 11",
                                  field=f"lines.{i}.target_group")
            if line.age_band not in bands:
                raise DomainError("unknown_age_band", "неизвестная возрастная группа", field=f"lines.{i}.age_band")
        if add.organisation_id in self.config.register.organisation_ids():
            raise DomainError("organisation_configured", "организация уже внесена в реестр начальной загрузкой",
                              field="organisation_id")
        earlier = {e.row.region for e in register.entries if e.row.organisation_id == add.organisation_id}
        if earlier and add.region not in earlier:  # more rows for an organisation stay in its region
            raise DomainError("organisation_in_another_region", "организация уже внесена в реестр другого региона",
                              field="region")

    async def _record(self, uow: UnitOfWork, register: Register, organisation_id: str, kind: ChangeKind,
                      on: date, reason: str, actor: Actor, now: datetime, payload: ev.RegisterChange,
                      **extra: object) -> RegisterChangeRow:
        configured = organisation_id in self.config.register.organisation_ids()
        refused = change_refusal(register.changes, organisation_id, kind, on, configured=configured)
        if refused is not None:
            raise DomainError(refused.code, refused.message, field=refused.field)
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
        self._validate(add, register)
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
