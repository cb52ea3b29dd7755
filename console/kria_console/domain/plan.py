"""The child's individual plan as the specialist types it: counts per standard line inside the line's range,
summed per direction, and the total towards the standard's minimum (120 activities)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kria_console.domain import costing_names as names
from kria_console.domain.labels import DIRECTIONS, name_of
from kria_console.domain.refusals import Refusal


@dataclass(frozen=True)
class Line:
    key: str  # "direction|activity_type|delivery": the form field's name
    direction: str
    activity_type: str
    delivery: str
    planned: int  # the standard's average: the form's default
    low: int
    high: int

    @property
    def label(self) -> str:
        """The line as a person reads it in a refusal: «социально-бытовая: практические занятия, в группе»."""
        return (f"{name_of(DIRECTIONS, self.direction)}: {name_of(names.ACTIVITIES, self.activity_type).lower()}, "
                f"{name_of(names.DELIVERIES, self.delivery)}")


@dataclass(frozen=True)
class DirectionSum:
    direction: str
    low: int
    high: int
    typed: int


@dataclass(frozen=True)
class Plan:
    lines: list[Line]
    counts: dict[str, int]
    directions: list[DirectionSum]
    total: int
    minimum: int
    refused: Refusal | None

    def body(self) -> list[dict[str, Any]]:
        return [{"direction": ln.direction, "activity_type": ln.activity_type, "delivery": ln.delivery,
                 "count": self.counts[ln.key]} for ln in self.lines if self.counts[ln.key] > 0]


def lines_of(standard: Mapping[str, Any], age_band: str) -> list[Line]:
    """The standard's lines with a range for the child's age band (no career guidance under 14)."""
    out = []
    for raw in standard.get("lines", []):
        counts = (raw.get("counts") or {}).get(age_band)
        if not counts or int(counts.get("max", 0)) == 0:
            continue
        key = f"{raw['direction']}|{raw['activity_type']}|{raw['delivery']}"
        out.append(Line(key, str(raw["direction"]), str(raw["activity_type"]), str(raw["delivery"]),
                        int(counts["planned"]), int(counts["min"]), int(counts["max"])))
    return out


def read(lines: list[Line], typed: Mapping[str, str], minimum: int) -> Plan:
    """Counts from the form (blank = the standard's average); the first problem is named by its field."""
    counts: dict[str, int] = {}
    refused: Refusal | None = None
    for ln in lines:
        raw = (typed.get(ln.key) or "").strip()
        if not raw:
            counts[ln.key] = ln.planned
            continue
        if not raw.isdigit():
            counts[ln.key] = 0
            refused = refused or Refusal(f"Поле «{ln.label}»: нужно целое число занятий.", ln.key)
            continue
        counts[ln.key] = int(raw)
        if not ln.low <= counts[ln.key] <= ln.high:
            refused = refused or Refusal(
                f"Поле «{ln.label}»: {counts[ln.key]} вне диапазона стандарта {ln.low}–{ln.high}.", ln.key)
    sums: dict[str, DirectionSum] = {}
    for ln in lines:
        d = sums.get(ln.direction, DirectionSum(ln.direction, 0, 0, 0))
        sums[ln.direction] = DirectionSum(ln.direction, d.low + ln.low, d.high + ln.high, d.typed + counts[ln.key])
    total = sum(counts.values())
    if refused is None and total < minimum:
        refused = Refusal(f"Поле «всего занятий»: {total} — меньше {minimum} по стандарту.", "total")
    return Plan(lines, counts, list(sums.values()), total, minimum, refused)
