"""The journal against the plan: planned vs delivered per direction and per direction × activity type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kria_assessment.domain.course import PlanItem
from kria_assessment.domain.journal import EntryDraft, EntryStatus
from kria_assessment.domain.rules import JournalRules
from kria_shared.contracts.common import LEGACY_REASONS, ActivityType, Direction, MissReason


class RangeStatus(StrEnum):
    BELOW = "below_range"
    WITHIN = "within_range"
    ABOVE = "above_range"


@dataclass(frozen=True)
class LineTally:
    """One direction × activity type: the plan's counts (summed over its delivery lines) and the journal's."""

    direction: Direction
    activity_type: ActivityType
    planned: int
    min: int
    max: int
    delivered: int
    missed: int

    @property
    def status(self) -> RangeStatus:
        return range_status(self.delivered, self.min, self.max)

    @property
    def countable(self) -> int:
        """What the count criterion may count: never more than planned (an unplanned line counts nothing)."""
        return min(self.delivered, self.planned)


@dataclass(frozen=True)
class DirectionTally:
    direction: Direction
    required: bool  # the direction belongs to the course at the child's age
    planned: int
    min: int
    max: int
    delivered: int
    missed: int
    lines: tuple[LineTally, ...]

    @property
    def status(self) -> RangeStatus:
        return range_status(self.delivered, self.min, self.max)


@dataclass(frozen=True)
class JournalSummary:
    directions: tuple[DirectionTally, ...]  # all directions of the standard, in its order
    planned_total: int
    delivered_total: int
    delivered_minutes: int
    journal_entries: int
    missed_by_reason: dict[MissReason, int]  # every reason, zeros included

    @property
    def countable_total(self) -> int:
        """Delivered activities as the plan allows them: per line at most its planned count (issue 20.5)."""
        return sum(line.countable for d in self.directions for line in d.lines)


def range_status(delivered: int, low: int, high: int) -> RangeStatus:
    if delivered < low:
        return RangeStatus.BELOW
    return RangeStatus.ABOVE if delivered > high else RangeStatus.WITHIN


def summarise(
    plan: Sequence[PlanItem], entries: Sequence[EntryDraft], age: int, rules: JournalRules
) -> JournalSummary:
    """The plan's counts and the journal's, per direction of the standard (all of them, in its order)."""
    delivered = Counter((e.direction, e.activity_type) for e in entries if e.status is EntryStatus.DELIVERED)
    missed = Counter((e.direction, e.activity_type) for e in entries if e.status is EntryStatus.MISSED)
    reasons = Counter(e.missed_reason for e in entries if e.status is EntryStatus.MISSED)
    directions = tuple(
        _direction(direction, plan, delivered, missed, rules.direction_admits(direction, age))
        for direction in Direction
    )
    return JournalSummary(
        directions=directions,
        planned_total=sum(line.planned for line in plan),
        delivered_total=sum(delivered.values()),
        delivered_minutes=sum(e.minutes for e in entries if e.status is EntryStatus.DELIVERED),
        journal_entries=len(entries),
        # every current reason, zeros included; the legacy undivided refusal only where old entries hold it
        missed_by_reason={reason: reasons.get(reason, 0) for reason in MissReason
                          if reason not in LEGACY_REASONS or reasons.get(reason, 0)},
    )


def _direction(direction: Direction, plan: Iterable[PlanItem], delivered: Counter[tuple[Direction, ActivityType]],
               missed: Counter[tuple[Direction, ActivityType]], required: bool) -> DirectionTally:
    own_plan = [line for line in plan if line.direction == direction]
    types = [t for t in ActivityType if any(line.activity_type == t for line in own_plan)
             or delivered[(direction, t)] or missed[(direction, t)]]
    lines = tuple(
        LineTally(
            direction=direction,
            activity_type=t,
            planned=sum(line.planned for line in own_plan if line.activity_type == t),
            min=sum(line.min for line in own_plan if line.activity_type == t),
            max=sum(line.max for line in own_plan if line.activity_type == t),
            delivered=delivered[(direction, t)],
            missed=missed[(direction, t)],
        )
        for t in types
    )
    return DirectionTally(
        direction=direction,
        required=required,
        planned=sum(line.planned for line in lines),
        min=sum(line.min for line in lines),
        max=sum(line.max for line in lines),
        delivered=sum(line.delivered for line in lines),
        missed=sum(line.missed for line in lines),
        lines=lines,
    )


def summary_as_dict(summary: JournalSummary) -> dict[str, Any]:
    """JSON values only (the protocol document and the progress read share this shape)."""
    return {
        "planned_total": summary.planned_total,
        "delivered_total": summary.delivered_total,
        "countable_total": summary.countable_total,
        "delivered_minutes": summary.delivered_minutes,
        "journal_entries": summary.journal_entries,
        "missed_by_reason": {reason.value: n for reason, n in summary.missed_by_reason.items()},
        "directions": [
            {"direction": d.direction.value, "required": d.required, "planned": d.planned, "min": d.min,
             "max": d.max, "delivered": d.delivered, "missed": d.missed, "status": d.status.value,
             "lines": [{"activity_type": x.activity_type.value, "planned": x.planned, "min": x.min, "max": x.max,
                        "delivered": x.delivered, "missed": x.missed, "status": x.status.value} for x in d.lines]}
            for d in summary.directions
        ],
    }
