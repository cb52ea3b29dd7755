"""Events consumed from kria.certificates.v1: a course case opens on CourseStarted and closes on its end.

Events of one certificate share a partition, so the start normally precedes the end; the case is still
stored tolerantly (the end is kept on its own) and re-sent events change nothing.
"""

from __future__ import annotations

import logging

from kria_assessment.domain.course import Outcome
from kria_assessment.store import courses
from kria_shared.contracts.certificates import CourseCompleted, CourseStarted, CourseTerminatedEarly
from kria_shared.envelope import Envelope
from kria_shared.handler_table import HandlerTable
from kria_shared.uow import UnitOfWork

log = logging.getLogger("kria.assessment.handlers")


async def on_course_started(uow: UnitOfWork, envelope: Envelope, payload: CourseStarted) -> None:
    if not await courses.open_case(uow.session, payload):
        log.info("course case already open; re-sent CourseStarted ignored", extra={"event_id": str(envelope.event_id)})


async def on_course_completed(uow: UnitOfWork, envelope: Envelope, payload: CourseCompleted) -> None:
    await courses.close_case(uow.session, payload.certificate_id, Outcome.COMPLETED, payload.end_date,
                             payload.days_used)


async def on_course_terminated_early(uow: UnitOfWork, envelope: Envelope, payload: CourseTerminatedEarly) -> None:
    await courses.close_case(uow.session, payload.certificate_id, Outcome.TERMINATED_EARLY, payload.end_date,
                             payload.days_used, payload.reason, payload.reason_text)


# Only these three certificate events matter here; the consumer ignores the rest.
HANDLERS: HandlerTable = {
    CourseStarted: on_course_started,
    CourseCompleted: on_course_completed,
    CourseTerminatedEarly: on_course_terminated_early,
}
