"""The provider register: which organisation may serve which ЦРГ group, municipality and age band.

A row names one municipality, or stands for "the other municipalities" of the region (a child whose
municipality no row of that region names), or for the whole region.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kria_certificates.domain.municipality import same
from kria_certificates.domain.register_history import ChangeKind, Status, StatusChange, change_refusal, status_on
from kria_shared.errors import DomainError

TARGET_GROUPS = frozenset(str(g) for g in range(1, 12))  # the ЦРГ groups of the register (DOMAIN.md §2)


class Coverage(StrEnum):
    NAMED = "named"
    OTHERS = "others"
    WHOLE_REGION = "whole_region"


@dataclass(frozen=True)
class RegisterRow:
    organisation_id: str
    name: str
    region: str
    group: str  # ЦРГ group number: the register is keyed by group, not subgroup
    municipality: str
    coverage: Coverage
    age_band: str
    generated: bool


@dataclass(frozen=True)
class AgeBand:
    name: str
    min_age: int
    max_age: int


def organisation_id(name: str) -> str:
    """A stable short id derived from the organisation's registered name."""
    return "org-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]


def band_of(age: int, bands: list[AgeBand]) -> str:
    """The band holding ``age``; ages beyond the last band (a child turning 18 mid-validity) keep the last one."""
    for band in bands:
        if band.min_age <= age <= band.max_age:
            return band.name
    return bands[-1].name if age > bands[-1].max_age else bands[0].name


class ProviderRegister:
    def __init__(self, rows: Iterable[RegisterRow], version: str) -> None:
        self.rows = list(rows)
        self.version = version
        self._named: dict[str, list[str]] = {}
        for r in self.rows:
            if r.coverage is Coverage.NAMED:
                self._named.setdefault(r.region, []).append(r.municipality)

    def organisation_ids(self) -> set[str]:
        return {r.organisation_id for r in self.rows}

    def _covers_municipality(self, row: RegisterRow, municipality: str) -> bool:
        if row.coverage is Coverage.WHOLE_REGION:
            return True
        if row.coverage is Coverage.NAMED:
            return same(row.municipality, municipality)
        return not any(same(m, municipality) for m in self._named.get(row.region, []))

    def matching(
        self,
        *,
        region: str | None = None,
        group: str | None = None,
        municipality: str | None = None,
        age_band: str | None = None,
        organisation_id: str | None = None,
    ) -> list[RegisterRow]:
        return [
            r for r in self.rows
            if (region is None or r.region == region)
            and (group is None or r.group == group)
            and (age_band is None or r.age_band == age_band)
            and (organisation_id is None or r.organisation_id == organisation_id)
            and (municipality is None or self._covers_municipality(r, municipality))
        ]

    def covers(self, organisation_id: str, *, region: str, group: str, municipality: str, age_band: str) -> bool:
        return bool(self.matching(organisation_id=organisation_id, region=region, group=group,
                                  municipality=municipality, age_band=age_band))


@dataclass(frozen=True)
class OfficeEntry:
    """A row the СФР office added, in force from ``since``; ``forms`` and ``capacity`` are its organisation's."""

    row: RegisterRow
    since: date
    forms: frozenset[str]
    capacity: int | None


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


@dataclass(frozen=True)
class Register:
    """The configured register (the initial load) with the office's entries and status changes layered on it."""

    configured: ProviderRegister
    entries: tuple[OfficeEntry, ...] = ()
    changes: tuple[StatusChange, ...] = field(default=())

    def known(self, organisation_id: str) -> bool:
        return organisation_id in self.configured.organisation_ids() or any(
            e.row.organisation_id == organisation_id for e in self.entries)

    def status_on(self, organisation_id: str, day: date) -> Status | None:
        configured = organisation_id in self.configured.organisation_ids()
        return status_on(self.changes, organisation_id, day, configured=configured)

    def on(self, day: date) -> ProviderRegister:
        """The rows in force on ``day``: of active organisations, office rows from their effective date."""
        rows = [r for r in self.configured.rows if self.status_on(r.organisation_id, day) is Status.ACTIVE]
        rows += [e.row for e in self.entries
                 if e.since <= day and self.status_on(e.row.organisation_id, day) is Status.ACTIVE]
        return ProviderRegister(rows, self.configured.version)

    def terms(self, organisation_id: str, day: date) -> tuple[frozenset[str] | None, int | None]:
        """Forms (None: any) and capacity (None: unbounded) of the organisation's latest addition in force."""
        mine = [e for e in self.entries if e.row.organisation_id == organisation_id and e.since <= day]
        if not mine:
            return None, None
        latest = mine[-1]
        return latest.forms, latest.capacity


