"""Decisions held for want of their year's pilot region list: what is waiting, and taking them up.

Run at start-up, by the periodic sweep and on the operator's command: once the year's list is configured
(a new config and a restart), each held decision is decided as if it had just arrived, in its own transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kria_certificates import metrics
from kria_certificates.domain.access import Actor
from kria_certificates.domain.outcomes import HoldCode
from kria_certificates.store import repository as store
from kria_certificates.usecases import Deps
from kria_certificates.usecases.intake.conflicts import retry_on_conflict
from kria_certificates.usecases.intake.decisions import DecisionIntake

log = logging.getLogger("kria.certificates.held")
HELD_SWEEP = Actor("system", "held-decisions-sweep")
BATCH = 200


@dataclass(frozen=True)
class HeldStatus:
    by_year: dict[int, int]
    config_version: str

    def as_json(self) -> dict[str, object]:
        held = sum(self.by_year.values())
        body: dict[str, object] = {"held": held, "by_year": {str(y): n for y, n in sorted(self.by_year.items())},
                                   "pilot_regions_version": self.config_version}
        if held:
            years = ", ".join(str(y) for y in sorted(self.by_year))
            body["error"] = HoldCode.PILOT_REGIONS_NOT_CONFIGURED.value
            body["message"] = (f"Решения МСЭ ({held}) ожидают: не настроен перечень пилотных регионов на {years} год. "
                               "Добавьте его в pilot_regions.yaml и перезапустите сервис: решения будут "
                               "рассмотрены автоматически.")
        return body


async def held_status(deps: Deps) -> HeldStatus:
    async with deps.db.session() as session:
        return HeldStatus(await store.held_by_year(session), deps.config.pilot.version)


async def take_up_held(deps: Deps, actor: Actor = HELD_SWEEP) -> int:
    """Decide every held decision whose year is now configured; the number decided."""
    intake = DecisionIntake(deps.config, deps.clock)
    async with deps.db.session() as session:
        ids = await store.held_ids(session, BATCH)
    decided = 0
    for decision_id in ids:
        async def attempt(decision_id: str = decision_id) -> bool:
            async with deps.uows() as uow:
                held = await store.held_decision(uow.session, decision_id)
                return held is not None and await intake.retake(uow, held, actor) is not None

        if await retry_on_conflict(attempt):
            decided += 1
    status = await held_status(deps)
    metrics.set_held(status.by_year)
    if decided:
        log.info("held MSE decisions taken up: %s", decided)
    if status.by_year:
        log.warning("MSE decisions still held: no pilot region list configured for %s (config %s)",
                    ", ".join(f"{y}: {n}" for y, n in sorted(status.by_year.items())), status.config_version)
    return decided
