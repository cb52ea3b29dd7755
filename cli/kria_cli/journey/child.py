"""The state of one child's journey and its steps, each a call of the services' HTTP APIs (services/*/API.md).

What a journey does not decide is left to its driver: how to wait for the platform's answers (the demo polls the
API, the bench watches the topics), who signs the protocol and how the bureau concludes. The draws (start day,
ratings, answers, the journal's spread) come from the journey's own seeded ``rng`` in a fixed order, so a seed
replays the same journeys.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from kria_cli.demo.population import Child
from kria_cli.journey.actors import Actor, ApiError
from kria_cli.journey.journal import COURSE_DAYS, START_AFTER_DECISION, course_dates, entries_for_day, schedule

Phase = Literal["baseline", "control"]
QUESTIONNAIRE_MOMENT: dict[Phase, str] = {"baseline": "before", "control": "after"}


@dataclass(frozen=True)
class Instruments:
    """The assessment's rating scale and family questionnaire in force (asked once from the service)."""

    scale_version: str
    scale_domains: list[str]
    questionnaire_version: str
    questionnaire_items: list[str]

    @classmethod
    async def fetch(cls, actor: Actor) -> Instruments:
        inst = await actor.get("assessment", "/v1/instruments")
        scale, quest = inst["scales"][0], inst["questionnaires"][0]
        return cls(scale_version=scale["version"], scale_domains=list(scale["domains"]),
                   questionnaire_version=quest["version"], questionnaire_items=[i["id"] for i in quest["items"]])


@dataclass(frozen=True)
class Ratings:
    """One assessment: the specialists' ratings per scale domain and the family's questionnaire answers."""

    ratings: dict[str, int]
    answers: dict[str, int]


