"""Pilot regions by year ([config] list, DOMAIN.md §1): a year without its own list keeps the previous year's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PilotRegions:
    version: str
    by_year: dict[int, frozenset[str]]

    def regions_in(self, year: int) -> frozenset[str]:
        known = [y for y in self.by_year if y <= year]
        return self.by_year[max(known)] if known else frozenset()

    def is_pilot(self, region: str, year: int) -> bool:
        return region in self.regions_in(year)

    def all_regions(self) -> frozenset[str]:
        return frozenset().union(*self.by_year.values()) if self.by_year else frozenset()
