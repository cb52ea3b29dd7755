"""One child's course driven from the MSE decision to the signed, submitted conclusion and settled certificate.

The actors call the services' HTTP APIs (services/*/API.md) and wait for the platform's answers on the
topics through the tap. Two steps have no event to wait for (the assessment case opening on CourseStarted
and closing on the course end): those calls are retried on the documented "not yet" answers.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from kria_bench.cast import Cast, decision
from kria_bench.tap import Seen, Tap
from kria_cli.demo.population import Child
from kria_cli.journey import Journey
from kria_cli.journey.actors import ApiError

END_EVENTS = ("CourseCompleted", "CourseTerminatedEarly")
ESTIMATES = ("EstimateCalculated", "EstimateRejected")


@dataclass
class Course:
    """What the driver did for one course (its journey's reservations and journal batches): the events the
    platform must have produced, exactly once each."""

    seq: int
    certificate_id: str = ""
    attempts: int = 0
    batch_ids: list[str] = field(default_factory=list)
    outcome: str = ""

    def expected(self) -> Counter[str]:
        """Distinct events per type (a tuple-free key per alternative: ``EstimateCalculated|EstimateRejected``)."""
        return Counter({
            "CertificateIssued": 1, "ReservationRequested": self.attempts, "|".join(ESTIMATES): self.attempts,
            "ReservationRejected": self.attempts - 1, "ReservationConfirmed": 1, "CourseStarted": 1,
            "ActivitiesRecorded": len(self.batch_ids), "|".join(END_EVENTS): 1, "ProtocolSubmitted": 1,
            "CostSettled": 1, "CertificateSettled": 1, "ConclusionDrafted": 1, "ConclusionSigned": 1,
            "ConclusionSubmitted": 1,
        })


async def retrying(call: Callable[[], Awaitable[Any]], not_yet: Callable[[ApiError], bool],
                   timeout_s: float = 120.0) -> Any:
    """Repeat ``call`` while the service answers "not yet" (its event has not been consumed yet)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    delay = 0.01
    while True:
        try:
            return await call()
        except ApiError as exc:
            if not not_yet(exc) or loop.time() > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)


def _missing_case(exc: ApiError) -> bool:
    return bool(exc.status == 404)


def _not_closed(exc: ApiError) -> bool:
    return (exc.status == 409 and "protocol_not_ready" in exc.body) or (
        exc.status == 422 and "outside_assessment_window" in exc.body)


async def run_course(cast: Cast, tap: Tap, child: Child, org: str, seq: int, course: Course) -> Course:
    issued = await cast.mse.post("certificates", "/v1/mse-decisions", decision(child, 100_000 + seq))
    if issued.get("outcome") != "issued":
        raise RuntimeError(f"decision {seq} not issued: {issued.get('code')}")
    cid = course.certificate_id = issued["certificate_id"]
    journey = Journey(cast.provider(org), cid, org, child, cast.instruments, random.Random(f"bench-{seq}"))
    course.batch_ids = journey.batch_ids  # the check matches each recorded batch
    requested, estimate = await _reserve(journey, tap, course)
    journey.draw_start()
    await journey.start_course()
    age = int(requested.data["age_years"]) if requested.data else child.age
    baseline = journey.draw_baseline()
    await retrying(lambda: journey.put_ratings("baseline", baseline), _missing_case)
    await journey.put_questionnaire("baseline", baseline)
    await journey.record_journal(estimate.data["plan"] if estimate.data else [], age)
    journey.last_day()
    control = journey.draw_control(improved=journey.rng.random() < 0.97)
    if not journey.ends_early:
        await journey.rate("control", control)  # on the last day, before the course is closed
        outcome = await journey.finish()
    else:
        outcome = await journey.finish()
        await retrying(lambda: journey.rate("control", control), _not_closed)
    await retrying(journey.submit_protocol, _not_closed)
    await cast.head_of(org).sign_protocol(cid)  # published to the bureau once the organisation's head signed it
    await _conclude(cast, tap, cid)
    await tap.wait(cid, ["CertificateSettled"])
    course.outcome = outcome  # only a course that went all the way is done (and checked)
    return course


async def _reserve(journey: Journey, tap: Tap, course: Course) -> tuple[Seen, Seen]:
    """Reserve; after a rejection (the estimate exceeds the value) the family takes the day-care form."""
    handled: set[str] = set()
    cid = journey.certificate_id
    form, companion = journey.child.form, journey.child.companion
    for _ in range(3):
        course.attempts += 1
        await journey.reserve(form, companion)
        answer = await tap.wait(cid, ["ReservationConfirmed", "ReservationRejected"], exclude=handled)
        requested = await tap.wait(cid, ["ReservationRequested"], exclude=handled)
        handled |= {answer.event_id, requested.event_id}
        if answer.type == "ReservationConfirmed":
            estimate = await tap.wait(cid, ["EstimateCalculated"], exclude=handled)
            return requested, estimate
        estimate = await tap.wait(cid, ESTIMATES, exclude=handled)
        handled.add(estimate.event_id)
        form, companion = "semi_inpatient", False
    raise RuntimeError(f"{cid}: every reservation was rejected")


async def _conclude(cast: Cast, tap: Tap, cid: str) -> None:
    """The bureau: a reason where the draft lacks one, then the head's signature; submission follows."""
    drafted = await tap.wait(cid, ["ConclusionDrafted"])
    data = drafted.data or {}
    conclusion = data["conclusion_id"]
    if not data.get("effective") and not data.get("reason"):
        await _reason(cast, conclusion)
    try:
        await cast.head.post("signing", f"/v1/conclusions/{conclusion}/sign")
    except ApiError as exc:
        if exc.status != 409 or "set_reason" not in exc.body:
            raise
        await _reason(cast, conclusion)
        await cast.head.post("signing", f"/v1/conclusions/{conclusion}/sign")
    await tap.wait(cid, ["ConclusionSubmitted"])


async def _reason(cast: Cast, conclusion: str) -> None:
    await cast.expert.put("signing", f"/v1/conclusions/{conclusion}/reason",
                          {"reason": "other", "text": "Эксперт: недостаточная динамика (бенчмарк)"})
