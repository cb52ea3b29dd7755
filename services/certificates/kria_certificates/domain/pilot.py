"""Pilot regions by year ([config] lists, DOMAIN.md §1).

Each year has its own published list. A year without one is not covered by the previous year's: whether a
region takes part is then unknown, and a decision of that year is held until the list is configured (never
refused as outside the pilot, never issued on a guess). A year whose published list is known to be incomplete
(``partial``) answers the same for a region it does not name. Years before the first list had no pilot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PilotStatus(StrEnum):
    PILOT = "pilot"
    NOT_PILOT = "not_pilot"
    NOT_CONFIGURED = "not_configured"  # no (complete) list for the year: the decision waits for one


@dataclass(frozen=True)
class PilotRegions:
    version: str
    by_year: dict[int, frozenset[str]]
    partial_years: frozenset[int] = field(default_factory=frozenset)

    def status(self, region: str, year: int) -> PilotStatus:
        if not self.by_year or year < min(self.by_year):
            return PilotStatus.NOT_PILOT
        listed = self.by_year.get(year)
        if listed is None:
            return PilotStatus.NOT_CONFIGURED
        if region in listed:
            return PilotStatus.PILOT
        return PilotStatus.NOT_CONFIGURED if year in self.partial_years else PilotStatus.NOT_PILOT

    def regions_in(self, year: int) -> frozenset[str]:
        """The regions known to take part in ``year`` (empty for a year without a list)."""
        return self.by_year.get(year, frozenset())

    def is_pilot(self, region: str, year: int) -> bool:
        return self.status(region, year) is PilotStatus.PILOT

    def all_regions(self) -> frozenset[str]:
        return frozenset().union(*self.by_year.values()) if self.by_year else frozenset()


def from_rows(version: str, rows: list[tuple[int, str, str]], carry_over: dict[int, int]) -> PilotRegions:
    """``rows``: (year, region code, status) as published; a status ``missing`` marks its year incomplete.

    ``carry_over``: a year whose published rows name only the regions joining that year, and the year whose
    list continues into it (2027 = the 22 regions of 2026 + the new ones).
    """
    by_year: dict[int, set[str]] = {}
    partial: set[int] = set()
    for year, code, status in rows:
        by_year.setdefault(year, set())
        if status == "missing":
            partial.add(year)
        elif code:
            by_year[year].add(code)
    for year, previous in sorted(carry_over.items()):
        by_year.setdefault(year, set()).update(by_year.get(previous, set()))
    return PilotRegions(version, {y: frozenset(r) for y, r in by_year.items()}, frozenset(partial))
