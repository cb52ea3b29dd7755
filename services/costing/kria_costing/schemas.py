"""The normalisation document an organisation's economist writes (YAML for the CLI, JSON over HTTP).

Validation here names the field of every bad figure (negative, missing, too many decimals); the domain
then checks that the document covers the course standards (coverage.py).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kria_costing.domain.accompanying import (
    AccommodationInputs,
    AccompanyingInputs,
    AnnualStaff,
    Eater,
    MealsInputs,
    PriceBasis,
    RationItem,
)
from kria_costing.domain.money import exact, kopecks_from_rubles
from kria_costing.domain.normalisation import (
    Material,
    Normalisation,
    PlannedChildren,
    Specialist,
    StaffPosition,
)
from kria_costing.domain.standards import UNDER_14, AgeBand
from kria_shared.contracts.common import ActivityType, Delivery, Direction, ServiceForm

MAX_RUBLES = 10_000_000  # far above any real salary or daily cost; keeps every sum inside 64-bit kopecks
Rubles = Annotated[Decimal, Field(ge=0, le=MAX_RUBLES, decimal_places=2, description="rubles, at most 2 decimals")]
PositiveRubles = Annotated[
    Decimal, Field(gt=0, le=MAX_RUBLES, decimal_places=2, description="rubles, at most 2 decimals")
]
T = TypeVar("T")
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
    groups: list[str] = Field(default_factory=list, description="ЦРГ whose norm includes it; empty: every ЦРГ")
    price_source: str | None = Field(default=None, description="where the market price comes from")
    price_basis: PriceBasis = Field(default="identical", description="item 5: identical, else homogeneous goods")


class PlannedChildrenIn(Strict):
    group: str = Field(min_length=1)
    form: ServiceForm
    age_band: AgeBand | Literal["4-6"] = Field(description='"4-6" plans the youngest of "до 14" apart')
    children: int = Field(ge=0)


class AnnualStaffIn(Strict):
    title: str = Field(min_length=1)
    monthly_salary_rub: PositiveRubles
    positions: Decimal = Field(gt=0, le=1000)


class RationItemIn(Strict):
    product: str = Field(min_length=1)
    unit: str = Field(min_length=1, max_length=20)
    price_rub: PositiveRubles = Field(description="market price of one unit")
    price_basis: PriceBasis = Field(description="item 5: identical goods, else homogeneous ones")
    price_source: str = Field(min_length=1, description="where the market price comes from")
    per_day: dict[Eater, Annotated[Decimal, Field(ge=0, le=100)]] = Field(
        min_length=1, description='quantity in one full daily ration: "4-6", "7-17" (the child), "companion"')


class MealsIn(Strict):
    ration: list[RationItemIn] = Field(min_length=1)
    semi_inpatient_share: Decimal = Field(gt=0, le=1, description="part of the daily ration served in the day")
    kitchen_staff: list[AnnualStaffIn] = Field(default_factory=list)
    planned_ration_days: int = Field(gt=0, le=10_000_000, description="full daily rations served in a year")

    @field_validator("ration")
    @classmethod
    def _every_eater(cls, ration: list[RationItemIn]) -> list[RationItemIn]:
        fed = {e for item in ration for e, q in item.per_day.items() if q > 0}
        missing = [e for e in ("4-6", "7-17", "companion") if e not in fed]
        if missing:
            raise ValueError(f"the ration feeds nobody of: {', '.join(missing)}")
        return ration


class AccommodationIn(Strict):
    premises_upkeep_rub: Rubles = Field(description="a year's upkeep of the sleeping quarters")
    utilities_rub: Rubles = Field(description="a year's utilities of the sleeping quarters")
    linen_rub: Rubles = Field(description="a year's bed linen and its laundry")
    staff: list[AnnualStaffIn] = Field(default_factory=list)
    planned_bed_days: int = Field(gt=0, le=10_000_000)


class AccompanyingIn(Strict):
    meals: MealsIn
    accommodation: AccommodationIn


class NormalisationIn(Strict):
    """Cost normalisation of one organisation (Penza order 18-62); the body of POST .../price-lists."""

    organisation_name: str | None = None
    period: str | None = Field(default=None, description="the planning period, e.g. 2026")
    accruals_rate: Rate
    territorial_coefficient: Decimal = Field(gt=0, le=10)
    premises_annual_rub: dict[ServiceForm, dict[Annotated[str, Field(min_length=1, max_length=100)], Rubles]] = Field(
        description="a year's utilities, upkeep, communications ... of the premises where each form is delivered")
    working_days_per_year: int = Field(gt=0, le=366)
    target_groups: list[str] | None = Field(default=None, description="ЦРГ codes priced; default every group")
    specialists: dict[str, SpecialistIn] = Field(min_length=1)
    time_norms_minutes: dict[ActivityType, dict[Delivery, Annotated[int, Field(gt=0, le=480)]]]
    time_norms_minutes_4_6: dict[ActivityType, dict[Delivery, Annotated[int, Field(gt=0, le=480)]]] = Field(
        default_factory=dict, description="minutes at ages 4-6, for lines with a range of their own there")
    group_sizes: dict[ActivityType, Annotated[int, Field(ge=2, le=50)]] = Field(default_factory=dict)
    materials: list[MaterialIn] = Field(default_factory=list)
    planned_children: list[PlannedChildrenIn] = Field(default_factory=list)
    administrative_staff: list[StaffIn] = Field(default_factory=list)
    support_staff: list[StaffIn] = Field(default_factory=list)
    accompanying: AccompanyingIn

    @field_validator("premises_annual_rub")
    @classmethod
    def _every_form(cls, by_form: dict[ServiceForm, dict[str, Decimal]]) -> dict[ServiceForm, dict[str, Decimal]]:
        return every_form(by_form)

    def to_domain(self) -> Normalisation:
        return Normalisation(
            accruals_rate=exact(self.accruals_rate),
            territorial_coefficient=exact(self.territorial_coefficient),
            premises_annual={form: {item: kopecks_from_rubles(r) for item, r in costs.items()}
                             for form, costs in self.premises_annual_rub.items()},
            working_days_per_year=self.working_days_per_year,
            target_groups=tuple(self.target_groups) if self.target_groups is not None else None,
            specialists={
                code: Specialist(code, s.title, kopecks_from_rubles(s.monthly_salary_rub), exact(s.annual_work_hours))
                for code, s in self.specialists.items()
            },
            time_norms={(t, d): m for t, by in self.time_norms_minutes.items() for d, m in by.items()},
            time_norms_young={(t, d): m for t, by in self.time_norms_minutes_4_6.items() for d, m in by.items()},
            group_sizes=dict(self.group_sizes),
            materials=tuple(
                Material(m.item, kopecks_from_rubles(m.unit_price_rub), exact(m.quantity_per_service),
                         frozenset(m.activity_types), frozenset(m.directions), frozenset(m.groups),
                         m.price_source or "")
                for m in self.materials
            ),
            planned_children=tuple(
                PlannedChildren(p.group, p.form, UNDER_14 if p.age_band == "4-6" else p.age_band, p.children,
                                young=p.age_band == "4-6")
                for p in self.planned_children),
            administrative_staff=tuple(_staff(s) for s in self.administrative_staff),
            support_staff=tuple(_staff(s) for s in self.support_staff),
            accompanying=_accompanying(self.accompanying),
        )


def every_form(by_form: dict[ServiceForm, T]) -> dict[ServiceForm, T]:
    missing = [str(f) for f in ServiceForm if f not in by_form]
    if missing:
        raise ValueError(f"a figure is needed for every form; missing: {', '.join(missing)}")
    return by_form


def _staff(s: StaffIn) -> StaffPosition:
    return StaffPosition(s.title, kopecks_from_rubles(s.monthly_salary_rub), Fraction(s.positions))


def _annual(s: AnnualStaffIn) -> AnnualStaff:
    return AnnualStaff(s.title, kopecks_from_rubles(s.monthly_salary_rub), Fraction(s.positions))


def _accompanying(a: AccompanyingIn) -> AccompanyingInputs:
    m, acc = a.meals, a.accommodation
    return AccompanyingInputs(
        meals=MealsInputs(
            ration=tuple(RationItem(i.product, i.unit, kopecks_from_rubles(i.price_rub), i.price_basis,
                                    i.price_source, {e: exact(q) for e, q in i.per_day.items()})
                         for i in m.ration),
            semi_inpatient_share=exact(m.semi_inpatient_share),
            kitchen_staff=tuple(_annual(s) for s in m.kitchen_staff),
            planned_ration_days=m.planned_ration_days,
        ),
        accommodation=AccommodationInputs(
            premises_upkeep_kopecks=kopecks_from_rubles(acc.premises_upkeep_rub),
            utilities_kopecks=kopecks_from_rubles(acc.utilities_rub),
            linen_kopecks=kopecks_from_rubles(acc.linen_rub),
            staff=tuple(_annual(s) for s in acc.staff),
            planned_bed_days=acc.planned_bed_days,
        ),
    )
