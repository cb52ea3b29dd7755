"""The kit's one error vocabulary, and how a failure is classified.

Refusals (``DomainError`` and its kinds) are permanent: over HTTP they answer 4xx with
``{"error": code, "message": ..., "details": {...}}``; in a consumer the record goes to the DLQ with the code
as its reason. ``TransientError`` (and ``Unavailable``) is infrastructure trouble: retried, never dropped, 503
over HTTP. ``is_transient`` decides for any exception, the driver's and the broker's included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiokafka.errors import KafkaError, KafkaTimeoutError, KafkaUnavailableError, ProducerClosed
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, ProgrammingError


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
    """A rule of the domain refused the command (422). ``code`` is a stable machine-readable reason."""

    reason = "domain_refusal"
    http_status = 422

    def __init__(self, code: str, message: str = "", **details: Any) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.details = details


class InvalidData(DomainError):
    """The data sent cannot be accepted as it is (422); ``field`` names what is wrong."""

    def __init__(self, code: str, message: str = "", *, field: str | None = None, **details: Any) -> None:
        super().__init__(code, message, **({"field": field} if field is not None else {}), **details)


class NotFound(DomainError):
    http_status = 404

    def __init__(self, what: str, ident: str) -> None:
        super().__init__("not_found", f"{what} {ident} not found", what=what, id=ident)


class Forbidden(DomainError):
    """Authenticated, but this caller may not act on this resource (403)."""

    http_status = 403


class Conflict(DomainError):
    """An illegal transition or a state clash (409): the body names the current state and the allowed actions."""

    http_status = 409

    def __init__(self, code: str, message: str = "", *, state: str | None = None,
                 allowed: Sequence[str] | None = None, **details: Any) -> None:
        if state is not None:
            details = {"state": state, **details}
        if allowed is not None:
            details["allowed"] = list(allowed)
        super().__init__(code, message, **details)
        self.state = state
        self.allowed = list(allowed) if allowed is not None else None


class TransientError(Exception):
    """Infrastructure trouble worth retrying (database or broker unavailable)."""


class Unavailable(TransientError):
    """A dependency cannot answer now (503 over HTTP; a consumer retries the record, never dead-letters it)."""

    http_status = 503

    def __init__(self, code: str = "unavailable", message: str = "", **details: Any) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.details = details


def dead_letter_reason(exc: BaseException) -> str:
    """The ``dlq_reason`` of a record that failed with ``exc``: the refusal's code, else the failure's kind.

    The consumer and the broker middleware both ask this one function, so one poison record is named alike
    whichever path dead-letters it.
    """
    if isinstance(exc, DomainError):
        return exc.code
    if isinstance(exc, PermanentError):
        return exc.reason
    return f"handler_error:{type(exc).__name__}"


TRANSIENT = (TransientError, OperationalError, DBAPIError, ConnectionError, TimeoutError, OSError)
# aiokafka's errors derive from RuntimeError, not OSError; these are a broker blip, not a bad record
# (KafkaTimeoutError is not flagged ``retriable`` by aiokafka, yet a retry is exactly what it needs).
KAFKA_TRANSIENT = (KafkaTimeoutError, KafkaUnavailableError, ProducerClosed)

# SQLSTATE classes the same statement can never get past: 22 data exception (a NUL or a character the
# encoding lacks, a value out of range), 23 integrity constraint violation. asyncpg's DataError reaches us
# as a bare DBAPIError, which would otherwise count as "database down" (503 forever, endless redelivery).
PERMANENT_SQLSTATE_CLASSES = ("22", "23")


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error (the driver's, wrapped by SQLAlchemy or not), if it has one."""
    orig = getattr(exc, "orig", None)
    for candidate in (exc, orig, getattr(orig, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str) and code:
            return code
    return None


def is_invalid_data(exc: BaseException) -> bool:
    """The database refused a value itself (SQLSTATE class 22): the caller's input, not an outage."""
    return isinstance(exc, DataError) or (sqlstate(exc) or "").startswith("22")


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, PermanentError | IntegrityError | DataError | ProgrammingError):
        return False  # retrying cannot help: the data or the statement is wrong
    if (sqlstate(exc) or "")[:2] in PERMANENT_SQLSTATE_CLASSES:
        return False
    if isinstance(exc, KafkaError):
        return bool(exc.retriable) or isinstance(exc, KAFKA_TRANSIENT)
    return isinstance(exc, TRANSIENT)
