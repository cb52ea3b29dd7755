"""What costing holds of one course, and when it is due for settlement.

Three pieces come from two topics in any relative order: the start (with the estimate), the end
(completed or terminated early) and the protocol. Settlement is due once all three are held, and happens
once: after it, late or repeated pieces change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

Outcome = Literal["completed", "terminated_early"]


@dataclass(frozen=True)
class CourseEnd:
    outcome: Outcome
    end_date: date
    days_used: int


@dataclass(frozen=True)
class CourseProgress:
    estimate_id: str | None = None
    end: CourseEnd | None = None
    protocol_id: str | None = None
    settled: bool = False

    def started(self, estimate_id: str) -> CourseProgress:
        return self if self.settled else replace(self, estimate_id=estimate_id)

    def ended(self, end: CourseEnd) -> CourseProgress:
        """The first end reported counts (a repeated report of the end changes nothing)."""
        return self if self.settled or self.end is not None else replace(self, end=end)

    def protocol_submitted(self, protocol_id: str) -> CourseProgress:
        return self if self.settled or self.protocol_id is not None else replace(self, protocol_id=protocol_id)

    @property
    def due(self) -> bool:
        return not self.settled and None not in (self.estimate_id, self.end, self.protocol_id)

    def settle(self) -> CourseProgress:
        if not self.due:
            raise ValueError("a course is settled once, when its start, end and protocol are all held")
        return replace(self, settled=True)
