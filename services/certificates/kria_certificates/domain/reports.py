"""The monitoring summary (basis of the half-year and annual reports): counts by state, sums in kopecks.

Sums per certificate: ``face_value_max`` = the larger of its face values (the most it could cost);
``value`` = the face value of the chosen form once reserved; ``paid`` / ``released`` once settled;
``travel`` = its travel ledger (paid separately, never out of the value).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SUMS = ("face_value_max_kopecks", "value_kopecks", "paid_kopecks", "released_kopecks", "travel_kopecks")


@dataclass(frozen=True)
class ReportItem:
    state: str
    region: str
    target_group: str  # the ЦРГ group of the main code
    organisation_id: str | None
    face_value_max_kopecks: int
    value_kopecks: int = 0
    paid_kopecks: int = 0
    released_kopecks: int = 0
    travel_kopecks: int = 0


@dataclass
class Bucket:
    certificates: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMS, 0))

    def add(self, item: ReportItem) -> None:
        self.certificates += 1
        self.by_state[item.state] = self.by_state.get(item.state, 0) + 1
        for name in SUMS:
            self.sums[name] += getattr(item, name)

    def as_dict(self) -> dict[str, Any]:
        return {"certificates": self.certificates, "by_state": dict(sorted(self.by_state.items())), **self.sums}


def _sort_key(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (10**9, code)


def summarise(items: Iterable[ReportItem]) -> dict[str, Any]:
    total = Bucket()
    regions: dict[str, Bucket] = {}
    groups: dict[str, Bucket] = {}
    organisations: dict[str, Bucket] = {}
    for item in items:
        total.add(item)
        regions.setdefault(item.region, Bucket()).add(item)
        groups.setdefault(item.target_group, Bucket()).add(item)
        if item.organisation_id:
            organisations.setdefault(item.organisation_id, Bucket()).add(item)
    return {
        "total": total.as_dict(),
        "by_region": [{"region": k, **regions[k].as_dict()} for k in sorted(regions, key=_sort_key)],
        "by_target_group": [{"target_group": k, **groups[k].as_dict()} for k in sorted(groups, key=_sort_key)],
        "by_organisation": [{"organisation_id": k, **organisations[k].as_dict()} for k in sorted(organisations)],
    }
