"""The verdict: the four criteria summed; at least the configured total (4 by default) is effective."""

from __future__ import annotations

from dataclasses import dataclass

from kria_signing.domain.criteria import (
    CriterionResult,
    activity_count,
    comprehensiveness,
    parental_competence,
    rehabilitation_effect,
)
from kria_signing.domain.methodology import Methodology
from kria_signing.domain.protocol import ProtocolFigures


@dataclass(frozen=True)
class Score:
    methodology_version: str
    criteria: tuple[CriterionResult, ...]
    total: int
    effective: bool

    @property
    def points(self) -> dict[str, int]:
        return {c.code: c.points for c in self.criteria}


def score(protocol: ProtocolFigures, methodology: Methodology) -> Score:
    criteria = tuple(rule(protocol, methodology) for rule in (
        comprehensiveness, activity_count, rehabilitation_effect, parental_competence))
    total = sum(c.points for c in criteria)
    return Score(methodology.version, criteria, total, total >= methodology.effective_total_min)
