"""HTTP request and response bodies. Unknown request fields are refused (422 naming them), not dropped."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from kria_assessment.domain.journal import EntryStatus
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason

MAX_BATCH_ENTRIES = 200  # a request-size guard, not a domain number (a day holds 6-10 entries)
Score = Annotated[StrictInt, Field(description="an integer; booleans and strings are refused")]
NO_CONTROL_CHARS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"  # PostgreSQL refuses NUL; the rest is never meaningful


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntryIn(_In):
    direction: Direction
    activity_type: ActivityType
    delivery: Delivery
    on: date = Field(description="the day the activity was held (or should have been, if missed)")
    minutes: StrictInt = Field(0, ge=0, description="duration held; for a missed activity 0 or the planned one")
    specialist: str = Field(min_length=1, max_length=120, pattern=NO_CONTROL_CHARS,
                            description="the specialist's staff code or position, not a person's name")
    status: EntryStatus = EntryStatus.DELIVERED
    missed_reason: MissReason | None = None
    missed_text: str | None = Field(None, max_length=1000, pattern=NO_CONTROL_CHARS)


class ActivitiesIn(_In):
    batch_id: uuid.UUID = Field(description="chosen by the client per call; a retry with the same id records once")
    entries: list[EntryIn] = Field(min_length=1, max_length=MAX_BATCH_ENTRIES)


class BatchOut(BaseModel):
    batch_id: str
    certificate_id: str
    duplicate: bool
    recorded: int
    entry_ids: list[str]


class RatingsIn(_In):
    scale_version: str = Field(max_length=100)
    ratings: dict[str, Score]
    assessed_on: date | None = Field(None, description="defaults to today (Moscow)")


class RatingsOut(BaseModel):
    certificate_id: str
    stage: str
    scale_version: str
    ratings: dict[str, int]
    assessed_on: date


class QuestionnaireIn(_In):
    questionnaire_version: str = Field(max_length=100)
    answers: dict[str, Score]
    answered_on: date | None = Field(None, description="defaults to today (Moscow)")


class QuestionnaireOut(BaseModel):
    certificate_id: str
    stage: str
    questionnaire_version: str
    answers: dict[str, int]
    answered_on: date
    total: int
    max_total: int


class ProtocolIn(_In):
    notes: str | None = Field(None, max_length=4000, pattern=NO_CONTROL_CHARS)


class ProtocolOut(BaseModel):
    certificate_id: str
    protocol_id: str
    sha256: str
    duplicate: bool
    document: dict[str, Any]


class ProtocolSignatureIn(_In):
    signature: str = Field(min_length=1, max_length=400_000, description="base64 of the DER detached CAdES-BES CMS")


class ProtocolSignatureOut(BaseModel):
    certificate_id: str
    protocol_id: str
    sha256: str
    signed_at: datetime
    duplicate: bool


class CourseBrief(BaseModel):
    certificate_id: str
    organisation_id: str
    target_group: str
    age_years: int
    form: str
    start_date: date
    planned_end_date: date
    state: str
    outcome: str | None
    end_date: date | None
    planned_total: int
    delivered_total: int
    protocol_submitted: bool
    protocol_signed: bool = False  # by the organisation's head


class CourseList(BaseModel):
    courses: list[CourseBrief]
    limit: int
    offset: int


class LineProgress(BaseModel):
    activity_type: str
    planned: int
    min: int
    max: int
    delivered: int
    missed: int
    status: str


class DirectionProgress(BaseModel):
    direction: str
    required: bool
    planned: int
    min: int
    max: int
    delivered: int
    missed: int
    status: str
    lines: list[LineProgress]


class Progress(BaseModel):
    """The journal against the plan (the shape the protocol document shares: domain.summary.summary_as_dict)."""

    planned_total: int
    delivered_total: int
    countable_total: int
    delivered_minutes: int
    journal_entries: int
    missed_by_reason: dict[str, int]
    directions: list[DirectionProgress]


class JournalEntryOut(BaseModel):
    entry_id: str
    batch_id: str
    direction: str
    activity_type: str
    delivery: str
    on: date
    minutes: int
    specialist: str
    status: str
    missed_reason: str | None
    missed_text: str | None


class RatingBrief(BaseModel):
    scale_version: str
    ratings: dict[str, int]
    assessed_on: date


class QuestionnaireBrief(BaseModel):
    questionnaire_version: str
    total: int
    max_total: int
    answered_on: date


class ProtocolRef(BaseModel):
    protocol_id: str
    sha256: str


class CourseDetail(CourseBrief):
    companion: bool
    days_used: int | None
    termination_reason: str | None
    allowed: list[str]
    missing_for_protocol: list[str]
    progress: Progress
    journal: list[JournalEntryOut]
    ratings: dict[str, RatingBrief | None]
    questionnaire: dict[str, QuestionnaireBrief | None]
    protocol: ProtocolRef | None


class ScaleOut(BaseModel):
    version: str
    title: str
    domains: list[str]
    min_value: int
    max_value: int
    lower_is_better: bool


class QuestionnaireItemOut(BaseModel):
    id: str
    text: str


class QuestionnaireOutline(BaseModel):
    version: str
    title: str
    min_score: int
    max_score: int
    max_total: int
    items: list[QuestionnaireItemOut]


class AgeBand(BaseModel):
    age_from: int
    age_to: int


class DurationRuleOut(BaseModel):
    name: str
    activity_types: list[str]
    delivery: str | None
    age_from: int | None
    age_to: int | None
    min_minutes: int
    max_minutes: int


class JournalRulesOut(BaseModel):
    version: str
    directions: dict[str, AgeBand]
    durations: list[DurationRuleOut]
    baseline_window_days: int
    control_window_days: int


class InstrumentsOut(BaseModel):
    scales: list[ScaleOut]
    questionnaires: list[QuestionnaireOutline]
    journal_rules: JournalRulesOut
