"""Simulated time for the children of an MSE export.

Generated children are decided 55-75 days back, so their courses end before today. An export's decisions are
what they are: when one is too recent for a course started after it to have ended by today (the assessment
service refuses dates in the future), every service's dev clock moves ahead by the days missing, instead of
the demo rewriting the decision dates of the file.
"""

from __future__ import annotations

from datetime import date, timedelta

from kria_cli.journey.actors import SERVICES, Actor
from kria_cli.journey.journal import COURSE_DAYS, START_AFTER_DECISION


def days_missing(latest_decision: date | None, today: date) -> int:
    """Days the clocks must move so the latest-starting course (last day included) ends no later than today."""
    if latest_decision is None:
        return 0
    last_day = latest_decision + timedelta(days=START_AFTER_DECISION[1] + COURSE_DAYS - 1)
    return max(0, (last_day - today).days)


async def catch_up(ops: Actor, latest_decision: date | None, today: date) -> int:
    """Move the four services' clocks ahead as far as the latest decision needs; returns the days moved."""
    shift = days_missing(latest_decision, today)
    if shift:
        for service in SERVICES:
            await ops.post(service, "/v1/dev/clock", {"advance_days": shift})
    return shift
