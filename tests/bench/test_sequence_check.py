"""The sequence check: a run that loses or doubles any event fails; a complete run passes."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from kria_bench.checks import check

from .events import FLOW, course_events


def test_every_expected_event_exactly_once_passes() -> None:
    course, events = course_events()
    result = check([course], {course.certificate_id: events})
    assert result.ok and result.expected == len(FLOW) == result.seen


@given(st.integers(min_value=0, max_value=len(FLOW) - 1))
def test_losing_any_one_event_fails(index: int) -> None:
    course, events = course_events()
    del events[index]
    result = check([course], {course.certificate_id: events})
    assert not result.ok and result.missing == 1


@given(st.integers(min_value=0, max_value=len(FLOW) - 1))
def test_a_record_published_twice_fails(index: int) -> None:
    course, events = course_events()
    events.append(replace(events[index], offset=99))
    result = check([course], {course.certificate_id: events})
    assert not result.ok and result.duplicates == 1


@given(st.integers(min_value=0, max_value=len(FLOW) - 1))
def test_an_effect_applied_twice_fails(index: int) -> None:
    course, events = course_events()
    events.append(replace(events[index], event_id="another-id", offset=99))
    result = check([course], {course.certificate_id: events})
    assert not result.ok and result.doubled == 1


def test_a_journal_batch_recorded_under_the_wrong_id_is_caught() -> None:
    course, events = course_events()
    events[6] = replace(events[6], data={"batch_id": "b-0"})  # b-1 missing, b-0 twice
    result = check([course], {course.certificate_id: events})
    assert not result.ok and any("b-1" in p for p in result.problems)


def test_a_failed_course_is_left_to_the_driver_report() -> None:
    course, events = course_events()
    course.outcome = ""
    assert check([course], {course.certificate_id: events[:3]}).ok
