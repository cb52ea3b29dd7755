"""Read the versioned YAML files under ``config/`` into the domain's frozen rules and instruments.

A malformed file fails at start-up with the file and field named, never at the first request.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kria_assessment.domain.instruments import Instruments, Questionnaire, QuestionnaireItem, Scale
from kria_assessment.domain.rules import AgeRange, DayBounds, DurationRule, JournalRules
from kria_shared.contracts.common import ActivityType, Delivery, Direction

CONFIG_DIR = Path(__file__).resolve().parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Ages(_Strict):
    age_from: int = Field(ge=0)
    age_to: int = Field(ge=0)


class _Duration(_Strict):
    name: str
    activity_types: list[ActivityType] = Field(default_factory=list)
    delivery: Delivery | None = None
    age_from: int | None = None
    age_to: int | None = None
    min_minutes: int = Field(gt=0)
    max_minutes: int = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> _Duration:
        if self.min_minutes > self.max_minutes:
            raise ValueError(f"{self.name}: min_minutes > max_minutes")
        if (self.age_from is None) != (self.age_to is None):
            raise ValueError(f"{self.name}: give both age_from and age_to, or neither")
        return self

    def ages(self) -> AgeRange | None:
        if self.age_from is None or self.age_to is None:
            return None
        return AgeRange(self.age_from, self.age_to)


class _Windows(_Strict):
    baseline_days: int = Field(ge=1)
    control_days: int = Field(ge=1)


class _DayBounds(_Strict):
    specialist_minutes: int = Field(gt=0)
    child_minutes: int = Field(gt=0)
    of_a_kind: int = Field(gt=0)


class _RulesFile(_Strict):
    version: str
    directions: dict[Direction, _Ages]
    durations: list[_Duration]
    assessment_windows: _Windows
    day_bounds: _DayBounds


class _ScaleFile(_Strict):
    version: str
    title: str
    min_value: int
    max_value: int
    lower_is_better: bool
    domains: list[str] = Field(min_length=1)


class _Item(_Strict):
    id: str
    text: str


class _QuestionnaireFile(_Strict):
    version: str
    title: str
    min_score: int
    max_score: int
    items: list[_Item] = Field(min_length=1)


@dataclass(frozen=True)
class AssessmentConfig:
    rules: JournalRules
    instruments: Instruments


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_rules(path: Path) -> JournalRules:
    raw = _RulesFile.model_validate(_read(path))
    return JournalRules(
        version=raw.version,
        direction_ages={d: AgeRange(a.age_from, a.age_to) for d, a in raw.directions.items()},
        durations=tuple(
            DurationRule(
                name=r.name, min_minutes=r.min_minutes, max_minutes=r.max_minutes,
                activity_types=frozenset(r.activity_types), delivery=r.delivery, ages=r.ages(),
            )
            for r in raw.durations
        ),
        baseline_window_days=raw.assessment_windows.baseline_days,
        control_window_days=raw.assessment_windows.control_days,
        day=DayBounds(raw.day_bounds.specialist_minutes, raw.day_bounds.child_minutes, raw.day_bounds.of_a_kind),
    )


def load_scale(path: Path) -> Scale:
    raw = _ScaleFile.model_validate(_read(path))
    return Scale(raw.version, raw.title, tuple(raw.domains), raw.min_value, raw.max_value, raw.lower_is_better)


def load_questionnaire(path: Path) -> Questionnaire:
    raw = _QuestionnaireFile.model_validate(_read(path))
    items = tuple(QuestionnaireItem(i.id, i.text) for i in raw.items)
    return Questionnaire(raw.version, raw.title, items, raw.min_score, raw.max_score)


def load_config(directory: Path = CONFIG_DIR) -> AssessmentConfig:
    """All versions present in the directory; several versions of an instrument may coexist."""
    scales = [load_scale(p) for p in sorted((directory / "scales").glob("*.yaml"))]
    questionnaires = [load_questionnaire(p) for p in sorted((directory / "questionnaires").glob("*.yaml"))]
    return AssessmentConfig(
        rules=load_rules(directory / "journal_rules.yaml"),
        instruments=Instruments(
            scales={s.version: s for s in scales},
            questionnaires={q.version: q for q in questionnaires},
        ),
    )
