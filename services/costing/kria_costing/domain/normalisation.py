"""An organisation's cost normalisation (the inputs of the Penza order 18-62, item 3): pure values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from kria_costing.domain.accompanying import AccompanyingInputs
from kria_costing.domain.staff import StaffPosition, salary_fund
from kria_costing.domain.standards import AgeBand, LineKey, StandardLine
from kria_shared.contracts.common import ActivityType, Delivery, Direction, ServiceForm


@dataclass(frozen=True)
class Specialist:
    """A specialist who delivers activities directly."""

    code: str
    title: str
    monthly_salary_kopecks: int
    annual_work_hours: Fraction  # the effective annual working time (calendar hours minus leave)


@dataclass(frozen=True)
class Material:
    """A material consumed per activity, at its market price; applies to activity types (and directions)."""

    item: str
    unit_price_kopecks: int
    quantity_per_service: Fraction
    activity_types: frozenset[ActivityType]
    directions: frozenset[Direction]  # empty: every direction
    groups: frozenset[str] = frozenset()  # empty: every ЦРГ (a ЦРГ's own norm of materials, item 4)
    price_source: str = ""

    @property
    def cost_per_service(self) -> Fraction:
        return self.unit_price_kopecks * self.quantity_per_service

    def applies_to(self, key: LineKey, group: str = "") -> bool:
        return (key.activity_type in self.activity_types
                and (not self.directions or key.direction in self.directions)
                and (not self.groups or group in self.groups))


@dataclass(frozen=True)
class PlannedChildren:
    """How many children of a target group the organisation plans to serve in the period."""

    group: str
    form: ServiceForm
    age_band: AgeBand
    children: int
    young: bool = False  # ages 4-6 of the band "до 14": their own durations

    @property
    def label(self) -> str:
        return "4-6" if self.young else self.age_band


@dataclass(frozen=True)
class Normalisation:
    accruals_rate: Fraction  # insurance contributions on the salary fund, e.g. 0.302
    territorial_coefficient: Fraction
    premises_annual: Mapping[ServiceForm, Mapping[str, int]]  # a year's utilities, upkeep ... per form, kopecks
    working_days_per_year: int
    target_groups: tuple[str, ...] | None  # None: every group of the standards
    specialists: Mapping[str, Specialist]
    time_norms: Mapping[tuple[ActivityType, Delivery], int]  # minutes of one activity
    time_norms_young: Mapping[tuple[ActivityType, Delivery], int]  # at ages 4-6, for lines with their own range
    group_sizes: Mapping[ActivityType, int]  # planned children per group session
    materials: tuple[Material, ...]
    planned_children: tuple[PlannedChildren, ...]
    administrative_staff: tuple[StaffPosition, ...]
    support_staff: tuple[StaffPosition, ...]
    accompanying: AccompanyingInputs

    def hourly_cost(self, specialist: Specialist) -> Fraction:
        """DOMAIN.md §3: monthly_salary x 12 x (1 + accruals) / annual_work_hours (kopecks per hour, exact)."""
        return salary_fund(specialist.monthly_salary_kopecks, self.accruals_rate) / specialist.annual_work_hours

    def minutes(self, line: StandardLine, young: bool) -> int:
        """The norm of one activity; at ages 4-6 the young norm where the line has a range of its own."""
        key = (line.key.activity_type, line.key.delivery)
        if young and line.young_minutes is not None:
            return self.time_norms_young[key]
        return self.time_norms[key]
