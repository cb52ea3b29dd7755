"""Course standards: for each target group (ЦРГ) the activity lines of the 21-day course, per age band."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from kria_shared.contracts.common import ActivityType, Delivery, Direction, ServiceForm

AgeBand = Literal["до 14", "14-17"]
UNDER_14: AgeBand = "до 14"
FROM_14: AgeBand = "14-17"
AGE_BANDS: tuple[AgeBand, ...] = (UNDER_14, FROM_14)
Origin = Literal["official", "derived"]


class LineKey(NamedTuple):
    """What a price and a journal entry are matched on: direction x activity type x delivery."""

    direction: Direction
    activity_type: ActivityType
    delivery: Delivery

    def text(self) -> str:
        return f"{self.direction}/{self.activity_type}/{self.delivery}"


@dataclass(frozen=True)
class Counts:
    """Average (planned) count of an activity in one course and its allowed range."""

    planned: int
    min: int
    max: int


@dataclass(frozen=True)
class StandardLine:
    key: LineKey
    specialists: tuple[str, ...]
    max_group_size: int  # 1 for individual delivery
    minutes_min: int
    minutes_max: int
    counts: Mapping[AgeBand, Counts]
    young_minutes: tuple[int, int] | None = None  # the duration range at ages 4-6 where it differs

    def minutes_range(self, young: bool) -> tuple[int, int]:
        if young and self.young_minutes is not None:
            return self.young_minutes
        return (self.minutes_min, self.minutes_max)


@dataclass(frozen=True)
class CourseStandard:
    group: str
    origin: Origin
    source: str
    forms: frozenset[ServiceForm]
    lines: tuple[StandardLine, ...]
    year: str | None = None  # the year of the published standard

    @property
    def derived(self) -> bool:
        return self.origin == "derived"

    def line(self, key: LineKey) -> StandardLine | None:
        return next((ln for ln in self.lines if ln.key == key), None)

    def plan(self, band: AgeBand) -> list[tuple[StandardLine, Counts]]:
        """The lines a child of this age band receives (a line planned 0 times is not part of the course)."""
        return [(line, line.counts[band]) for line in self.lines if line.counts[band].planned > 0]

    def planned_total(self, band: AgeBand) -> int:
        return sum(counts.planned for _, counts in self.plan(band))


@dataclass(frozen=True)
class ServiceActivity:
    """One activity of a single-service standard, with its range (in working days)."""

    number: int
    title: str
    min: int
    max: int
    note: str


@dataclass(frozen=True)
class ServiceStandard:
    """A standard of one service (e.g. hearing aids, 2025): its own activities and range of working days."""

    code: str
    title: str
    year: str
    source: str
    activities: tuple[ServiceActivity, ...]
    working_days_min: int
    working_days_max: int


@dataclass(frozen=True)
class StandardsCatalogue:
    version: str
    course_days: int
    min_course_activities: int
    career_guidance_min_age: int
    min_age: int
    max_age: int
    standards: Mapping[str, CourseStandard]  # by group code, e.g. "2" (a subgroup code like "6.6" may be added)
    young_max_age: int = 6  # ages min_age..young_max_age are priced with their own durations where lines say so
    superseded: Mapping[str, CourseStandard] = field(default_factory=dict)  # kept for reference, never priced
    services: Mapping[str, ServiceStandard] = field(default_factory=dict)

    def find(self, target_group: str, form: ServiceForm) -> CourseStandard | None:
        """The standard of a subgroup if the region ships one, else of its group ("6.6" -> "6")."""
        for code in (target_group, target_group.split(".")[0]):
            standard = self.standards.get(code)
            if standard is not None and form in standard.forms:
                return standard
        return None

    def age_band(self, age_years: int) -> AgeBand | None:
        """Career guidance (band 14-17) only from its minimum age; None below the pilot's ages.

        Above ``max_age`` the oldest band: a certificate issued at 17 stays usable for its whole validity
        (DOMAIN.md §2), eligibility being the certificates service's decision, not costing's.
        """
        if age_years < self.min_age:
            return None
        return FROM_14 if age_years >= self.career_guidance_min_age else UNDER_14

    def young(self, age_years: int) -> bool:
        """Ages 4-6: individual sessions are shorter (DOMAIN.md §4), so they have prices of their own."""
        return self.min_age <= age_years <= self.young_max_age

    def standard_version(self, standard: CourseStandard) -> str:
        return f"{self.version}/crg-{standard.group}"
