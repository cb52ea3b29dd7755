"""A 21-day course's journal, day by day, from the plan of the approved estimate."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

COURSE_DAYS = 21
START_AFTER_DECISION = (4, 9)  # days from the MSE decision to the course's first day (drawn per child)
CONSULTATION = {"informing", "counselling", "legal_counselling"}


def minutes(activity_type: str, delivery: str, age: int) -> int:
    """A duration inside the standard's bounds (DOMAIN.md §4) for the activity."""
    if activity_type.startswith("diagnostics"):
        return 50
    if activity_type in CONSULTATION:
        return 40
    if delivery == "group":
        return 45
    return 25 if age <= 6 else 40


def schedule(plan: list[dict[str, Any]], start: date, rng: random.Random) -> dict[int, list[dict[str, Any]]]:
    """Spread the planned activities over the days: primary diagnostics first, control diagnostics last."""
    first: list[dict[str, Any]] = []
    last: list[dict[str, Any]] = []
    middle: list[dict[str, Any]] = []
    for line in plan:
        for _ in range(int(line["planned"])):
            item = {"direction": line["direction"], "activity_type": line["activity_type"],
                    "delivery": line["delivery"]}
            kind = line["activity_type"]
            (first if kind == "diagnostics_primary" else last if kind == "diagnostics_control" else middle).append(item)
    # one kind after another, round the middle days from a random one: each kind spread evenly over the course,
    # so no day holds more of a kind than the journal's day bounds allow
    rng.shuffle(middle)
    middle.sort(key=lambda item: (item["direction"], item["activity_type"]))
    offset = rng.randrange(COURSE_DAYS - 4)
    days: dict[int, list[dict[str, Any]]] = {d: [] for d in range(COURSE_DAYS)}
    for i, item in enumerate(first):
        days[i % 2].append(item)
    for i, item in enumerate(last):
        days[COURSE_DAYS - 1 - (i % 2)].append(item)
    for i, item in enumerate(middle):
        days[2 + (i + offset) % (COURSE_DAYS - 4)].append(item)
    return days


def entries_for_day(items: list[dict[str, Any]], on: date, age: int, refusals_left: list[int],
                    team: str = "1") -> list[dict[str, Any]]:
    """``team``: the specialists of one child's course (a specialist's working day spans the organisation)."""
    out = []
    for item in items:
        entry = {**item, "on": on.isoformat(), "specialist": f"spec-{item['direction'][:6]}-{team}"}
        if refusals_left[0] > 0 and item["delivery"] == "individual" and not item["activity_type"].startswith("diag"):
            refusals_left[0] -= 1
            entry.update(status="missed", missed_reason="family_refused_activities", minutes=0)
        else:
            entry.update(status="delivered", minutes=minutes(item["activity_type"], item["delivery"], age))
        out.append(entry)
    return out


def course_dates(start: date, stop_day: int | None) -> tuple[date, int]:
    """End date and the number of days used (a termination on day d ends that day)."""
    days = stop_day if stop_day is not None else COURSE_DAYS
    return start + timedelta(days=days - 1), days