@dataclass
class Journey:
    """One child's certificate driven by its organisation's provider staff, and what was done for it."""

    provider: Actor
    certificate_id: str
    organisation_id: str
    child: Child
    instruments: Instruments
    rng: random.Random
    reservations: int = 0  # reservation requests sent (a rejected one is followed by another)
    start: date | None = None
    end: date | None = None
    baseline: Ratings | None = None
    batch_ids: list[str] = field(default_factory=list)  # one per journal day recorded

    @property
    def ends_early(self) -> bool:
        return self.child.terminate_day is not None

    # --- reservation and start -------------------------------------------------------------------------------
    async def reserve(self, form: str | None = None, companion: bool | None = None) -> None:
        """Ask for the organisation the family chose (by default the child's form and companion)."""
        self.reservations += 1
        await self.provider.post("certificates", f"/v1/certificates/{self.certificate_id}/reservation", {
            "organisation_id": self.organisation_id, "form": self.child.form if form is None else form,
            "companion": self.child.companion if companion is None else companion})

    def draw_start(self) -> date:
        """The course's first day, a few days after the MSE decision."""
        self.start = self.child.decided_on + timedelta(days=self.rng.randint(*START_AFTER_DECISION))
        return self.start

    async def start_course(self) -> None:
        await self.provider.post("certificates", f"/v1/certificates/{self.certificate_id}/course/start",
                                 {"start_date": self._start().isoformat()})

    # --- assessments -------------------------------------------------------------------------------------------
    def draw_baseline(self) -> Ratings:
        """The child's state at the start: ratings 1-3 (some limitation) and a mostly unfavourable questionnaire."""
        inst = self.instruments
        ratings = {d: self.rng.randint(1, 3) for d in inst.scale_domains}
        self.baseline = Ratings(ratings, {i: self.rng.randint(0, 1) for i in inst.questionnaire_items})
        return self.baseline

    def draw_control(self, improved: bool) -> Ratings:
        """At the end: an improved child is rated lower (better) in most domains and the family answers well."""
        assert self.baseline is not None, "the control assessment compares with the baseline"
        inst = self.instruments
        better = {d: max(0, v - (1 if self.rng.random() < 0.8 else 0)) for d, v in self.baseline.ratings.items()}
        ratings = better if improved else dict(self.baseline.ratings)
        answers = {i: (self.rng.randint(2, 3) if improved else self.rng.randint(0, 1))
                   for i in inst.questionnaire_items}
        return Ratings(ratings, answers)

    async def put_ratings(self, phase: Phase, ratings: Ratings) -> None:
        await self.provider.put("assessment", f"/v1/courses/{self.certificate_id}/ratings/{phase}", {
            "scale_version": self.instruments.scale_version, "ratings": ratings.ratings,
            "assessed_on": self._on(phase).isoformat()})

    async def put_questionnaire(self, phase: Phase, ratings: Ratings) -> None:
        await self.provider.put(
            "assessment", f"/v1/courses/{self.certificate_id}/questionnaire/{QUESTIONNAIRE_MOMENT[phase]}", {
                "questionnaire_version": self.instruments.questionnaire_version, "answers": ratings.answers,
                "answered_on": self._on(phase).isoformat()})

    async def rate(self, phase: Phase, ratings: Ratings) -> None:
        await self.put_ratings(phase, ratings)
        await self.put_questionnaire(phase, ratings)

    # --- the course --------------------------------------------------------------------------------------------
    async def record_journal(self, plan: list[dict[str, Any]], age: int, days_kept: int | None = None) -> None:
        """The course's journal day by day from the estimate's plan, up to the last day (or the early end, or
        the first ``days_kept`` days: a course still running)."""
        start = self._start()
        days = schedule(plan, start, self.rng)
        refusals = [self.child.refusals]
        last = COURSE_DAYS if self.child.terminate_day is None else self.child.terminate_day
        for day in range(last if days_kept is None else min(last, days_kept)):
            if not days[day]:
                continue
            entries = entries_for_day(days[day], start + timedelta(days=day), age, refusals,
                                      team=self.certificate_id[-6:])
            batch_id = str(uuid.uuid4())
            await self.provider.post("assessment", f"/v1/courses/{self.certificate_id}/activities",
                                     {"batch_id": batch_id, "entries": entries})
            self.batch_ids.append(batch_id)

    def last_day(self) -> date:
        """The course's end: its 21st day, or the day of the early end."""
        self.end, _ = course_dates(self._start(), self.child.terminate_day)
        return self.end

    async def finish(self) -> str:
        """Complete the course, or terminate it early with the family's reason; how it ended."""
        cid, end = self.certificate_id, self.last_day().isoformat()
        if not self.ends_early:
            await self.provider.post("certificates", f"/v1/certificates/{cid}/course/complete", {"end_date": end})
            return "completed"
        await self.provider.post("certificates", f"/v1/certificates/{cid}/course/terminate",
                                 {"end_date": end, "reason": self.child.terminate_reason})
        return "terminated_early"

    async def submit_protocol(self) -> None:
        await self.provider.post("assessment", f"/v1/courses/{self.certificate_id}/protocol", {})

    # --- what the provider reads back (None: not there yet) ------------------------------------------------------
    async def costs(self) -> dict[str, Any] | None:
        """The certificate's costs once an estimate is there."""
        costs = await self._found("costing", f"/v1/certificates/{self.certificate_id}/costs")
        return costs if costs and costs["estimates"] else None

    async def course(self) -> dict[str, Any] | None:
        """The assessment's course case, once opened."""
        return await self._found("assessment", f"/v1/courses/{self.certificate_id}")

    async def course_closed(self) -> bool:
        course = await self.course()
        return bool(course and course["state"] == "closed")

    async def _found(self, service: str, path: str) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = await self.provider.get(service, path)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return found

    def _start(self) -> date:
        assert self.start is not None, "draw_start() comes first"
        return self.start

    def _on(self, phase: Phase) -> date:
        day = self.start if phase == "baseline" else self.end
        assert day is not None, "the baseline is taken on the first day, the control on the last"
        return day
