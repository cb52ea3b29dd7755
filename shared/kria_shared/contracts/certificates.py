"""Events of the certificates service (topic kria.certificates.v1, key = certificate id).

No personal data: the child appears as a pseudonymous ``child_id``; SNILS, names and the birth date
stay in the certificates store.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from kria_shared.contracts.common import Kopecks, MissReason, MseLimitations, Payload, PlanCount, PlanLine, ServiceForm

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
    # the organisation's individual course plan (counts inside the standard's ranges); None: the standard's
    # average mix. Optional: added after v1, older producers leave it out.
    plan: list[PlanCount] | None = Field(default=None, max_length=200)


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


class RegisterLine(Payload):
    """One row of the provider register: ЦРГ group × municipality × age band."""

    target_group: str = Field(description="ЦРГ group number, '1'..'11'")
    municipality: str
    coverage: Literal["named", "others", "whole_region"] = "named"
    age_band: AgeBand


class RegisterChange(Payload):
    """A change of the provider register by the СФР office; subject = the organisation id."""

    change_id: str
    organisation_id: str
    effective_on: date
    reason: str = Field(max_length=500)


class OrganisationRegistered(RegisterChange):
    name: str
    region: str
    lines: list[RegisterLine]
    forms: list[ServiceForm]
    capacity: int | None = Field(default=None, description="children reserved or in service at once; None: no bound")


class OrganisationSuspended(RegisterChange):
    pass


class OrganisationReinstated(RegisterChange):
    pass


class OrganisationWithdrawn(RegisterChange):
    pass
class TravelReversed(Payload):
    """A correcting entry: travel line ``reverses_line_id`` was wrong and is cancelled by line ``line_id``."""

    certificate_id: str
    line_id: str
    reverses_line_id: str
    amount_kopecks: Kopecks  # the amount taken back (the original line's)


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
    "OrganisationRegistered": OrganisationRegistered,
    "OrganisationSuspended": OrganisationSuspended,
    "OrganisationReinstated": OrganisationReinstated,
    "OrganisationWithdrawn": OrganisationWithdrawn,
    "TravelReversed": TravelReversed,
}
