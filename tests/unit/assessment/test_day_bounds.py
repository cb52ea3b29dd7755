"""A day of the journal at its bounds: the child's day, one activity of a kind at a time, a specialist's working
day across the organisation's children (a shared group session counted once), and the count criterion."""

from __future__ import annotations

from datetime import timedelta

from kria_assessment.domain.journal import EntryStatus, batch_problems
from kria_assessment.domain.summary import summarise
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason

from .builders import CONFIG, PLANNED_END, START, entry, make_course, plan_items

RULES = CONFIG.rules
LATER_DAY = PLANNED_END + timedelta(days=30)
DAY = RULES.day
KINDS = [(d, t) for d in (Direction.SOCIAL_HOUSEHOLD, Direction.SOCIAL_PEDAGOGICAL, Direction.SOCIOCULTURAL,
                          Direction.SOCIAL_ENVIRONMENTAL) for t in (ActivityType.PRACTICAL, ActivityType.TRAINING)]


def problems(batch, recorded=(), colleagues=()):  # type: ignore[no-untyped-def]
    return [(p.field, p.reason) for p in batch_problems(make_course(), batch, LATER_DAY, RULES, recorded, colleagues)]


def varied(n: int, minutes: int = 40, **changes: object):  # type: ignore[no-untyped-def]
    """n delivered entries of different kinds (at most one of each kind per 8)."""
    return [entry(direction=KINDS[i % len(KINDS)][0], activity_type=KINDS[i % len(KINDS)][1], minutes=minutes,
                  specialist=f"s{i}", **changes) for i in range(n)]


def test_the_configured_bounds() -> None:
    assert (DAY.specialist_minutes, DAY.child_minutes, DAY.of_a_kind) == (480, 360, 4)


def test_201_identical_sessions_by_one_specialist_on_one_day_are_refused_naming_the_field() -> None:
    found = problems([entry()] * 201)
    assert found[0] == ("entries[4].activity_type", "too_many_of_a_kind_in_a_day")  # the 5th of a kind
    assert len(found) == 197 and {f for f, _ in found} >= {"entries[200].activity_type"}


def test_one_activity_of_a_kind_at_a_time_up_to_the_bound() -> None:
    assert problems([entry()] * DAY.of_a_kind) == []
    assert problems([entry()] * (DAY.of_a_kind + 1)) == [
        (f"entries[{DAY.of_a_kind}].activity_type", "too_many_of_a_kind_in_a_day")]
    # what is already recorded that day counts; another day does not
    assert problems([entry()], recorded=[entry()] * DAY.of_a_kind)[0][1] == "too_many_of_a_kind_in_a_day"
    other_day = entry(on=START + timedelta(days=3))
    assert problems([other_day], recorded=[entry()] * DAY.of_a_kind) == []
    missed = entry(status=EntryStatus.MISSED, minutes=0, missed_reason=MissReason.CHILD_HEALTH)
    assert problems([missed], recorded=[entry()] * DAY.of_a_kind) == []  # a missed one took no time


def test_the_childs_day() -> None:
    assert problems(varied(9)) == []  # 9 x 40 = 360: the whole day
    assert problems([*varied(9), entry(activity_type=ActivityType.COUNSELLING, minutes=30)]) == [
        ("entries[9].minutes", "child_day_exceeded")]


def test_a_specialists_working_day_spans_the_organisations_children() -> None:
    mine = [entry(specialist="psy-1", minutes=40)]
    others = [[entry(specialist="psy-1", minutes=40)] for _ in range(11)]  # 11 other children: 440 min
    assert problems(mine, colleagues=others) == []  # 480: the whole working day
    twelve = [*others, [entry(specialist="psy-1", minutes=40)]]
    assert problems(mine, colleagues=twelve) == [("entries[0].specialist", "specialist_day_exceeded")]


def test_a_group_session_shared_by_several_children_is_one_session_of_its_specialist() -> None:
    group = {"delivery": Delivery.GROUP, "specialist": "afk-1", "minutes": 60, "direction": Direction.ADAPTIVE_PE}
    others = [[entry(**group) for _ in range(4)] for _ in range(20)]  # the same 4 sessions, 20 children
    assert problems([entry(**group) for _ in range(4)], colleagues=others) == []  # 240 min of the specialist
    busy = [*others, [entry(**{**group, "minutes": 50}) for _ in range(5)]]  # 5 other sessions: 490 min
    assert ("entries[0].specialist", "specialist_day_exceeded") in problems([entry(**group)], colleagues=busy)


def test_the_count_criterion_counts_at_most_what_each_plan_line_plans() -> None:
    plan = plan_items()
    line = plan[0]
    over = [entry(direction=line.direction, activity_type=line.activity_type, delivery=line.delivery,
                  on=START + timedelta(days=d % 19)) for d in range(line.planned + 30)]
    summary = summarise(plan, over, 10, RULES)
    assert summary.delivered_total == line.planned + 30
    assert summary.countable_total == line.planned  # 30 beyond the plan count nothing
    unplanned = [entry(direction=Direction.CAREER_GUIDANCE, activity_type=ActivityType.PROFESSIONAL_SELECTION)]
    assert summarise(plan, unplanned, 15, RULES).countable_total == 0
