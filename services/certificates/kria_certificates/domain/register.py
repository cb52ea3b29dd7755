"""The provider register: which organisation may serve which ЦРГ group, municipality and age band.

A row names one municipality, or stands for "the other municipalities" of the region (a child whose
municipality no row of that region names), or for the whole region.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from kria_certificates.domain.municipality import same


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
