"""The figures of a submitted protocol that the scoring needs, free of any transport model."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DirectionFigures:
    direction: str
    required: bool
    planned: int
    min: int
    max: int
    delivered: int


@dataclass(frozen=True)
class DomainRatingFigures:
    domain: str
    baseline: int
    control: int | None  # None: not rated at the end (a course that ended early)


@dataclass(frozen=True)
class ProtocolFigures:
    directions: tuple[DirectionFigures, ...]
    planned_total: int
    delivered_total: int
    ratings: tuple[DomainRatingFigures, ...]
    lower_is_better: bool
    parental_before: int
    parental_after: int | None  # None: no after-questionnaire (a course that ended early)
    parental_max: int
    missed_by_reason: dict[str, int] = field(default_factory=dict)
    # the MSE's own baseline: degree of limitation (0-3) per life-activity category; None when not given
    mse_limitations: dict[str, int] | None = None
    # delivered as the plan allows (per line at most planned); None: an older protocol without it
    countable_total: int | None = None

    @property
    def counted_total(self) -> int:
        """What the count criterion counts: never more than planned (per line when the protocol says, else in all)."""
        counted = self.delivered_total if self.countable_total is None else self.countable_total
        return min(counted, self.delivered_total, self.planned_total)
