"""Settlement is due once start, end and protocol are all held, whatever their order, and happens once."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_costing.domain.course_progress import CourseEnd, CourseProgress

START, END, PROTOCOL, LATE_END = "start", "end", "protocol", "late_end"


def apply(progress: CourseProgress, news: str) -> CourseProgress:
    if news == START:
        return progress.started("estimate-1")
    if news == END:
        return progress.ended(CourseEnd("terminated_early", date(2026, 3, 9), 8))
    if news == LATE_END:  # a second, different report of the end: the first one counts
        return progress.ended(CourseEnd("completed", date(2026, 3, 21), 21))
    return progress.protocol_submitted(f"protocol-{news}")


@given(st.lists(st.sampled_from([START, END, PROTOCOL, LATE_END, "again"]), max_size=12))
def test_settles_exactly_once_after_the_last_missing_piece(history: list[str]) -> None:
    progress, settlements = CourseProgress(), 0
    for news in history:
        progress = apply(progress, news)
        if progress.due:
            progress, settlements = progress.settle(), settlements + 1
    held = {START} <= set(history) and bool({END, LATE_END} & set(history)) and bool({PROTOCOL, "again"} & set(history))
    assert settlements == (1 if held else 0)
    assert progress.settled == held


@given(st.permutations([START, END, PROTOCOL]))
def test_the_first_end_reported_is_the_one_settled(order: list[str]) -> None:
    progress = CourseProgress()
    for news in [*order, LATE_END]:
        progress = apply(progress, news)
    assert progress.end == CourseEnd("terminated_early", date(2026, 3, 9), 8)


def test_news_after_settlement_changes_nothing() -> None:
    settled = CourseProgress().started("e").ended(CourseEnd("completed", date(2026, 3, 21), 21))
    settled = settled.protocol_submitted("p").settle()
    assert settled.protocol_submitted("p2") == settled and settled.started("e2") == settled
    with pytest.raises(ValueError):
        settled.settle()
