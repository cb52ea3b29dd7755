"""Journal validation at its edges: course dates, today, age-excluded directions, durations, missed reasons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kria_assessment.domain.course import Outcome
from kria_assessment.domain.journal import EntryStatus, batch_problems
from kria_assessment.domain.problems import refuse_if_any
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason
from kria_shared.errors import DomainError

from .builders import CONFIG, PLANNED_END, START, closed, entry, make_course

RULES = CONFIG.rules
LATER = PLANNED_END + timedelta(days=30)  # "today" well after the course, unless a test says otherwise


def reasons(course_age: int = 10, today: date = LATER, **changes: object) -> list[tuple[str, str]]:
    problems = batch_problems(make_course(age=course_age), [entry(**changes)], today, RULES)
    return [(p.field, p.reason) for p in problems]


@pytest.mark.parametrize(("on", "expected"), [
    (START - timedelta(days=1), [("entries[0].on", "before_course_start")]),
    (START, []),
    (PLANNED_END, []),
    (PLANNED_END + timedelta(days=1), [("entries[0].on", "after_course_end")]),
])
def test_entries_must_fall_within_the_course_dates(on: date, expected: list[tuple[str, str]]) -> None:
    assert reasons(on=on) == expected


def test_an_activity_is_recorded_after_it_happened_not_before() -> None:
    today = START + timedelta(days=5)
    assert reasons(today=today, on=today) == []
    assert reasons(today=today, on=today + timedelta(days=1)) == [("entries[0].on", "in_the_future")]


def test_a_closed_course_admits_no_date_after_its_actual_end() -> None:
    end = START + timedelta(days=6)
    course = make_course(closure=closed(end, Outcome.TERMINATED_EARLY))
    ok, late = entry(on=end), entry(on=end + timedelta(days=1))
    assert batch_problems(course, [ok], LATER, RULES) == []
    assert [p.reason for p in batch_problems(course, [late], LATER, RULES)] == ["after_course_end"]


@pytest.mark.parametrize(("age", "accepted"), [(4, False), (13, False), (14, True), (17, True)])
def test_career_guidance_only_from_14(age: int, accepted: bool) -> None:
    found = reasons(course_age=age, direction=Direction.CAREER_GUIDANCE, activity_type=ActivityType.COUNSELLING,
                    minutes=30)
    assert found == ([] if accepted else [("entries[0].direction", "direction_excluded_by_age")])


@pytest.mark.parametrize(("age", "activity", "delivery", "low", "high"), [
    (10, ActivityType.DIAGNOSTICS_PRIMARY, Delivery.INDIVIDUAL, 45, 60),
    (5, ActivityType.DIAGNOSTICS_CONTROL, Delivery.GROUP, 45, 60),
    (10, ActivityType.COUNSELLING, Delivery.INDIVIDUAL, 30, 45),
    (10, ActivityType.LEGAL_COUNSELLING, Delivery.GROUP, 40, 60),   # no group consultation: a group session
    (10, ActivityType.INFORMING, Delivery.INDIVIDUAL, 30, 45),
    (5, ActivityType.INFORMING, Delivery.INDIVIDUAL, 30, 45),        # a consultation, whatever the age
    (10, ActivityType.INFORMING, Delivery.GROUP, 40, 60),            # group informing as the standards price it
    (5, ActivityType.INFORMING, Delivery.GROUP, 40, 60),
    (4, ActivityType.PRACTICAL, Delivery.INDIVIDUAL, 20, 30),
    (6, ActivityType.TRAINING, Delivery.INDIVIDUAL, 20, 30),
    (7, ActivityType.TRAINING, Delivery.INDIVIDUAL, 30, 45),
    (17, ActivityType.LEISURE, Delivery.INDIVIDUAL, 30, 45),
    (5, ActivityType.PRACTICAL, Delivery.GROUP, 40, 60),
    (16, ActivityType.EDUCATION, Delivery.GROUP, 40, 60),
])
def test_minutes_within_the_configured_bounds_per_type_and_age(
    age: int, activity: ActivityType, delivery: Delivery, low: int, high: int
) -> None:
    def found(minutes: int) -> list[tuple[str, str]]:
        return reasons(course_age=age, activity_type=activity, delivery=delivery, minutes=minutes)

    assert found(low) == [] and found(high) == []
    assert found(low - 1) == [("entries[0].minutes", "minutes_out_of_range")]
    assert found(high + 1) == [("entries[0].minutes", "minutes_out_of_range")]


def test_a_missed_activity_needs_its_reason_and_other_needs_a_text() -> None:
    missed = {"status": EntryStatus.MISSED, "minutes": 0}
    assert reasons(**missed) == [("entries[0].missed_reason", "required")]
    assert reasons(**missed, missed_reason=MissReason.FAMILY_REFUSED_ACTIVITIES) == []
    assert reasons(**missed, missed_reason=MissReason.FAMILY_REFUSED_COURSE) == []
    # the undivided refusal of before is no new input: the family refused either activities or the course
    assert reasons(**missed, missed_reason=MissReason.FAMILY_REFUSAL) == [
        ("entries[0].missed_reason", "family_refusal_scope_required")]
    assert reasons(**missed, missed_reason=MissReason.OTHER) == [("entries[0].missed_text", "required")]
    assert reasons(**missed, missed_reason=MissReason.OTHER, missed_text="quarantine at school") == []


def test_a_missed_activity_may_carry_its_planned_duration_but_it_is_still_checked() -> None:
    base = {"status": EntryStatus.MISSED, "missed_reason": MissReason.CHILD_HEALTH}
    assert reasons(**base, minutes=40) == []
    assert reasons(**base, minutes=200) == [("entries[0].minutes", "minutes_out_of_range")]


def test_a_delivered_activity_carries_no_missed_reason_and_names_its_specialist() -> None:
    assert reasons(missed_reason=MissReason.OTHER) == [("entries[0].missed_reason", "not_allowed_for_delivered")]
    assert reasons(specialist="  ") == [("entries[0].specialist", "required")]


def test_a_batch_is_refused_as_a_whole_naming_every_bad_entry() -> None:
    course = make_course()
    batch = [entry(), entry(minutes=5), entry(), entry(on=START - timedelta(days=3))]
    problems = batch_problems(course, batch, LATER, RULES)
    assert [p.field for p in problems] == ["entries[1].minutes", "entries[3].on"]
    with pytest.raises(DomainError) as refused:
        refuse_if_any(problems, "invalid_journal_entry")
    assert refused.value.code == "invalid_journal_entry"
    assert refused.value.details["field"] == "entries[1].minutes"
    assert len(refused.value.details["errors"]) == 2
