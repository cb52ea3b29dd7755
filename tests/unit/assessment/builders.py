"""Builders for the assessment unit tests: a course with a small plan, valid entries, the shipped rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kria_assessment.config import AssessmentConfig, load_config
from kria_assessment.domain.course import Closure, Course, Outcome, PlanItem
from kria_assessment.domain.journal import EntryDraft, EntryStatus
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason

START = date(2026, 3, 2)
PLANNED_END = START + timedelta(days=20)


CONFIG: AssessmentConfig = load_config()


def plan_items() -> tuple[PlanItem, ...]:
    """A small plan: two directions, diagnostics + sessions, with ranges."""
    d, a, g = Direction, ActivityType, Delivery
    return (
        PlanItem(d.SOCIAL_HOUSEHOLD, a.DIAGNOSTICS_PRIMARY, g.INDIVIDUAL, 1, 1, 1),
        PlanItem(d.SOCIAL_HOUSEHOLD, a.PRACTICAL, g.INDIVIDUAL, 10, 7, 13),
        PlanItem(d.SOCIAL_HOUSEHOLD, a.PRACTICAL, g.GROUP, 8, 6, 10),
        PlanItem(d.ADAPTIVE_PE, a.TRAINING, g.GROUP, 16, 12, 20),
    )


def make_course(age: int = 10, closure: Closure | None = None, protocol_submitted: bool = False,
                plan: tuple[PlanItem, ...] | None = None) -> Course:
    return Course(
        certificate_id="cert-1", organisation_id="org-1", target_group="2", age_years=age, form="semi_inpatient",
        companion=False, start_date=START, planned_end_date=PLANNED_END,
        plan=plan_items() if plan is None else plan, closure=closure, protocol_submitted=protocol_submitted,
    )


def closed(end: date, outcome: Outcome = Outcome.COMPLETED) -> Closure:
    reason = MissReason.CHILD_HEALTH if outcome is Outcome.TERMINATED_EARLY else None
    return Closure(outcome, end, (end - START).days + 1, reason)


def entry(**changes: Any) -> EntryDraft:
    """A valid delivered entry for a 10-year-old on the course's third day; override what the test varies."""
    values: dict[str, Any] = dict(
        direction=Direction.SOCIAL_HOUSEHOLD, activity_type=ActivityType.PRACTICAL, delivery=Delivery.INDIVIDUAL,
        on=START + timedelta(days=2), minutes=40, specialist="social-worker-3", status=EntryStatus.DELIVERED,
    )
    values.update(changes)
    return EntryDraft(**values)
