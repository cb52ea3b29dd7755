"""The demo's bureau against a fake signing API: it finishes, and a lost conclusion ends it instead of a hang."""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import Any

from kria_cli.demo.scenario import Region, _reason_text, bureau_work
from kria_cli.journey import Instruments


class FakeSigning:
    """GET lists the conclusions; PUT reason / POST sign move one on (signed conclusions are submitted at once)."""

    def __init__(self, states: dict[str, str]) -> None:
        self.states = states
        self.reasons: list[str] = []

    async def get(self, service: str, path: str, **_: Any) -> Any:
        if path.startswith("/v1/conclusions?"):
            offset = int(path.rsplit("offset=", 1)[1])
            items = [{"conclusion_id": k, "state": v} for k, v in self.states.items()]
            return {"items": items[offset:]}
        return {"criteria": [{"number": 1, "code": "dynamics_of_ratings", "points": 0},
                             {"number": 2, "code": "questionnaire", "points": 1}]}

    async def put(self, service: str, path: str, body: Any = None, **_: Any) -> Any:
        self.reasons.append(body["text"])
        self.states[path.split("/")[3]] = "ready_to_sign"

    async def post(self, service: str, path: str, body: Any = None, **_: Any) -> Any:
        self.states[path.split("/")[3]] = "submitted"


def region(api: FakeSigning) -> Region:
    return Region(sfr=api, expert=api, head=api, providers={}, rng=random.Random(0),  # type: ignore[arg-type]
                  instruments=Instruments("", [], "", []))


async def test_the_bureau_reasons_signs_and_returns_when_all_are_submitted() -> None:
    api = FakeSigning({"c1": "awaiting_reason", "c2": "ready_to_sign", "c3": "submitted"})
    r = region(api)
    stop = asyncio.Event()
    stop.set()
    assert await asyncio.wait_for(bureau_work(r, 3, stop, idle_s=5), timeout=10) is True
    assert set(api.states.values()) == {"submitted"} and r.errors == []
    # The expert's text names the criteria by their codes (not by list positions).
    assert len(api.reasons) == 1
    assert api.reasons[0].endswith("{'dynamics_of_ratings': 0, 'questionnaire': 1}")


async def test_a_lost_conclusion_ends_the_bureau_with_an_error_instead_of_waiting_forever() -> None:
    api = FakeSigning({"c1": "submitted"})  # two courses finished; one protocol never reached the bureau
    r = region(api)
    stop = asyncio.Event()
    stop.set()
    assert await asyncio.wait_for(bureau_work(r, 2, stop, idle_s=1.0), timeout=10) is False
    assert len(r.errors) == 1 and "1 of 2 conclusions submitted" in r.errors[0]


async def test_no_deadline_while_courses_are_still_running() -> None:
    api = FakeSigning({})
    r = region(api)
    task = asyncio.create_task(bureau_work(r, 0, asyncio.Event(), idle_s=0.2))
    await asyncio.sleep(1.0)
    assert not task.done() and r.errors == []  # nothing to do yet is not a stall
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def test_reason_text_without_criteria() -> None:
    assert _reason_text({}) == "Эксперт: недостаточная динамика по критериям {}"
