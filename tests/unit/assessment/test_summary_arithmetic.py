"""The protocol's journal summary against a hand-written example, and its invariants for any journal."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from kria_assessment.domain.journal import EntryDraft, EntryStatus
from kria_assessment.domain.summary import RangeStatus, summarise
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason

from .builders import CONFIG, START, entry, plan_items

D, A, G = Direction, ActivityType, Delivery


def hand_written_journal() -> list[EntryDraft]:
    day = START + timedelta(days=1)
    missed = {"status": EntryStatus.MISSED, "minutes": 0, "on": day}
    return [
        entry(activity_type=A.DIAGNOSTICS_PRIMARY, minutes=50, on=START),
        *[entry(delivery=G.INDIVIDUAL, minutes=40, on=day) for _ in range(5)],
        *[entry(delivery=G.GROUP, minutes=45, on=day) for _ in range(4)],
        entry(**missed, missed_reason=MissReason.CHILD_HEALTH),
        entry(**missed, missed_reason=MissReason.OTHER, missed_text="transport strike"),
        *[entry(direction=D.ADAPTIVE_PE, activity_type=A.TRAINING, delivery=G.GROUP, minutes=45, on=day)
          for _ in range(11)],
        entry(direction=D.ADAPTIVE_PE, activity_type=A.TRAINING, delivery=G.GROUP,
              **missed, missed_reason=MissReason.FAMILY_REFUSED_ACTIVITIES),
        entry(direction=D.SOCIOCULTURAL, activity_type=A.LEISURE, minutes=40, on=day),
    ]


def test_summary_of_the_hand_written_example() -> None:
    s = summarise(plan_items(), hand_written_journal(), 10, CONFIG.rules)
    assert (s.planned_total, s.delivered_total, s.journal_entries, s.delivered_minutes) == (35, 22, 25, 965)
    assert s.missed_by_reason == {MissReason.CHILD_HEALTH: 1, MissReason.FAMILY_REFUSED_ACTIVITIES: 1,
                                  MissReason.FAMILY_REFUSED_COURSE: 0, MissReason.ORGANISATION_FAILURE: 0,
                                  MissReason.OTHER: 1}
    by = {d.direction: d for d in s.directions}
    assert list(by) == list(Direction)  # every direction of the standard, in its order
    household = by[D.SOCIAL_HOUSEHOLD]
    assert (household.planned, household.min, household.max, household.delivered, household.missed) == (
        19, 14, 24, 10, 2)
    assert household.status is RangeStatus.BELOW
    lines = {line.activity_type: line for line in household.lines}
    assert (lines[A.DIAGNOSTICS_PRIMARY].planned, lines[A.DIAGNOSTICS_PRIMARY].delivered) == (1, 1)
    assert lines[A.DIAGNOSTICS_PRIMARY].status is RangeStatus.WITHIN
    practical = lines[A.PRACTICAL]  # the individual and the group plan lines are summed
    assert (practical.planned, practical.min, practical.max, practical.delivered, practical.missed) == (
        18, 13, 23, 9, 2)
    afk = by[D.ADAPTIVE_PE]
    assert (afk.planned, afk.min, afk.max, afk.delivered, afk.missed) == (16, 12, 20, 11, 1)
    unplanned = by[D.SOCIOCULTURAL]
    assert (unplanned.planned, unplanned.delivered, unplanned.status) == (0, 1, RangeStatus.ABOVE)
    assert [line.activity_type for line in unplanned.lines] == [A.LEISURE]
    assert by[D.CAREER_GUIDANCE].required is False and by[D.CAREER_GUIDANCE].lines == ()
    assert all(d.required for d in s.directions if d.direction is not D.CAREER_GUIDANCE)


def test_career_guidance_is_required_from_14() -> None:
    s = summarise(plan_items(), [], 14, CONFIG.rules)
    assert {d.direction: d.required for d in s.directions}[D.CAREER_GUIDANCE] is True


journal_entries = st.builds(
    entry,
    direction=st.sampled_from(list(Direction)),
    activity_type=st.sampled_from(list(ActivityType)),
    delivery=st.sampled_from(list(Delivery)),
    minutes=st.integers(0, 90),
    status=st.sampled_from(list(EntryStatus)),
    missed_reason=st.sampled_from(list(MissReason)),
)


@given(st.lists(journal_entries, max_size=60), st.integers(4, 17))
def test_directions_add_up_to_the_totals(entries: list[EntryDraft], age: int) -> None:
    s = summarise(plan_items(), entries, age, CONFIG.rules)
    delivered = [e for e in entries if e.status is EntryStatus.DELIVERED]
    assert s.delivered_total == len(delivered) == sum(d.delivered for d in s.directions)
    assert s.journal_entries == len(entries)
    assert sum(d.missed for d in s.directions) == sum(s.missed_by_reason.values()) == len(entries) - len(delivered)
    assert s.planned_total == sum(d.planned for d in s.directions) == sum(p.planned for p in plan_items())
    assert s.delivered_minutes == sum(e.minutes for e in delivered)
    for d in s.directions:
        assert d.delivered == sum(line.delivered for line in d.lines)
        assert d.min <= d.planned <= d.max
