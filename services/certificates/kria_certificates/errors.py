"""HTTP-facing errors of this service on top of the kit's (mapped to JSON bodies by the kit)."""

from __future__ import annotations

from kria_certificates.domain.course import CourseDateError
from kria_certificates.domain.lifecycle import IllegalTransition
from kria_shared.errors import Conflict, DomainError


def illegal(exc: IllegalTransition) -> Conflict:
    return Conflict("illegal_transition", str(exc), state=exc.state.value, command=exc.command.value,
                    allowed=[c.value for c in exc.allowed])


def bad_dates(exc: CourseDateError) -> DomainError:
    return DomainError(exc.code, str(exc), field=exc.field)
