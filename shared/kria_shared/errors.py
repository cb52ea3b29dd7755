"""Error classes shared by every service.

Consumers sort failures into *permanent* (the message can never succeed: it goes to the DLQ) and
*transient* (the infrastructure is down: retry with backoff, never drop). HTTP maps the domain ones
to clear 4xx answers.
"""

from __future__ import annotations

from typing import Any


class PermanentError(Exception):
    """A message that can never be processed as sent (bad shape, unknown type, domain refusal)."""

    reason = "permanent_error"


class UnknownEventType(PermanentError):
    reason = "unknown_event_type"


class MalformedMessage(PermanentError):
    reason = "malformed_message"


class UnsupportedEventVersion(PermanentError):
    """A known event type in a version this consumer cannot read: parsed as another version it would be misread."""

    reason = "unsupported_version"

    def __init__(self, event_type: str, version: int) -> None:
        super().__init__(f"{event_type} version {version} is not supported")
        self.event_type = event_type
        self.version = version


class DomainError(PermanentError):
    """A rule of the domain refused the command. ``code`` is a stable machine-readable reason."""

    reason = "domain_refusal"
    http_status = 422

    def __init__(self, code: str, message: str = "", **details: Any) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.details = details


class NotFound(DomainError):
    http_status = 404

    def __init__(self, what: str, ident: str) -> None:
        super().__init__("not_found", f"{what} {ident} not found", what=what, id=ident)


class Forbidden(DomainError):
    """Authenticated, but this caller may not act on this resource (403)."""

    http_status = 403


class Conflict(DomainError):
    """An illegal transition or a state clash: answered 409 with the current state and allowed actions."""

    http_status = 409


class TransientError(Exception):
    """Infrastructure trouble worth retrying (database or broker unavailable)."""
