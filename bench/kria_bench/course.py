"""One child's course driven from the MSE decision to the signed, submitted conclusion and settled certificate.

The actors call the services' HTTP APIs (services/*/API.md) and wait for the platform's answers on the
topics through the tap. Two steps have no event to wait for (the assessment case opening on CourseStarted
and closing on the course end): those calls are retried on the documented "not yet" answers.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kria_bench.cast import Cast, decision
from kria_bench.tap import Seen, Tap
from kria_cli.demo.actors import Actor, ApiError
from kria_cli.demo.journal import COURSE_DAYS, course_dates, entries_for_day, schedule
from kria_cli.demo.population import Child

END_EVENTS = ("CourseCompleted", "CourseTerminatedEarly")
ESTIMATES = ("EstimateCalculated", "EstimateRejected")


@dataclass
class Course:
    """What the driver did for one course: the events the platform must have produced, exactly once each."""

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
    rng = random.Random(f"bench-{seq}")
    issued = await cast.mse.post("certificates", "/v1/mse-decisions", decision(child, 100_000 + seq))
    if issued.get("outcome") != "issued":
        raise RuntimeError(f"decision {seq} not issued: {issued.get('code')}")
    cid = course.certificate_id = issued["certificate_id"]
    provider = cast.provider(org)
    requested, estimate = await _reserve(provider, tap, cid, org, child, course)
    start = child.decided_on + timedelta(days=rng.randint(4, 9))
    await provider.post("certificates", f"/v1/certificates/{cid}/course/start", {"start_date": start.isoformat()})
    age = int(requested.data["age_years"]) if requested.data else child.age
    await _baseline(cast, provider, cid, start, rng)
    days = schedule(estimate.data["plan"] if estimate.data else [], start, rng)
    stop_day = child.terminate_day
    refusals = [child.refusals]
    for day in range(COURSE_DAYS if stop_day is None else stop_day):
        if not days[day]:
            continue
        batch = {"batch_id": str(uuid.uuid4()), "entries": entries_for_day(days[day], start + timedelta(days=day),
                                                                            age, refusals, team=cid[-6:])}
        await provider.post("assessment", f"/v1/courses/{cid}/activities", batch)
        course.batch_ids.append(batch["batch_id"])
    end, _ = course_dates(start, stop_day)
    if stop_day is None:
        await _control(cast, provider, cid, end, rng)  # on the last day, before the course is closed
        await provider.post("certificates", f"/v1/certificates/{cid}/course/complete", {"end_date": end.isoformat()})
    else:
        await provider.post("certificates", f"/v1/certificates/{cid}/course/terminate",
                            {"end_date": end.isoformat(), "reason": child.terminate_reason})
        await retrying(lambda: _control(cast, provider, cid, end, rng), _not_closed)
    await retrying(lambda: provider.post("assessment", f"/v1/courses/{cid}/protocol", {}), _not_closed)
    await cast.head_of(org).sign_protocol(cid)  # published to the bureau once the organisation's head signed it
    await _conclude(cast, tap, cid)
    await tap.wait(cid, ["CertificateSettled"])
    course.outcome = "completed" if stop_day is None else "terminated_early"
    return course


async def _reserve(provider: Actor, tap: Tap, cid: str, org: str, child: Child, course: Course) -> tuple[Seen, Seen]:
    """Reserve; after a rejection (the estimate exceeds the value) the family takes the day-care form."""
    handled: set[str] = set()
    form, companion = child.form, child.companion
    for _ in range(3):
        course.attempts += 1
        await provider.post("certificates", f"/v1/certificates/{cid}/reservation",
                            {"organisation_id": org, "form": form, "companion": companion})
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


async def _baseline(cast: Cast, p: Actor, cid: str, start: date, rng: random.Random) -> None:
    ratings = {d: rng.randint(1, 3) for d in cast.scale_domains}
    await retrying(lambda: p.put("assessment", f"/v1/courses/{cid}/ratings/baseline", {
        "scale_version": cast.scale_version, "ratings": ratings, "assessed_on": start.isoformat()}), _missing_case)
    await p.put("assessment", f"/v1/courses/{cid}/questionnaire/before", {
        "questionnaire_version": cast.questionnaire_version, "answered_on": start.isoformat(),
        "answers": {i: rng.randint(0, 1) for i in cast.questionnaire_items}})


async def _control(cast: Cast, p: Actor, cid: str, end: date, rng: random.Random) -> None:
    improved = rng.random() < 0.97
    ratings = {d: (rng.randint(0, 1) if improved else rng.randint(2, 3)) for d in cast.scale_domains}
    await p.put("assessment", f"/v1/courses/{cid}/ratings/control", {
        "scale_version": cast.scale_version, "ratings": ratings, "assessed_on": end.isoformat()})
    await p.put("assessment", f"/v1/courses/{cid}/questionnaire/after", {
        "questionnaire_version": cast.questionnaire_version, "answered_on": end.isoformat(),
        "answers": {i: (rng.randint(2, 3) if improved else rng.randint(0, 1)) for i in cast.questionnaire_items}})


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
