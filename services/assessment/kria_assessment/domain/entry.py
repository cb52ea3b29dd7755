"""One journal line as a provider sends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason


class EntryStatus(StrEnum):
    DELIVERED = "delivered"
    MISSED = "missed"


@dataclass(frozen=True)
class EntryDraft:
    """One journal line as the provider sent it. A missed activity may carry its planned minutes (or 0)."""

    direction: Direction
    activity_type: ActivityType
    delivery: Delivery
    on: date
    minutes: int
    specialist: str
    status: EntryStatus
    missed_reason: MissReason | None = None
    missed_text: str | None = None
