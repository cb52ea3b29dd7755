"""The one dependencies object every use case and router builder of a service receives (issue 13, item 3).

Built once by the composition root from the runtime (``runtime.deps(config)``); a use case opens its own unit
of work from ``uows`` (routes never do), reads the time from ``clock`` and the versioned ``config`` of its
service. Work to do after a commit goes through the unit of work's ``after_commit`` (the kit's one mechanism).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from kria_shared.clock import Clock, today_moscow
from kria_shared.db import Database
from kria_shared.uow import UnitOfWorkFactory

ConfigT = TypeVar("ConfigT")


@dataclass(frozen=True)
class ServiceDeps(Generic[ConfigT]):
    db: Database
    uows: UnitOfWorkFactory
    clock: Clock
    config: ConfigT

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        """The pilot's reporting day: dates of activities, decisions and acts are Moscow dates."""
        return today_moscow(self.clock)