def refusal(register: Register, organisation_id: str, *, region: str, target_group: str, municipality: str,
            age_band: str, form: str, on: date, occupied: int = 0) -> Refusal | None:
    """Why the register does not admit this reservation on its date ``on``, or None when it does.

    ``target_group`` is the ЦРГ group (the register is keyed by group); ``occupied`` is how many children the
    organisation already has reserved or in service (its capacity bounds it).
    """
    if not register.known(organisation_id):
        return Refusal("unknown_organisation", "организации нет в реестре поставщиков")
    status = register.status_on(organisation_id, on)
    if status is Status.SUSPENDED:
        return Refusal("organisation_suspended", f"организация приостановлена в реестре на {on.isoformat()}")
    if status is Status.WITHDRAWN:
        return Refusal("organisation_withdrawn", f"организация исключена из реестра на {on.isoformat()}")
    if not register.on(on).covers(organisation_id, region=region, group=target_group, municipality=municipality,
                                  age_band=age_band):
        return Refusal("organisation_not_registered",
                       "организация не внесена в реестр для ЦРГ, муниципалитета и возраста ребёнка на эту дату")
    forms, capacity = register.terms(organisation_id, on)
    if forms is not None and form not in forms:
        return Refusal("form_not_registered", f"форма «{form}» не внесена в реестр для этой организации")
    if capacity is not None and occupied >= capacity:
        return Refusal("organisation_at_capacity", f"организация приняла предельное число детей ({capacity})")
    return None


def admits(register: Register, organisation_id: str, *, region: str, target_group: str, municipality: str,
           age_band: str, form: str, on: date, occupied: int = 0) -> bool:
    return refusal(register, organisation_id, region=region, target_group=target_group, municipality=municipality,
                   age_band=age_band, form=form, on=on, occupied=occupied) is None


def check_addition(register: Register, organisation_id: str, region: str, lines: Sequence[tuple[str, str]], *,
                   pilot_regions: Iterable[str], age_bands: Iterable[str]) -> None:
    """The office's addition of an organisation (``lines``: its (ЦРГ group, age band) pairs), or the refusal."""
    if region not in set(pilot_regions):
        raise DomainError("region_not_in_pilot", "регион не участвует в пилотном проекте", field="region")
    bands = set(age_bands)
    for i, (target_group, age_band) in enumerate(lines):
        if target_group not in TARGET_GROUPS:
            raise DomainError("unknown_target_group", "группа ЦРГ должна быть от 1 до 11",
                              field=f"lines.{i}.target_group")
        if age_band not in bands:
            raise DomainError("unknown_age_band", "неизвестная возрастная группа", field=f"lines.{i}.age_band")
    if organisation_id in register.configured.organisation_ids():
        raise DomainError("organisation_configured", "организация уже внесена в реестр начальной загрузкой",
                          field="organisation_id")
    earlier = {e.row.region for e in register.entries if e.row.organisation_id == organisation_id}
    if earlier and region not in earlier:  # more rows for an organisation stay in its region
        raise DomainError("organisation_in_another_region", "организация уже внесена в реестр другого региона",
                          field="region")


def check_change(register: Register, organisation_id: str, kind: ChangeKind, on: date) -> None:
    """The office may record ``kind`` effective ``on`` for the organisation, or the refusal (field named)."""
    configured = organisation_id in register.configured.organisation_ids()
    refused = change_refusal(register.changes, organisation_id, kind, on, configured=configured)
    if refused is not None:
        raise DomainError(refused.code, refused.message, field=refused.field)
