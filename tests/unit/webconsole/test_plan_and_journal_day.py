"""The specialist's individual plan and one journal day as typed, at their boundaries: a count at either end of
the standard's range is taken and one past it refused naming the line in Russian, the total meets 120 exactly or is
refused; a duration at either end of the standard's limit is taken, a missed activity needs its reason."""

from __future__ import annotations

from typing import Any

import pytest

from kria_console.domain import journal_day as jd
from kria_console.domain import plan

STANDARD: dict[str, Any] = {"lines": [
    {"direction": "social_household", "activity_type": "practical", "delivery": "individual",
     "counts": {"до 14": {"planned": 100, "min": 90, "max": 110}, "14-17": {"planned": 100, "min": 90, "max": 110}}},
    {"direction": "adaptive_pe", "activity_type": "training", "delivery": "group",
     "counts": {"до 14": {"planned": 20, "min": 15, "max": 25}, "14-17": {"planned": 20, "min": 15, "max": 25}}},
    {"direction": "career_guidance", "activity_type": "counselling", "delivery": "individual",
     "counts": {"до 14": {"planned": 0, "min": 0, "max": 0}, "14-17": {"planned": 5, "min": 3, "max": 7}}},
]}
HOUSEHOLD, PE, CAREER = ("social_household|practical|individual", "adaptive_pe|training|group",
                         "career_guidance|counselling|individual")


def test_a_line_without_a_range_for_the_age_band_is_not_offered() -> None:
    assert [ln.key for ln in plan.lines_of(STANDARD, "до 14")] == [HOUSEHOLD, PE]  # no career guidance under 14
    assert [ln.key for ln in plan.lines_of(STANDARD, "14-17")] == [HOUSEHOLD, PE, CAREER]
    assert plan.lines_of(STANDARD, "4-6") == [] and plan.lines_of({}, "до 14") == []


def test_blank_counts_are_the_standards_averages_and_sum_per_direction() -> None:
    p = plan.read(plan.lines_of(STANDARD, "14-17"), {}, 120)
    assert p.counts == {HOUSEHOLD: 100, PE: 20, CAREER: 5} and p.total == 125 and p.refused is None
    assert [(d.direction, d.low, d.high, d.typed) for d in p.directions] == [
        ("social_household", 90, 110, 100), ("adaptive_pe", 15, 25, 20), ("career_guidance", 3, 7, 5)]


@pytest.mark.parametrize(("typed", "taken"), [("90", True), ("110", True), ("89", False), ("111", False)])
def test_a_count_is_taken_at_either_end_of_its_range_and_refused_past_it(typed: str, taken: bool) -> None:
    p = plan.read(plan.lines_of(STANDARD, "до 14"), {HOUSEHOLD: typed, PE: "25"}, 0)
    if taken:
        assert p.refused is None and p.counts[HOUSEHOLD] == int(typed)
    else:
        assert p.refused is not None and p.refused.field == HOUSEHOLD
        assert p.refused.message == (f"Поле «социально-бытовая: практические занятия, индивидуально»: "
                                     f"{typed} вне диапазона стандарта 90–110.")


def test_a_count_in_words_is_refused_and_the_first_problem_is_the_one_named() -> None:
    p = plan.read(plan.lines_of(STANDARD, "до 14"), {HOUSEHOLD: "десять", PE: "99"}, 120)
    assert p.refused is not None and p.refused.field == HOUSEHOLD and "нужно целое число занятий" in p.refused.message
    assert p.counts[HOUSEHOLD] == 0


@pytest.mark.parametrize(("household", "refused"), [("100", False), ("99", True)])
def test_the_total_must_reach_the_standards_minimum(household: str, refused: bool) -> None:
    p = plan.read(plan.lines_of(STANDARD, "до 14"), {HOUSEHOLD: household, PE: "20"}, 120)
    assert (p.refused is not None) is refused
    if refused:
        assert p.refused is not None and p.refused.field == "total"
        assert p.refused.message == "Поле «всего занятий»: 119 — меньше 120 по стандарту."


def test_the_body_leaves_out_lines_planned_at_zero() -> None:
    standard = {"lines": [{**STANDARD["lines"][2], "counts": {"14-17": {"planned": 5, "min": 0, "max": 7}}},
                          STANDARD["lines"][0]]}
    p = plan.read(plan.lines_of(standard, "14-17"), {CAREER: "0"}, 0)
    assert p.body() == [{"direction": "social_household", "activity_type": "practical", "delivery": "individual",
                         "count": 100}]


