"""Value types shared by several contracts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Kopecks = Annotated[int, Field(ge=0, description="money in integer kopecks")]
# The MSE's degree of limitation per life-activity category (export columns 17-23): domain code -> 0-3.
MseLimitations = dict[str, Annotated[int, Field(ge=0, le=3)]]


class Payload(BaseModel):
    """Base of every event payload: tolerant reader (unknown fields ignored), immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ServiceForm(StrEnum):
    SEMI_INPATIENT = "semi_inpatient"  # полустационарная
    INPATIENT = "inpatient"  # стационарная


class Direction(StrEnum):
    """The 7 directions of the course standard (DOMAIN.md §4)."""

    SOCIAL_HOUSEHOLD = "social_household"
    SOCIAL_ENVIRONMENTAL = "social_environmental"
    SOCIAL_PEDAGOGICAL = "social_pedagogical"
    SOCIAL_PSYCHOLOGICAL = "social_psychological"
    SOCIOCULTURAL = "sociocultural"
    CAREER_GUIDANCE = "career_guidance"  # ages 14-17 only
    ADAPTIVE_PE = "adaptive_pe"  # АФК


class ActivityType(StrEnum):
    DIAGNOSTICS_PRIMARY = "diagnostics_primary"
    DIAGNOSTICS_CONTROL = "diagnostics_control"
    INFORMING = "informing"
    COUNSELLING = "counselling"
    PRACTICAL = "practical"
    TRAINING = "training"
    LEGAL_COUNSELLING = "legal_counselling"
    LEISURE = "leisure"
    EDUCATION = "education"
    PROFESSIONAL_SELECTION = "professional_selection"


class Delivery(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"


class MissReason(StrEnum):
    """Why an activity was not delivered / a course ended early / a course was ineffective."""

    CHILD_HEALTH = "child_health"
    FAMILY_REFUSED_ACTIVITIES = "family_refused_activities"  # the family refused individual activities
    FAMILY_REFUSED_COURSE = "family_refused_course"  # the family refused the whole course
    ORGANISATION_FAILURE = "organisation_failure"
    OTHER = "other"
    # Before the two refusals were told apart: still read in stored facts and old events, refused as new input.
    FAMILY_REFUSAL = "family_refusal"


LEGACY_REASONS = frozenset({MissReason.FAMILY_REFUSAL})


class PlanCount(Payload):
    """One line of a child's individual course plan: how many of a direction × activity type × delivery."""

    direction: Direction
    activity_type: ActivityType
    delivery: Delivery
    count: int = Field(ge=0, le=1000)


class PlanLine(Payload):
    """One line of a course plan: a direction × activity type with the standard's range."""

    direction: Direction
    activity_type: ActivityType
    delivery: Delivery
    planned: int = Field(ge=0)
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    unit_price_kopecks: Kopecks = 0
