"""The scoring methodology as plain data: thresholds of DOMAIN.md §6, loaded from a versioned config file.

Percentages are whole numbers and every comparison is done by cross-multiplication in integers, so a
threshold is met or missed exactly (no floats anywhere near a signed document).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScopeRule:
    """Criterion 1 (comprehensiveness and scope)."""

    touched_min_delivered: int  # a direction with at least this many delivered activities was "touched"
    above_max_is_within: bool  # delivering more than the standard's max still counts as within range


@dataclass(frozen=True)
class CountLevel:
    """Criterion 2 (number of activities): the points earned when both minimums are met."""

    points: int
    min_delivered: int
    min_percent_of_plan: int


@dataclass(frozen=True)
class EffectRule:
    """Criterion 3 (rehabilitation effect): improved domains as a share of the assessed ones."""

    majority_percent: int  # strictly more than this share improved -> full points


@dataclass(frozen=True)
class ParentalRule:
    """Criterion 4 (parental competence): the gain as a share of the questionnaire's maximum."""

    significant_percent_of_max: int  # a gain of at least this share is "significant"


@dataclass(frozen=True)
class Methodology:
    version: str
    effective_total_min: int
    scope: ScopeRule
    count_levels: tuple[CountLevel, ...]  # best first; the first level met gives its points
    effect: EffectRule
    parental: ParentalRule
    dominant_reason_percent: int  # a missed-activity reason "dominates" above this share of all misses

    def __post_init__(self) -> None:
        points = [level.points for level in self.count_levels]
        if points != sorted(points, reverse=True):
            raise ValueError("count levels must be listed best first")
        for value in (self.effect.majority_percent, self.dominant_reason_percent,
                      self.parental.significant_percent_of_max):
            if not 0 <= value <= 100:
                raise ValueError(f"a percentage must be within 0..100, got {value}")
        if self.dominant_reason_percent < 50:
            raise ValueError("a dominant reason needs more than half of the misses (>= 50), so at most one exists")
