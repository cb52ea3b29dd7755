"""Events of the certificates service (topic kria.certificates.v1, key = certificate id).

No personal data: the child appears as a pseudonymous ``child_id``; SNILS, names and the birth date
stay in the certificates store.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from kria_shared.contracts.common import Kopecks, MissReason, MseLimitations, Payload, PlanLine, ServiceForm

AgeBand = Literal["до 14", "14-17"]


class TargetGroups(Payload):
    main: str = Field(description="ЦРГ code, e.g. '6.6' or '5'")
    additional: list[str] = Field(default_factory=list, max_length=2)


class CertificateIssued(Payload):
    certificate_id: str
    child_id: str
    region: str
    municipality: str
    target_groups: TargetGroups
    age_years: int
    decided_on: date
    disability_established_on: date
    valid_until: date
    face_values_kopecks: dict[ServiceForm, Kopecks]
    value_table_version: str
    mse_limitations: MseLimitations | None = Field(
        None, description="the MSE's degree of limitation (0-3) per life-activity category; absent: not given")


class DecisionRefused(Payload):
    """An MSE decision that did not become a certificate; subject = the decision's pseudonymous id."""

    decision_id: str
    region: str
    outcome: Literal["refused", "invalid"]
    code: str


class ReservationRequested(Payload):
    certificate_id: str
    organisation_id: str
    region: str
    target_group: str
    age_years: int  # on the decision date: it governs the whole validity (a child may be 18 by now)
    form: ServiceForm
    companion: bool
    days: int = 21
    value_kopecks: Kopecks


class ReservationConfirmed(Payload):
    certificate_id: str
    organisation_id: str
    estimate_id: str
    estimate_kopecks: Kopecks
    value_kopecks: Kopecks


class ReservationRejected(Payload):
    certificate_id: str
    organisation_id: str
    reason: str


class ReservationCancelled(Payload):
    certificate_id: str
    organisation_id: str


class CourseStarted(Payload):
    certificate_id: str
    organisation_id: str
    target_group: str
    age_years: int
    form: ServiceForm
    companion: bool
    start_date: date
    planned_end_date: date
    value_kopecks: Kopecks
    estimate_id: str
    plan: list[PlanLine]
    mse_limitations: MseLimitations | None = Field(
        None, description="the MSE's degree of limitation (0-3) per life-activity category; absent: not given")


class CourseCompleted(Payload):
    certificate_id: str
    organisation_id: str
    end_date: date
    days_used: int


class CourseTerminatedEarly(Payload):
    certificate_id: str
    organisation_id: str
    end_date: date
    days_used: int
    reason: MissReason
    reason_text: str | None = None


class CertificateSettled(Payload):
    certificate_id: str
    paid_kopecks: Kopecks
    released_kopecks: Kopecks


class CertificateExpired(Payload):
    certificate_id: str
    expired_on: date


class CertificateAnnulled(Payload):
    certificate_id: str
    reason: Literal["category_withdrawn", "moved_out_of_region", "duplicate", "death"]


class TravelRecorded(Payload):
    certificate_id: str
    line_id: str
    kind: Literal["ticket", "reimbursement"]
    amount_kopecks: Kopecks
    on: date


EVENTS: dict[str, type[Payload]] = {
    "CertificateIssued": CertificateIssued,
    "DecisionRefused": DecisionRefused,
    "ReservationRequested": ReservationRequested,
    "ReservationConfirmed": ReservationConfirmed,
    "ReservationRejected": ReservationRejected,
    "ReservationCancelled": ReservationCancelled,
    "CourseStarted": CourseStarted,
    "CourseCompleted": CourseCompleted,
    "CourseTerminatedEarly": CourseTerminatedEarly,
    "CertificateSettled": CertificateSettled,
    "CertificateExpired": CertificateExpired,
    "CertificateAnnulled": CertificateAnnulled,
    "TravelRecorded": TravelRecorded,
}
