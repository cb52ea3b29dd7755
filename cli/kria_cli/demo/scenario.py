"""The pilot played child by child: reserve, run the course with its journal, rate, submit the protocol;
the bureau scores, an expert fills reasons, the head signs; the certificate settles."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kria_cli.demo import fates
from kria_cli.demo.heads import OrganisationHead
from kria_cli.demo.population import Child
from kria_cli.journey import Instruments, Journey
from kria_cli.journey.actors import Actor, ApiError, paged, wait_for


@dataclass
class Region:
    """Shared state of one run: who the actors are and what happened."""

    sfr: Actor
    expert: Actor
    head: Actor
    providers: dict[str, Actor]
    rng: random.Random
    instruments: Instruments
    seed: int = 0
    today: date = field(default_factory=date.today)  # the services' today (moved ahead for a recent MSE export)
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    progress: Any = None
    heads: dict[str, OrganisationHead] = field(default_factory=dict)  # organisation id -> its head (signs protocols)


async def certificate(actor: Actor, cid: str) -> dict[str, Any]:
    result: dict[str, Any] = await actor.get("certificates", f"/v1/certificates/{cid}")
    return result


async def run_child(region: Region, child: Child, cid: str, org: str) -> str:
    """One child's course from reservation to the protocol; returns how it ended for the summary."""
    journey = journey_of(region, child, cid, org)
    if not await reserve(region, journey):
        return "reservation_rejected"
    outcome = await to_protocol(region, journey)
    await region.heads[org].sign_protocol(cid)  # published to the bureau once the organisation's head signed it
    return outcome


def journey_of(region: Region, child: Child, cid: str, org: str) -> Journey:
    return Journey(region.providers[org], cid, org, child, region.instruments,
                   random.Random(f"{region.seed}-{child.row}"))  # reproducible per seed


async def reserve(region: Region, journey: Journey) -> bool:
    """The organisation reserves the course the family chose; False when the reservation was rejected."""
    cid = journey.certificate_id
    await journey.reserve()

    async def reserved() -> dict[str, Any] | None:
        c = await certificate(region.sfr, cid)  # after a rejection the provider no longer sees the child
        if c["state"] == "reserved" or (c["state"] == "issued" and c.get("estimate_id") is None
                                          and any(h["event"] == "ReservationRejected" for h in c["history"])):
            return c
        return None

    c = await wait_for(reserved)
    return bool(c["state"] == "reserved")


async def start(journey: Journey, on: date | None = None) -> tuple[list[dict[str, Any]], int]:
    """The course started (on its drawn day, or ``on``) and rated at the baseline: the estimate's plan and the
    child's age at reservation, for the journal."""
    if on is None:
        journey.draw_start()
    else:
        journey.start = on
    await journey.start_course()
    costs = await wait_for(journey.costs)
    course = await wait_for(journey.course)
    await journey.rate("baseline", journey.draw_baseline())
    return costs["estimates"][-1]["plan"], int(course["age_years"])


async def to_protocol(region: Region, journey: Journey) -> str:
    """A reserved course started, kept day by day, ended, rated and its protocol submitted (not yet signed by the
    organisation's head); returns how it ended."""
    plan, age = await start(journey)
    await journey.record_journal(plan, age)
    outcome = await journey.finish()
    await wait_for(journey.course_closed)
    await journey.rate("control", journey.draw_control(improved=journey.child.fate != fates.WEAK))
    await journey.submit_protocol()
    return outcome


async def bureau_work(region: Region, expected: int, stop: asyncio.Event, idle_s: float = 180.0) -> bool:
    """The main MSE bureau works through its queue until every expected conclusion is submitted.

    Once ``stop`` is set (no more protocols will come) a queue that does not move for ``idle_s`` means a
    protocol or conclusion was lost: the stall is recorded in ``region.errors`` and False returned, so the run
    ends with a report instead of waiting forever.
    """
    loop = asyncio.get_running_loop()
    last_change, last_seen = loop.time(), None
    while True:
        items = await paged(region.head, "signing", "/v1/conclusions")
        for c in items:
            try:
                if c["state"] == "awaiting_reason":
                    detail = await region.expert.get("signing", f"/v1/conclusions/{c['conclusion_id']}")
                    await region.expert.put("signing", f"/v1/conclusions/{c['conclusion_id']}/reason",
                                            {"reason": await _expert_reason(region, detail),
                                             "text": _reason_text(detail)})
                elif c["state"] == "ready_to_sign":
                    await region.head.post("signing", f"/v1/conclusions/{c['conclusion_id']}/sign")
            except ApiError as exc:
                if exc.status != 409:  # 409: someone acted on it meanwhile; the next listing shows it
                    raise
        submitted = sum(1 for c in items if c["state"] == "submitted")
        if region.progress is not None:
            region.progress(submitted)
        if submitted >= expected and stop.is_set():
            return True
        seen = sorted((c["conclusion_id"], c["state"]) for c in items)
        if seen != last_seen:
            last_change, last_seen = loop.time(), seen
        elif stop.is_set() and loop.time() - last_change > idle_s:
            region.errors.append(f"bureau: {submitted} of {expected} conclusions submitted, "
                                 f"nothing moved for {idle_s:.0f} s (a protocol or conclusion was lost)")
            return False
        await asyncio.sleep(0.3)


EXPERT_REASONS = {"child_health", "family_refused_activities", "family_refused_course", "organisation_failure"}


async def _expert_reason(region: Region, detail: dict[str, Any]) -> str:
    """The expert reads why the course ended early (the certificate's termination reason), else writes 'other'."""
    cid = detail.get("certificate_id")
    if not cid:
        return "other"
    reason = (await certificate(region.sfr, cid)).get("termination_reason")
    return reason if reason in EXPERT_REASONS else "other"


def _reason_text(detail: dict[str, Any]) -> str:
    points = {c.get("code", i): c.get("points") for i, c in enumerate(detail.get("criteria") or [])}
    return f"Эксперт: недостаточная динамика по критериям {points}"
