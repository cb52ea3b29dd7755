"""The journal rules of the course standard: which directions an age admits, allowed durations, windows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kria_shared.contracts.common import ActivityType, Delivery, Direction


@dataclass(frozen=True)
class AgeRange:
    age_from: int
    age_to: int

    def admits(self, age: int) -> bool:
        return self.age_from <= age <= self.age_to


@dataclass(frozen=True)
class DurationRule:
    """Allowed minutes of one delivered activity; empty selectors match anything."""

    name: str
    min_minutes: int
    max_minutes: int
    activity_types: frozenset[ActivityType] = frozenset()
    delivery: Delivery | None = None
    ages: AgeRange | None = None

    def matches(self, activity_type: ActivityType, delivery: Delivery, age: int) -> bool:
        return (
            (not self.activity_types or activity_type in self.activity_types)
            and (self.delivery is None or self.delivery == delivery)
            and (self.ages is None or self.ages.admits(age))
        )


@dataclass(frozen=True)
class DayBounds:
    """[config] The bounds of one day of the journal (domain/day_bounds.py)."""

    specialist_minutes: int  # one specialist's working day, in minutes of activities with the child
    child_minutes: int  # the child's day, in minutes of activities
    of_a_kind: int  # activities of one direction and type a child has in a day


@dataclass(frozen=True)
class JournalRules:
    version: str
    direction_ages: Mapping[Direction, AgeRange]
    durations: tuple[DurationRule, ...]
    baseline_window_days: int
    control_window_days: int
    day: DayBounds

    def direction_admits(self, direction: Direction, age: int) -> bool:
        """Whether the direction belongs to the course of a child of this age (career guidance: 14-17)."""
        ages = self.direction_ages.get(direction)
        return ages is not None and ages.admits(age)

    def duration_for(self, activity_type: ActivityType, delivery: Delivery, age: int) -> DurationRule | None:
        return next((r for r in self.durations if r.matches(activity_type, delivery, age)), None)
