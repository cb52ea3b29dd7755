"""A day of the journal is bounded by time and by the standard (DOMAIN.md §4-5; issue 20.5).

The journal has no clock times, so the bounds are on each day's totals, counted over what is already recorded
plus the batch, in the batch's order:
- the child's day: the minutes of the child's activities;
- one activity of a kind at a time: how many activities of one direction and type the child has in a day;
- a specialist's working day: the minutes one specialist works, with this child and the organisation's others.
  A group session appears in the journal of every child in it: across children, the k-th identical group entry
  (same day, specialist, direction, type, minutes) of each course is taken to be one session, counted once.
Only delivered activities count: a missed one took no time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from kria_assessment.domain.entry import EntryDraft, EntryStatus
from kria_assessment.domain.problems import FieldProblem
from kria_assessment.domain.rules import DayBounds
from kria_shared.contracts.common import ActivityType, Delivery, Direction

_GroupKey = tuple[date, str, Direction, ActivityType, int, int]


class _SpecialistDays:
    """Minutes per (day, specialist), a group session shared by several children counted once."""

    def __init__(self) -> None:
        self.minutes: Counter[tuple[date, str]] = Counter()
        self._groups: set[_GroupKey] = set()

    def add_course(self, entries: Iterable[EntryDraft]) -> None:
        occurrence: Counter[tuple[date, str, Direction, ActivityType, int]] = Counter()
        for e in entries:
            self.add(e, occurrence)

    def add(self, e: EntryDraft, occurrence: Counter[tuple[date, str, Direction, ActivityType, int]]) -> None:
        if e.status is not EntryStatus.DELIVERED:
            return
        if e.delivery is Delivery.GROUP:
            same = (e.on, e.specialist, e.direction, e.activity_type, e.minutes)
            occurrence[same] += 1
            key = (*same, occurrence[same])
            if key in self._groups:
                return
            self._groups.add(key)
        self.minutes[(e.on, e.specialist)] += e.minutes


def day_problems(recorded: Sequence[EntryDraft], batch: Sequence[EntryDraft], bounds: DayBounds,
                 colleagues: Iterable[Sequence[EntryDraft]] = ()) -> list[FieldProblem]:
    """Every batch entry that takes a day beyond a bound, named by its field.

    ``colleagues``: the organisation's other courses' entries, per course, each in its journal order.
    """
    specialist = _SpecialistDays()
    for course in colleagues:
        specialist.add_course(course)
    own: Counter[tuple[date, str, Direction, ActivityType, int]] = Counter()
    child: Counter[date] = Counter()
    kind: Counter[tuple[date, Direction, ActivityType]] = Counter()
    for e in recorded:
        if e.status is not EntryStatus.DELIVERED:
            continue
        specialist.add(e, own)
        child[e.on] += e.minutes
        kind[(e.on, e.direction, e.activity_type)] += 1
    problems: list[FieldProblem] = []
    for index, e in enumerate(batch):
        if e.status is not EntryStatus.DELIVERED:
            continue
        where = f"entries[{index}]"
        specialist.add(e, own)
        child[e.on] += e.minutes
        kind[(e.on, e.direction, e.activity_type)] += 1
        worked = specialist.minutes[(e.on, e.specialist)]
        if kind[(e.on, e.direction, e.activity_type)] > bounds.of_a_kind:
            problems.append(FieldProblem(
                f"{where}.activity_type", "too_many_of_a_kind_in_a_day",
                f"{e.on}: больше {bounds.of_a_kind} мероприятий вида {e.direction}/{e.activity_type} за день"))
        elif child[e.on] > bounds.child_minutes:
            problems.append(FieldProblem(
                f"{where}.minutes", "child_day_exceeded",
                f"{e.on}: {child[e.on]} мин мероприятий за день, больше дня ребёнка ({bounds.child_minutes} мин)"))
        elif worked > bounds.specialist_minutes:
            problems.append(FieldProblem(
                f"{where}.specialist", "specialist_day_exceeded",
                f"{e.on}: специалист {e.specialist} — {worked} мин за день, больше рабочего дня "
                f"({bounds.specialist_minutes} мин)"))
    return problems
