"""The HTTP DTOs of costing: the normalisation document an organisation's economist writes (YAML for the CLI,
JSON over HTTP), and the responses (price lists, a certificate's costs, the standards in force).

Validation here names the field of every bad figure (negative, missing, too many decimals); the domain
then checks that the document covers the course standards (coverage.py).
"""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from kria_costing.domain.accompanying import (
    AccommodationInputs,
    AccompanyingInputs,
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
)
from kria_costing.domain.staff import StaffPosition
from kria_costing.domain.standards import AGE_BANDS, UNDER_14, AgeBand, CourseStandard, ServiceStandard
from kria_costing.store.models import EstimateRow, PriceListRow, SettlementRow
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


def _annual(s: AnnualStaffIn) -> StaffPosition:
    return StaffPosition(s.title, kopecks_from_rubles(s.monthly_salary_rub), Fraction(s.positions))


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


# ---- responses: built from the store's rows and the standards catalogue ----------------------------------------

# A moment as the service has always written it: ISO 8601 with the offset (+00:00), not pydantic's "Z".
Moment = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str)]


class ApprovalOrderOut(BaseModel):
    number: str | None
    date: date_type | None
    effective_from: date_type | None


class PriceListSummary(BaseModel):
    organisation_id: str
    version: int
    status: Literal["draft", "approved"]
    standards_version: str
    created_at: Moment
    created_by: str
    approved_at: Moment | None
    approved_by: str | None
    order: ApprovalOrderOut | None = Field(description="the head's order; only once approved")
    lines: int = Field(description="prices in the list")

    @classmethod
    def of(cls, row: PriceListRow) -> PriceListSummary:
        order = (ApprovalOrderOut(number=row.order_number, date=row.order_date, effective_from=row.effective_from)
                 if row.status == "approved" else None)
        return cls(organisation_id=row.organisation_id, version=row.version, status=row.status,  # type: ignore[arg-type]
                   standards_version=row.standards_version, created_at=row.created_at, created_by=row.created_by,
                   approved_at=row.approved_at, approved_by=row.approved_by, order=order, lines=row.lines)


class PriceListDrafted(PriceListSummary):
    course_totals: list[dict[str, Any]] = Field(description="a full course's cost per ЦРГ, form, ages, companion")


class PriceListDetail(PriceListSummary):
    inputs: dict[str, Any] = Field(description="the normalisation as posted")
    derivation: dict[str, Any] = Field(description="every price with its derivation (filtered by group/form)")


class PriceListsOfOrganisation(BaseModel):
    current_version: int | None
    price_lists: list[PriceListSummary]


class ApprovedPriceLists(BaseModel):
    price_lists: list[PriceListSummary]


class EstimateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the row, field by field

    estimate_id: str
    organisation_id: str
    outcome: str = Field(description="calculated | rejected")
    reason: str | None
    price_list_version: str | None
    standard_version: str | None
    target_group: str
    age_years: int
    form: str
    companion: bool
    days: int
    plan: list[dict[str, Any]]
    course_kopecks: int | None
    per_day: dict[str, Any]
    per_day_kopecks: int | None
    accompanying_kopecks: int | None
    total_kopecks: int | None
    value_kopecks: int
    created_at: Moment

    @classmethod
    def of(cls, e: EstimateRow) -> EstimateOut:
        return cls.model_validate(e)


class SettlementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the row, field by field

    estimate_id: str
    outcome: str
    lines: list[dict[str, Any]]
    activities_kopecks: int
    accompanying_days: int
    per_day_kopecks: int
    accompanying_kopecks: int
    actual_kopecks: int
    value_kopecks: int
    paid_kopecks: int
    released_kopecks: int
    settled_at: Moment

    @classmethod
    def of(cls, s: SettlementRow) -> SettlementOut:
        return cls.model_validate(s)


class CertificateCosts(BaseModel):
    certificate_id: str
    estimates: list[EstimateOut]
    settlement: SettlementOut | None


class Bounds(BaseModel):
    min: int
    max: int


class PlannedCount(BaseModel):
    planned: int
    min: int
    max: int


class StandardLineOut(BaseModel):
    direction: str
    activity_type: str
    delivery: str
    specialists: list[str]
    max_group_size: int = Field(description="1 for individual delivery")
    minutes: Bounds
    minutes_4_6: Bounds | None
    counts: dict[str, PlannedCount] = Field(description="per age band")


class CourseStandardOut(BaseModel):
    group: str
    origin: str
    derived: bool
    year: str | None
    source: str
    forms: list[str]
    planned_total: dict[str, int] = Field(description="per age band")
    lines: list[StandardLineOut]

    @classmethod
    def of(cls, s: CourseStandard) -> CourseStandardOut:
        return cls(
            group=s.group, origin=s.origin, derived=s.derived, year=s.year, source=s.source,
            forms=sorted(str(f) for f in s.forms), planned_total={band: s.planned_total(band) for band in AGE_BANDS},
            lines=[StandardLineOut(
                direction=str(ln.key.direction), activity_type=str(ln.key.activity_type),
                delivery=str(ln.key.delivery), specialists=list(ln.specialists), max_group_size=ln.max_group_size,
                minutes=Bounds(min=ln.minutes_min, max=ln.minutes_max),
                minutes_4_6=Bounds(min=ln.young_minutes[0], max=ln.young_minutes[1]) if ln.young_minutes else None,
                counts={band: PlannedCount(planned=c.planned, min=c.min, max=c.max) for band, c in ln.counts.items()},
            ) for ln in s.lines])


class SupersededStandardOut(BaseModel):
    code: str = Field(description="the subgroup code it was published under")
    group: str
    origin: str
    derived: bool
    year: str | None
    source: str
    forms: list[str]
    planned_total: dict[str, int]
    lines: list[StandardLineOut]


class ServiceActivityOut(BaseModel):
    number: int
    title: str
    min: int
    max: int
    note: str


class ServiceStandardOut(BaseModel):
    code: str
    title: str
    year: str
    source: str
    working_days: Bounds
    activities: list[ServiceActivityOut]

    @classmethod
    def of(cls, s: ServiceStandard) -> ServiceStandardOut:
        return cls(code=s.code, title=s.title, year=s.year, source=s.source,
                   working_days=Bounds(min=s.working_days_min, max=s.working_days_max),
                   activities=[ServiceActivityOut(number=a.number, title=a.title, min=a.min, max=a.max, note=a.note)
                               for a in s.activities])


class AgeRange(BaseModel):
    min: int
    max: int


class StandardsInForce(BaseModel):
    version: str
    course_days: int
    min_course_activities: int
    career_guidance_min_age: int
    ages: AgeRange
    young_max_age: int
    standards: list[CourseStandardOut]
    superseded: list[SupersededStandardOut]
    service_standards: list[ServiceStandardOut]
