"""One child's journey (kria_cli.journey) against a recording provider: what it asks of the services, in order."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from kria_cli.demo.population import Child
from kria_cli.journey import Instruments, Journey
from kria_cli.journey.journal import COURSE_DAYS

PLAN: list[dict[str, Any]] = [
        {"direction": "psychology", "activity_type": "diagnostics_primary", "delivery": "individual", "planned": 1},
        {"direction": "psychology", "activity_type": "correction", "delivery": "individual", "planned": 8},
        {"direction": "psychology", "activity_type": "diagnostics_control", "delivery": "individual", "planned": 1}]
INSTRUMENTS = Instruments("icf-7-v1", ["d1", "d2", "d3"], "q-1", ["i1", "i2"])


class Provider:
    """Records each call as (method, service, path, body)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, Any]] = []

    async def post(self, service: str, path: str, body: Any = None, **_: Any) -> Any:
        self.calls.append(("POST", service, path, body))

    async def put(self, service: str, path: str, body: Any = None, **_: Any) -> Any:
        self.calls.append(("PUT", service, path, body))


def child(terminate_day: int | None = None) -> Child:
    return Child(row=1, region="66", municipality="Екатеринбург", group="1", subgroup="1.1",
                 birth_date=date(2016, 3, 1), decided_on=date(2026, 9, 1), established_on=date(2026, 8, 1),
                 snils="", sex="М", first="", last="", patronymic="", form="inpatient", companion=True,
                 terminate_day=terminate_day, terminate_reason="child_health" if terminate_day else None)


async def journey_of(c: Child, seed: str = "7-1") -> tuple[Journey, Provider]:
    provider = Provider()
    j = Journey(provider, "cert-000001", "org-1", c, INSTRUMENTS, random.Random(seed))  # type: ignore[arg-type]
    await j.reserve()
    j.draw_start()
    await j.start_course()
    await j.rate("baseline", j.draw_baseline())
    await j.record_journal(PLAN, age=10)
    await j.finish()
    await j.rate("control", j.draw_control(improved=True))
    await j.submit_protocol()
    return j, provider


async def test_a_journey_reserves_the_familys_choice_and_ends_with_the_protocol() -> None:
    j, provider = await journey_of(child())
    assert provider.calls[0] == ("POST", "certificates", "/v1/certificates/cert-000001/reservation",
                                 {"organisation_id": "org-1", "form": "inpatient", "companion": True})
    assert provider.calls[-1] == ("POST", "assessment", "/v1/courses/cert-000001/protocol", {})
    assert j.reservations == 1


async def test_a_full_course_records_every_planned_activity_and_completes_on_its_last_day() -> None:
    j, provider = await journey_of(child())
    batches = [body for method, _, path, body in provider.calls if path.endswith("/activities")]
    assert [b["batch_id"] for b in batches] == j.batch_ids
    assert sum(len(b["entries"]) for b in batches) == sum(int(p["planned"]) for p in PLAN)
    assert j.start is not None and j.end is not None and (j.end - j.start).days == COURSE_DAYS - 1
    assert ("POST", "certificates", "/v1/certificates/cert-000001/course/complete",
            {"end_date": j.end.isoformat()}) in provider.calls


async def test_a_course_ending_early_journals_no_day_after_its_end_and_gives_the_reason() -> None:
    j, provider = await journey_of(child(terminate_day=4))
    days = {e["on"] for _, _, path, body in provider.calls if path.endswith("/activities") for e in body["entries"]}
    assert j.end is not None and max(days) <= j.end.isoformat()
    assert ("POST", "certificates", "/v1/certificates/cert-000001/course/terminate",
            {"end_date": j.end.isoformat(), "reason": "child_health"}) in provider.calls


async def test_the_control_of_an_improved_child_is_never_worse_than_its_baseline_and_dated_its_last_day() -> None:
    j, provider = await journey_of(child())
    ratings = {path.rsplit("/", 1)[1]: body for method, _, path, body in provider.calls if "/ratings/" in path}
    assert set(ratings) == {"baseline", "control"}
    assert all(ratings["control"]["ratings"][d] <= v for d, v in ratings["baseline"]["ratings"].items())
    assert j.end is not None and ratings["control"]["assessed_on"] == j.end.isoformat()
    answers = [body for _, _, path, body in provider.calls if "/questionnaire/" in path]
    assert [a["questionnaire_version"] for a in answers] == ["q-1", "q-1"]


async def test_the_same_seed_replays_the_same_journey() -> None:
    def without_batch_ids(calls: list[tuple[str, str, str, Any]]) -> list[Any]:
        return [(m, s, p, {k: v for k, v in (b or {}).items() if k != "batch_id"}) for m, s, p, b in calls]

    first, second, other = [await journey_of(child(), seed) for seed in ("7-1", "7-1", "8-1")]
    assert without_batch_ids(first[1].calls) == without_batch_ids(second[1].calls)
    assert without_batch_ids(first[1].calls) != without_batch_ids(other[1].calls)
