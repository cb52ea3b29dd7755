"""Rating scales and the parental questionnaire, modelled as versioned data (DOMAIN.md §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kria_assessment.domain.problems import FieldProblem


@dataclass(frozen=True)
class Scale:
    """An expanded scale of activity and participation: domains rated on one integer range."""

    version: str
    title: str
    domains: tuple[str, ...]
    min_value: int
    max_value: int
    lower_is_better: bool

    def problems(self, ratings: Mapping[str, int], field: str = "ratings") -> list[FieldProblem]:
        """Every domain rated exactly once, within the range; nothing else."""
        found = [
            FieldProblem(f"{field}.{name}", "unknown_domain", f"{name} is not a domain of scale {self.version}")
            for name in ratings
            if name not in self.domains
        ]
        for name in self.domains:
            if name not in ratings:
                found.append(FieldProblem(f"{field}.{name}", "missing", f"{name} must be rated"))
            elif not self.min_value <= ratings[name] <= self.max_value:
                found.append(FieldProblem(f"{field}.{name}", "out_of_range",
                                          f"{ratings[name]} is outside {self.min_value}..{self.max_value}"))
        return found

    def improved(self, baseline: int, control: int) -> bool:
        return control < baseline if self.lower_is_better else control > baseline


@dataclass(frozen=True)
class QuestionnaireItem:
    id: str
    text: str


@dataclass(frozen=True)
class Questionnaire:
    """Parental competence: every item scored on one range; the total is the sum of the items."""

    version: str
    title: str
    items: tuple[QuestionnaireItem, ...]
    min_score: int
    max_score: int

    @property
    def max_total(self) -> int:
        return self.max_score * len(self.items)

    def problems(self, answers: Mapping[str, int], field: str = "answers") -> list[FieldProblem]:
        ids = [item.id for item in self.items]
        found = [
            FieldProblem(f"{field}.{name}", "unknown_item", f"{name} is not an item of {self.version}")
            for name in answers
            if name not in ids
        ]
        for name in ids:
            if name not in answers:
                found.append(FieldProblem(f"{field}.{name}", "missing", f"item {name} must be answered"))
            elif not self.min_score <= answers[name] <= self.max_score:
                found.append(FieldProblem(f"{field}.{name}", "out_of_range",
                                          f"{answers[name]} is outside {self.min_score}..{self.max_score}"))
        return found

    def total(self, answers: Mapping[str, int]) -> int:
        return sum(answers[item.id] for item in self.items)


@dataclass(frozen=True)
class Instruments:
    """Every published version of the scales and questionnaires, by version string."""

    scales: Mapping[str, Scale]
    questionnaires: Mapping[str, Questionnaire]