RULES = {"durations": [
    {"activity_types": ["practical"], "delivery": "individual", "age_from": 4, "age_to": 6, "min_minutes": 20,
     "max_minutes": 25},
    {"activity_types": ["practical"], "delivery": "individual", "min_minutes": 30, "max_minutes": 45},
    {"min_minutes": 40, "max_minutes": 60},
]}
LIMITS = jd.limits_of(RULES)


def row(minutes: str = "40", **kw: str) -> dict[str, str]:
    return {"direction": "social_pedagogical", "activity_type": "practical", "delivery": "individual",
            "specialist": "ped-04", "minutes": minutes, "status": "delivered", **kw}


def test_the_first_matching_rule_applies_and_its_ages_are_inclusive() -> None:
    def span(activity: str, delivery: str, age: int) -> tuple[int, int] | None:
        lim = jd.limit_for(LIMITS, activity, delivery, age)
        return None if lim is None else (lim.low, lim.high)
    assert span("practical", "individual", 4) == span("practical", "individual", 6) == (20, 25)
    assert span("practical", "individual", 7) == span("practical", "individual", 3) == (30, 45)
    assert span("practical", "group", 10) == (40, 60)  # the catch-all
    assert jd.limit_for(LIMITS[:2], "training", "group", 10) is None


@pytest.mark.parametrize(("minutes", "taken"), [("30", True), ("45", True), ("29", False), ("46", False)])
def test_a_duration_is_taken_at_either_end_of_the_standard_and_refused_past_it(minutes: str, taken: bool) -> None:
    got, refused = jd.entries("2026-11-02", [row(minutes)], LIMITS, 10)
    if taken:
        assert refused is None and got == [{"direction": "social_pedagogical", "activity_type": "practical",
                                            "delivery": "individual", "on": "2026-11-02", "minutes": int(minutes),
                                            "specialist": "ped-04", "status": "delivered"}]
    else:
        assert refused is not None and refused.field == "minutes"
        assert refused.message == f"Поле «минут» (строка 1): {minutes} мин вне 30–45 мин по стандарту."


def test_a_missed_activity_needs_its_reason_not_its_minutes() -> None:
    _, refused = jd.entries("2026-11-02", [row("", status="missed")], LIMITS, 10)
    assert refused is not None and refused.message == "Поле «причина пропуска» (строка 1): укажите причину пропуска."
    got, refused = jd.entries("2026-11-02", [row("", status="missed", missed_reason="child_health")], LIMITS, 10)
    assert refused is None and got[0]["status"] == "missed" and got[0]["minutes"] == 0
    assert got[0]["missed_reason"] == "child_health"


def test_an_other_reason_needs_its_text() -> None:
    missed = row("", status="missed", missed_reason="other")
    _, refused = jd.entries("2026-11-02", [missed], LIMITS, 10)
    assert refused is not None and refused.field == "missed_text" and "«пояснение причины»" in refused.message
    got, refused = jd.entries("2026-11-02", [{**missed, "missed_text": " уехали "}], LIMITS, 10)
    assert refused is None and got[0]["missed_text"] == "уехали"


def test_blank_rows_are_skipped_a_half_typed_one_is_named_and_an_empty_day_is_refused() -> None:
    got, refused = jd.entries("2026-11-02", [*jd.blank_rows(2), row()], LIMITS, 10)
    assert refused is None and len(got) == 1
    _, refused = jd.entries("2026-11-02", [row(specialist="")], LIMITS, 10)
    assert refused is not None and refused.message == "Поле «специалист» (строка 1): не заполнено."
    _, refused = jd.entries("2026-11-02", [row("сорок")], LIMITS, 10)
    assert refused is not None and refused.message == "Поле «минут» (строка 1): нужно целое число минут."
    _, refused = jd.entries("2026-11-02", jd.blank_rows(), LIMITS, 10)
    assert refused is not None and refused.field == "entries"


def test_a_copied_day_is_the_previous_one_delivered_with_blank_rows_up_to_a_full_day() -> None:
    previous = [{"direction": "adaptive_pe", "activity_type": "training", "delivery": "group", "minutes": 45,
                 "specialist": "afk-02", "status": "missed", "missed_reason": "child_health"}]
    rows = jd.copied(previous)
    assert len(rows) == jd.ROWS and rows[0]["status"] == "delivered" and rows[0]["missed_reason"] == ""
    assert rows[0]["minutes"] == "45" and rows[1] == jd.blank_rows(1)[0]
    assert len(jd.copied(previous * (jd.ROWS + 2))) == jd.ROWS + 2  # a longer day is kept whole
