"""Who may act on a course: a provider only on its own organisation's courses (the refusals of authorisation)."""

from __future__ import annotations

from kria_assessment.domain.course import Course
from kria_shared.errors import Forbidden, NotFound

# Who may list an organisation's courses: its staff (who keep the journals) and its head (who signs the protocols
# and so must find those awaiting signature). Either sees its own organisation's courses only.
COURSE_LISTERS = ("provider", "provider_head")  # role names, as tokens carry them


class NotOwned(NotFound):
    """Another organisation's course: answered as a missing one (404), but access-logged as a refused read."""


def provider_organisation(organisation_id: str | None) -> str:
    """The organisation a provider token acts for; a provider token without one is refused."""
    if not organisation_id:
        raise Forbidden("forbidden", "a provider token must name its organisation")
    return organisation_id


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
