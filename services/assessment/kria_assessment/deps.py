"""What the use cases need from the process: transactions, the clock and the versioned configuration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kria_assessment.config import AssessmentConfig
from kria_assessment.domain.course import Course
from kria_shared.clock import Clock, today_moscow
from kria_shared.errors import NotFound
from kria_shared.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Deps:
    uows: UnitOfWorkFactory
    clock: Clock
    config: AssessmentConfig

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        """Activities and assessments are dated in Moscow time (the pilot's reporting day)."""
        return today_moscow(self.clock)


class NotOwned(NotFound):
    """Another organisation's course: answered as a missing one (404), but access-logged as a refused read."""


def owned(course: Course | None, certificate_id: str, organisation_id: str | None) -> Course:
    """The course, if it exists here and (for a provider) belongs to the caller's organisation.

    Another organisation's course answers 404 like a missing one: its existence is not disclosed.
    ``organisation_id=None`` means a caller that may read any course (the MSE bureau's roles).
    """
    if course is None:
        raise NotFound("course", certificate_id)
    if organisation_id is not None and course.organisation_id != organisation_id:
        raise NotOwned("course", certificate_id)
    return course
