"""The normalisation document an organisation's economist writes (YAML for the CLI, JSON over HTTP).

Validation here names the field of every bad figure (negative, missing, too many decimals); the domain
then checks that the document covers the course standards (coverage.py).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kria_costing.domain.money import exact, kopecks_from_rubles
from kria_costing.domain.normalisation import (
    AccompanyingRates,
    Material,
    Normalisation,
    PlannedChildren,
    Specialist,
    StaffPosition,
)
from kria_costing.domain.standards import AgeBand
from kria_shared.contracts.common import ActivityType, Delivery, Direction, ServiceForm

MAX_RUBLES = 10_000_000  # far above any real salary or daily cost; keeps every sum inside 64-bit kopecks
Rubles = Annotated[Decimal, Field(ge=0, le=MAX_RUBLES, decimal_places=2, description="rubles, at most 2 decimals")]
PositiveRubles = Annotated[
    Decimal, Field(gt=0, le=MAX_RUBLES, decimal_places=2, description="rubles, at most 2 decimals")
]
Rate = Annotated[Decimal, Field(ge=0, le=10, description="a fraction: 0.302 is 30.2 %")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)  # a misspelt field is an error, not silently ignored


class SpecialistIn(Strict):
    title: str = Field(min_length=1)
    monthly_salary_rub: PositiveRubles
    annual_work_hours: Decimal = Field(gt=0, le=8784, description="effective annual working time, hours")


class StaffIn(Strict):
    title: str = Field(min_length=1)
    monthly_salary_rub: PositiveRubles
    positions: Decimal = Field(gt=0, le=1000)


class MaterialIn(Strict):
    item: str = Field(min_length=1)
    unit_price_rub: Rubles
    quantity_per_service: Decimal = Field(gt=0, le=1000)
    activity_types: list[ActivityType] = Field(min_length=1)
    directions: list[Direction] = Field(default_factory=list, description="empty: every direction")
    price_source: str | None = Field(default=None, description="where the market price comes from")


class PlannedChildrenIn(Strict):
    group: str = Field(min_length=1)
    form: ServiceForm
    age_band: AgeBand
    children: int = Field(ge=0)


class AccompanyingIn(Strict):
    child_meals: dict[ServiceForm, Rubles] = Field(description="per day, both forms")
    child_accommodation: Rubles = Field(description="per day, inpatient form")
    companion_meals: Rubles = Field(description="per day, inpatient form")
    companion_accommodation: Rubles = Field(description="per day, inpatient form")

    @field_validator("child_meals")
    @classmethod
    def _every_form(cls, by_form: dict[ServiceForm, Decimal]) -> dict[ServiceForm, Decimal]:
        return every_form(by_form)


class NormalisationIn(Strict):
    """Cost normalisation of one organisation (Penza order 18-62); the body of POST .../price-lists."""

    organisation_name: str | None = None
    period: str | None = Field(default=None, description="the planning period, e.g. 2026")
    accruals_rate: Rate
    territorial_coefficient: Decimal = Field(gt=0, le=10)
    other_overhead_rate: dict[ServiceForm, Rate]
    working_days_per_year: int = Field(gt=0, le=366)
    target_groups: list[str] | None = Field(default=None, description="ЦРГ codes priced; default every group")
    specialists: dict[str, SpecialistIn] = Field(min_length=1)
    time_norms_minutes: dict[ActivityType, dict[Delivery, Annotated[int, Field(gt=0, le=480)]]]
    group_sizes: dict[ActivityType, Annotated[int, Field(ge=2, le=50)]] = Field(default_factory=dict)
    materials: list[MaterialIn] = Field(default_factory=list)
    planned_children: list[PlannedChildrenIn] = Field(default_factory=list)
    administrative_staff: list[StaffIn] = Field(default_factory=list)
    support_staff: list[StaffIn] = Field(default_factory=list)
    accompanying_per_day_rub: AccompanyingIn

    @field_validator("other_overhead_rate")
    @classmethod
    def _every_form(cls, by_form: dict[ServiceForm, Decimal]) -> dict[ServiceForm, Decimal]:
        return every_form(by_form)

    def to_domain(self) -> Normalisation:
        a = self.accompanying_per_day_rub
        return Normalisation(
            accruals_rate=exact(self.accruals_rate),
            territorial_coefficient=exact(self.territorial_coefficient),
            other_overhead_rate={form: exact(r) for form, r in self.other_overhead_rate.items()},
            working_days_per_year=self.working_days_per_year,
            target_groups=tuple(self.target_groups) if self.target_groups is not None else None,
            specialists={
                code: Specialist(code, s.title, kopecks_from_rubles(s.monthly_salary_rub), exact(s.annual_work_hours))
                for code, s in self.specialists.items()
            },
            time_norms={(t, d): m for t, by in self.time_norms_minutes.items() for d, m in by.items()},
            group_sizes=dict(self.group_sizes),
            materials=tuple(
                Material(m.item, kopecks_from_rubles(m.unit_price_rub), exact(m.quantity_per_service),
                         frozenset(m.activity_types), frozenset(m.directions))
                for m in self.materials
            ),
            planned_children=tuple(PlannedChildren(p.group, p.form, p.age_band, p.children)
                                   for p in self.planned_children),
            administrative_staff=tuple(_staff(s) for s in self.administrative_staff),
            support_staff=tuple(_staff(s) for s in self.support_staff),
            accompanying=AccompanyingRates(
                child_meals={form: kopecks_from_rubles(r) for form, r in a.child_meals.items()},
                child_accommodation=kopecks_from_rubles(a.child_accommodation),
                companion_meals=kopecks_from_rubles(a.companion_meals),
                companion_accommodation=kopecks_from_rubles(a.companion_accommodation),
            ),
        )


def every_form(by_form: dict[ServiceForm, Decimal]) -> dict[ServiceForm, Decimal]:
    missing = [str(f) for f in ServiceForm if f not in by_form]
    if missing:
        raise ValueError(f"a figure is needed for every form; missing: {', '.join(missing)}")
    return by_form


def _staff(s: StaffIn) -> StaffPosition:
    return StaffPosition(s.title, kopecks_from_rubles(s.monthly_salary_rub), Fraction(s.positions))
