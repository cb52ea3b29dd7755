"""Events of the assessment service (topic kria.assessment.v1, key = certificate id)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason, MseLimitations, Payload


class JournalEntry(Payload):
    entry_id: str
    direction: Direction
    activity_type: ActivityType
    delivery: Delivery
    on: date
    minutes: int = Field(ge=0)
    specialist: str
    status: Literal["delivered", "missed"]
    missed_reason: MissReason | None = None
    missed_text: str | None = None  # no longer filled (free text stays in the assessment service; issue 20)


class ActivitiesRecorded(Payload):
    """A batch of journal entries (a provider's call, typically a day of 6-10 entries)."""

    certificate_id: str
    organisation_id: str
    batch_id: str
    entries: list[JournalEntry]


class DirectionSummary(Payload):
    direction: Direction
    required: bool
    planned: int
    min: int
    max: int
    delivered: int
    missed: int


class DomainRating(Payload):
    domain: str
    baseline: int
    control: int | None  # None: no control rating (a course that ended early before it was taken)


class ProtocolSubmitted(Payload):
    certificate_id: str
    protocol_id: str
    organisation_id: str
    target_group: str
    age_years: int
    outcome: Literal["completed", "terminated_early"]
    directions: list[DirectionSummary]
    planned_total: int
    delivered_total: int
    missed_by_reason: dict[str, int]
    scale_version: str
    lower_is_better: bool = True
    ratings: list[DomainRating]
    questionnaire_version: str
    parental_before: int
    parental_after: int | None  # None: no after-questionnaire (a course that ended early before it)
    parental_max: int
    journal_entries: int
    protocol_sha256: str
    notes: str | None = None  # no longer filled: the notes are in the document protocol_sha256 names (issue 20)
    # The organisation's signature of its protocol (additive: a producer that predates it sends neither, and
    # signing refuses such a protocol as unsigned). The exact RFC 8785 bytes that were hashed and signed, as text,
    # and the head's detached CAdES-BES (GOST) CMS over them, base64 of the DER.
    protocol_document: str | None = None
    organisation_signature: str | None = None
    countable_total: int | None = Field(
        None, ge=0, description="delivered activities as the plan allows them (per line at most its planned count): "
                                "what the count criterion counts; absent: older protocols")
    mse_limitations: MseLimitations | None = Field(
        None, description="the MSE's degree of limitation (0-3) per life-activity category, from the certificate: "
                          "the domains impaired at baseline; absent: not given")


EVENTS: dict[str, type[Payload]] = {
    "ActivitiesRecorded": ActivitiesRecorded,
    "ProtocolSubmitted": ProtocolSubmitted,
}
