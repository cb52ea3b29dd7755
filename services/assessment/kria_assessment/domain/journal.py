"""The activity journal: what a provider may record for a course, checked entry by entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from kria_assessment.domain.course import Course, CourseState
from kria_assessment.domain.day_bounds import day_problems
from kria_assessment.domain.entry import EntryDraft, EntryStatus
from kria_assessment.domain.problems import FieldProblem
from kria_assessment.domain.rules import JournalRules
from kria_shared.contracts.common import LEGACY_REASONS, Direction, MissReason
from kria_shared.errors import Conflict

# the line types live in domain/entry.py (the day bounds need them too); the journal is where callers find them
__all__ = ["EntryDraft", "EntryStatus", "RecordedEntry", "batch_problems", "entry_problems"]


def batch_problems(
    course: Course, entries: Sequence[EntryDraft], today: date, rules: JournalRules,
    recorded: Sequence[EntryDraft] = (), colleagues: Sequence[Sequence[EntryDraft]] = (),
) -> list[FieldProblem]:
    """Every reason the batch cannot be recorded; the batch is accepted only when this is empty.

    ``recorded``: the course's journal so far; ``colleagues``: what the same specialists delivered to the
    organisation's other children on those days. Each day's bounds are counted against them.
    """
    problems: list[FieldProblem] = []
    for index, entry in enumerate(entries):
        problems.extend(entry_problems(course, entry, today, rules, f"entries[{index}]"))
    if not problems:  # the day's totals only mean something over entries that are each valid
        problems.extend(day_problems(recorded, entries, rules.day, colleagues))
    return problems


def entry_problems(
    course: Course, entry: EntryDraft, today: date, rules: JournalRules, where: str
) -> list[FieldProblem]:
    return [
        *_date_problems(course, entry.on, today, f"{where}.on"),
        *_direction_problems(course, entry.direction, rules, f"{where}.direction"),
        *_minutes_problems(course, entry, rules, f"{where}.minutes"),
        *_status_problems(entry, where),
    ]


def _date_problems(course: Course, on: date, today: date, field: str) -> list[FieldProblem]:
    if on < course.start_date:
        return [FieldProblem(field, "before_course_start", f"{on} is before the course start {course.start_date}")]
    if on > course.last_day:
        return [FieldProblem(field, "after_course_end", f"{on} is after the course's last day {course.last_day}")]
    if on > today:
        return [FieldProblem(field, "in_the_future", f"{on} is after today ({today}); record activities once held")]
    return []


def _direction_problems(course: Course, direction: Direction, rules: JournalRules, field: str) -> list[FieldProblem]:
    if rules.direction_admits(direction, course.age_years):
        return []
    return [FieldProblem(field, "direction_excluded_by_age",
                         f"{direction} is not part of the course at age {course.age_years}")]


def _minutes_problems(course: Course, entry: EntryDraft, rules: JournalRules, field: str) -> list[FieldProblem]:
    if entry.status is EntryStatus.MISSED and entry.minutes == 0:
        return []  # nothing was held; a planned duration may be given but need not be
    rule = rules.duration_for(entry.activity_type, entry.delivery, course.age_years)
    if rule is None:
        return [FieldProblem(field, "no_duration_rule",
                             f"no allowed duration for {entry.delivery} {entry.activity_type}")]
    if rule.min_minutes <= entry.minutes <= rule.max_minutes:
        return []
    return [FieldProblem(field, "minutes_out_of_range",
                         f"{entry.minutes} min is outside {rule.min_minutes}-{rule.max_minutes} ({rule.name})")]


def _status_problems(entry: EntryDraft, where: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not entry.specialist.strip():
        problems.append(FieldProblem(f"{where}.specialist", "required", "the specialist who held it is required"))
    if entry.status is EntryStatus.DELIVERED:
        if entry.missed_reason is not None or entry.missed_text:
            problems.append(FieldProblem(f"{where}.missed_reason", "not_allowed_for_delivered",
                                         "a delivered activity has no missed reason"))
        return problems
    if entry.missed_reason is None:
        problems.append(FieldProblem(f"{where}.missed_reason", "required", "a missed activity needs its reason"))
    elif entry.missed_reason in LEGACY_REASONS:
        problems.append(FieldProblem(f"{where}.missed_reason", "family_refusal_scope_required",
                                     "укажите, от чего отказалась семья: family_refused_activities (от отдельных "
                                     "мероприятий) или family_refused_course (от всего курса)"))
    elif entry.missed_reason is MissReason.OTHER and not (entry.missed_text or "").strip():
        problems.append(FieldProblem(f"{where}.missed_text", "required", "reason 'other' needs a text"))
    return problems


@dataclass(frozen=True)
class RecordedEntry:
    """A journal line once accepted: its id is derived from the batch, so a replayed batch maps to the same ids."""

    entry_id: str
    batch_id: str
    entry: EntryDraft


def refuse_reused_batch(batch_id: str) -> NoReturn:
    raise Conflict("batch_id_reused", "this batch_id was already used for a different batch", batch_id=batch_id)


def ensure_same_batch(batch_id: str, stored_certificate_id: str, stored_sha256: str, certificate_id: str,
                      sha256: str) -> None:
    """A stored batch id answers a retry of the same batch (same course, same content) and refuses any other."""
    if stored_certificate_id != certificate_id or stored_sha256 != sha256:
        refuse_reused_batch(batch_id)


def ensure_takes_entries(course: Course) -> None:
    if course.state is CourseState.CLOSED:
        raise Conflict("course_closed", "the course has ended: the journal takes no new entries",
                       state=course.state.value, allowed=course.allowed_actions())
