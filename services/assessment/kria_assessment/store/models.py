"""The assessment service's own tables (SQLite or PostgreSQL), one row per fact a provider or event gave us."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from kria_shared.columns import utc_column


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp() -> Any:
    return Field(default_factory=_now, sa_column=utc_column(nullable=False))


class CourseRow(SQLModel, table=True):
    """A course case, as opened by CourseStarted (course id == certificate id)."""

    __tablename__ = "assessment_course"
    certificate_id: str = Field(primary_key=True)
    organisation_id: str = Field(index=True)
    target_group: str
    age_years: int
    form: str
    companion: bool
    start_date: date
    planned_end_date: date
    estimate_id: str
    plan: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    # the MSE's baseline (life-activity category -> degree 0-3) from CourseStarted; {} when not given
    mse_limitations: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    revision: int = 0  # bumped by every write on the course: serialises journal, ratings and protocol
    opened_at: datetime = _stamp()


class ClosureRow(SQLModel, table=True):
    """The course end (CourseCompleted / CourseTerminatedEarly); kept apart so it may arrive in any order."""

    __tablename__ = "assessment_course_closure"
    certificate_id: str = Field(primary_key=True)
    outcome: str
    end_date: date
    days_used: int
    reason: str | None = None
    reason_text: str | None = None
    closed_at: datetime = _stamp()


class BatchRow(SQLModel, table=True):
    """One accepted journal call; its id makes a retried call record once."""

    __tablename__ = "assessment_journal_batch"
    batch_id: str = Field(primary_key=True)
    certificate_id: str = Field(index=True)
    organisation_id: str
    request_sha256: str  # the batch content, to tell a retry from a reused id
    entries: int
    recorded_at: datetime = _stamp()


class EntryRow(SQLModel, table=True):
    __tablename__ = "assessment_journal_entry"
    entry_id: str = Field(primary_key=True)
    batch_id: str = Field(index=True)
    certificate_id: str = Field(index=True)
    seq: int  # position in its batch
    direction: str
    activity_type: str
    delivery: str
    activity_date: date
    minutes: int
    specialist: str
    status: str
    missed_reason: str | None = None
    missed_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_at: datetime = _stamp()


class RatingRow(SQLModel, table=True):
    __tablename__ = "assessment_rating"
    certificate_id: str = Field(primary_key=True)
    stage: str = Field(primary_key=True)  # baseline | control
    scale_version: str
    ratings: dict[str, int] = Field(sa_column=Column(JSON, nullable=False))
    assessed_on: date
    recorded_at: datetime = _stamp()


class QuestionnaireRow(SQLModel, table=True):
    __tablename__ = "assessment_questionnaire"
    certificate_id: str = Field(primary_key=True)
    stage: str = Field(primary_key=True)  # before | after
    questionnaire_version: str
    answers: dict[str, int] = Field(sa_column=Column(JSON, nullable=False))
    answered_on: date
    total: int
    max_total: int
    recorded_at: datetime = _stamp()


class ProtocolRow(SQLModel, table=True):
    """The frozen protocol: the canonical (RFC 8785) document exactly as hashed and published."""

    __tablename__ = "assessment_protocol"
    certificate_id: str = Field(primary_key=True)
    protocol_id: str = Field(unique=True)
    sha256: str
    canonical: str = Field(sa_column=Column(Text, nullable=False))
    submitted_at: datetime = _stamp()
    # The ProtocolSubmitted payload frozen with the document; published once the organisation's head signs it.
    event: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    signature: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # base64 of the DER CMS
    signed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    signed_by: str | None = None  # the head's token subject


TABLES: list[type[SQLModel]] = [CourseRow, ClosureRow, BatchRow, EntryRow, RatingRow, QuestionnaireRow, ProtocolRow]
