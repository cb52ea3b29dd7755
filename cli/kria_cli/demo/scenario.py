"""The pilot played child by child: reserve, run the course with its journal, rate, submit the protocol;
the bureau scores, an expert fills reasons, the head signs; the certificate settles."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kria_cli.demo import fates
from kria_cli.demo.actors import Actor, ApiError, paged, wait_for
from kria_cli.demo.heads import OrganisationHead
from kria_cli.demo.journal import COURSE_DAYS, START_AFTER_DECISION, course_dates, entries_for_day, schedule
from kria_cli.demo.population import Child


@dataclass
class Region:
    """Shared state of one run: who the actors are and what happened."""

    sfr: Actor
    expert: Actor
    head: Actor
    providers: dict[str, Actor]
    rng: random.Random
    scale_version: str
    scale_domains: list[str]
    questionnaire_version: str
    questionnaire_items: list[str]
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
    provider = region.providers[org]
    rng = random.Random(f"{region.seed}-{child.row}")  # reproducible per seed
    await provider.post("certificates", f"/v1/certificates/{cid}/reservation",
                        {"organisation_id": org, "form": child.form, "companion": child.companion})

    async def reserved() -> dict[str, Any] | None:
        c = await certificate(region.sfr, cid)  # after a rejection the provider no longer sees the child
        if c["state"] == "reserved" or (c["state"] == "issued" and c.get("estimate_id") is None
                                          and any(h["event"] == "ReservationRejected" for h in c["history"])):
            return c
        return None

    c = await wait_for(reserved)
    if c["state"] != "reserved":
        return "reservation_rejected"
    start = child.decided_on + timedelta(days=rng.randint(*START_AFTER_DECISION))
    await provider.post("certificates", f"/v1/certificates/{cid}/course/start", {"start_date": start.isoformat()})
    costs = await wait_for(lambda: _costs(provider, cid))
    plan = costs["estimates"][-1]["plan"]
    course = await wait_for(lambda: _course(provider, cid))
    age = int(course["age_years"])  # the age the course is run for (at reservation)
    await _baseline(region, provider, cid, start, rng)
    days = schedule(plan, start, rng)
    stop_day = child.terminate_day
    refusals = [child.refusals]
    for day in range(COURSE_DAYS if stop_day is None else stop_day):
        items = days[day]
        if not items:
            continue
        entries = entries_for_day(items, start + timedelta(days=day), age, refusals, team=cid[-6:])
        await provider.post("assessment", f"/v1/courses/{cid}/activities",
                            {"batch_id": str(uuid.uuid4()), "entries": entries})
    end, _days_used = course_dates(start, stop_day)
    if stop_day is None:
        await provider.post("certificates", f"/v1/certificates/{cid}/course/complete", {"end_date": end.isoformat()})
    else:
        await provider.post("certificates", f"/v1/certificates/{cid}/course/terminate",
                            {"end_date": end.isoformat(), "reason": child.terminate_reason})
    await wait_for(lambda: _closed(provider, cid))
    await _control(region, provider, cid, end, rng, improved=child.fate != fates.WEAK)
    await provider.post("assessment", f"/v1/courses/{cid}/protocol", {})
    await region.heads[org].sign_protocol(cid)  # published to the bureau once the organisation's head signed it
    return "terminated_early" if stop_day is not None else "completed"


async def _costs(actor: Actor, cid: str) -> dict[str, Any] | None:
    try:
        costs: dict[str, Any] = await actor.get("costing", f"/v1/certificates/{cid}/costs")
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise
    return costs if costs["estimates"] else None


async def _course(actor: Actor, cid: str) -> dict[str, Any] | None:
    try:
        course: dict[str, Any] = await actor.get("assessment", f"/v1/courses/{cid}")
        return course
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


async def _closed(actor: Actor, cid: str) -> bool:
    course = await _course(actor, cid)
    return bool(course and course["state"] == "closed")


async def _baseline(region: Region, p: Actor, cid: str, start: Any, rng: random.Random) -> None:
    ratings = {d: rng.randint(1, 3) for d in region.scale_domains}
    await p.put("assessment", f"/v1/courses/{cid}/ratings/baseline",
                {"scale_version": region.scale_version, "ratings": ratings, "assessed_on": start.isoformat()})
    answers = {i: rng.randint(0, 1) for i in region.questionnaire_items}
    await p.put("assessment", f"/v1/courses/{cid}/questionnaire/before",
                {"questionnaire_version": region.questionnaire_version, "answers": answers,
                 "answered_on": start.isoformat()})
    region.__dict__.setdefault("_baseline", {})[cid] = ratings


async def _control(region: Region, p: Actor, cid: str, end: Any, rng: random.Random, improved: bool) -> None:
    base = region.__dict__["_baseline"][cid]
    better = {d: max(0, v - (1 if rng.random() < 0.8 else 0)) for d, v in base.items()}
    control = better if improved else dict(base)
    await p.put("assessment", f"/v1/courses/{cid}/ratings/control",
                {"scale_version": region.scale_version, "ratings": control, "assessed_on": end.isoformat()})
    answers = {i: (rng.randint(2, 3) if improved else rng.randint(0, 1)) for i in region.questionnaire_items}
    await p.put("assessment", f"/v1/courses/{cid}/questionnaire/after",
                {"questionnaire_version": region.questionnaire_version, "answers": answers,
                 "answered_on": end.isoformat()})


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
