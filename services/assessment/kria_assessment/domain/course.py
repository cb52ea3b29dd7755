"""The course case: opened by the certificates service's CourseStarted, closed by its end event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason


class CourseState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Outcome(StrEnum):
    COMPLETED = "completed"
    TERMINATED_EARLY = "terminated_early"


@dataclass(frozen=True)
class PlanItem:
    """One line of the course plan agreed in the estimate, with the standard's range."""

    direction: Direction
    activity_type: ActivityType
    delivery: Delivery
    planned: int
    min: int
    max: int


@dataclass(frozen=True)
class Closure:
    outcome: Outcome
    end_date: date
    days_used: int
    reason: MissReason | None = None
    reason_text: str | None = None


@dataclass(frozen=True)
class Course:
    certificate_id: str
    organisation_id: str
    target_group: str
    age_years: int
    form: str
    companion: bool
    start_date: date
    planned_end_date: date
    plan: tuple[PlanItem, ...]
    closure: Closure | None = None
    protocol_submitted: bool = False
    # the MSE's degree of limitation (0-3) per life-activity category, as the certificate carries it
    mse_limitations: dict[str, int] = field(default_factory=dict)

    @property
    def state(self) -> CourseState:
        return CourseState.CLOSED if self.closure is not None else CourseState.OPEN

    @property
    def last_day(self) -> date:
        """The last day activities can fall on: the actual end once closed, else the planned end."""
        if self.closure is None:
            return self.planned_end_date
        return min(self.closure.end_date, self.planned_end_date)

    def allowed_actions(self) -> list[str]:
        """What the organisation may still do with this course (answered with every 409)."""
        if self.protocol_submitted:
            return ["read_protocol"]
        if self.closure is None:
            return ["record_activities", "record_ratings", "record_questionnaire"]
        return ["record_ratings", "record_questionnaire", "submit_protocol"]
