"""HTTP request and response bodies of the certificates API."""

from __future__ import annotations

import datetime as _dt
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kria_certificates.domain.face_values import Form
from kria_certificates.domain.monitoring import PeriodKind
from kria_certificates.domain.travel import KOPECKS_CEILING, LineRequest
from kria_shared.contracts.certificates import AgeBand
from kria_shared.contracts.common import MissReason, PlanCount, ServiceForm
from kria_shared.contracts.costing import AccompanyingCost, SettlementLine


class DecisionOut(BaseModel):
    decision_id: str
    outcome: Literal["issued", "refused", "invalid", "held"]
    code: str | None = None
    message: str | None = None  # a held decision: why it waits
    certificate_id: str | None = None
    snils_masked: str
    replayed: bool = False


class ReserveIn(BaseModel):
    organisation_id: str = Field(min_length=1)
    form: Form
    companion: bool = False
    plan: list[PlanCount] | None = Field(
        None, max_length=200, description="the child's individual course plan; absent: the standard's average mix")


class StartIn(BaseModel):
    start_date: date


class CompleteIn(BaseModel):
    end_date: date


class TerminateIn(BaseModel):
    end_date: date
    reason: MissReason
    reason_text: str | None = Field(None, max_length=2000)


class AnnulIn(BaseModel):
    reason: Literal["category_withdrawn", "moved_out_of_region", "duplicate", "death"]


class TravelIn(BaseModel):
    kind: Literal["ticket", "reimbursement"]
    traveller: Literal["child", "companion"] = "child"
    # strict: JSON true is not 1 kopeck, nor 1.0 an amount; the configured maximum is checked by the ledger
    amount_kopecks: int = Field(gt=0, le=KOPECKS_CEILING, strict=True,
                                description="integer kopecks, at most the configured maximum of a line")
    on: date
    note: str | None = Field(None, max_length=500)

    def request(self) -> LineRequest:
        return LineRequest(self.kind, self.traveller, self.amount_kopecks, self.on, self.note)


class ReversalIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500, pattern=r"\S", description="why the line is wrong")


class TravelOut(BaseModel):
    line_id: str
    certificate_id: str
    kind: str
    traveller: str
    amount_kopecks: int
    on: date
    recorded_at: datetime
    note: str | None = None
    actor: str | None = None
    reverses_line_id: str | None = Field(None, description="a correcting entry: the line it reverses")
    reason: str | None = Field(None, description="why the reversed line was wrong")


class CommandOut(BaseModel):
    certificate_id: str
    state: str
    allowed_actions: list[str]


class HistoryOut(BaseModel):
    at: datetime
    actor: str
    command: str
    from_state: str | None
    to_state: str
    event: str
    event_id: str
    detail: str | None = None


class ChildOut(BaseModel):
    child_id: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date
    sex: str
    snils_masked: str


class CertificateSummaryOut(BaseModel):
    certificate_id: str
    child_id: str
    state: str
    region: str
    municipality: str
    target_groups: dict[str, Any]
    decided_on: date
    valid_until: date
    face_values_kopecks: dict[str, int]
    organisation_id: str | None = None
    form: str | None = None
    value_kopecks: int | None = None


class CertificateOut(CertificateSummaryOut):
    child: ChildOut | None = None
    protocol_number: str
    disability_established_on: date
    value_table_version: str
    face_values_assumed: bool
    rules_version: str
    allowed_actions: list[str]
    companion: bool | None = None
    age_at_reservation: int | None = None
    estimate_id: str | None = None
    estimate_kopecks: int | None = None
    start_date: date | None = None
    planned_end_date: date | None = None
    end_date: date | None = None
    days_used: int | None = None
    termination_reason: str | None = None
    termination_text: str | None = None
    actual_kopecks: int | None = None
    paid_kopecks: int | None = None
    released_kopecks: int | None = None
    annul_reason: str | None = None
    travel_kopecks: int = 0
    history: list[HistoryOut]


class ProviderOut(BaseModel):
    organisation_id: str
    name: str
    region: str
    target_groups: list[str]
    municipalities: list[str]
    age_bands: list[str]
    generated: bool


# The provider register kept by the СФР office.

class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target_group: str = Field(min_length=1, max_length=2, description="ЦРГ group number '1'..'11'")
    municipality: str = Field(min_length=1, max_length=200)
    coverage: Literal["named", "others", "whole_region"] = "named"
    age_band: AgeBand


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    effective_on: date = Field(ge=date(2020, 1, 1), le=date(2100, 12, 31))
    reason: str = Field(min_length=1, max_length=500, description="основание изменения (приказ, письмо)")


class OrganisationIn(ChangeIn):
    name: str = Field(min_length=3, max_length=500)
    region: str = Field(min_length=2, max_length=2, pattern=r"^\d{2}$")
    lines: list[LineIn] = Field(min_length=1, max_length=2000)
    forms: list[ServiceForm] = Field(min_length=1, max_length=2)
    capacity: int | None = Field(None, ge=1, le=100_000)


class ChangeOut(BaseModel):
    change_id: str
    kind: Literal["added", "suspended", "reinstated", "withdrawn"]
    effective_on: date
    reason: str
    actor: str
    recorded_at: datetime


class RegisterLineOut(BaseModel):
    target_group: str
    municipality: str
    coverage: str
    age_band: str
    since: date | None  # None: the configured initial load


class OrganisationOut(BaseModel):
    organisation_id: str
    name: str
    region: str
    status: Literal["active", "suspended", "withdrawn"] | None
    status_on: date
    configured: bool
    forms: list[str] | None
    capacity: int | None
    lines: list[RegisterLineOut]
    history: list[ChangeOut]


# --- the family's routes (legal_representative), the office's record of the representative, the chosen list ---

class ChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: str = Field(min_length=1, max_length=100)
    form: Literal["semi_inpatient", "inpatient"]
    consent: bool = Field(description="the representative's consent to the course: must be true")


class RepresentativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    snils: str = Field(min_length=11, max_length=20, description="the representative's SNILS from the application")


class RepresentativeOut(BaseModel):
    certificate_id: str
    representative_snils_masked: str


class FamilyPersonOut(BaseModel):
    """The child as the family sees them (personal data: only to the child's own representative or provider)."""

    last_name: str
    first_name: str
    patronymic: str
    birth_date: date


class FamilyChoiceOut(BaseModel):
    organisation_id: str
    name: str | None
    form: str
    consented_at: datetime


class FamilyReservationOut(BaseModel):
    """The organisation the certificate is reserved to, with the form and the value it took."""

    organisation_id: str
    name: str | None
    form: str | None
    value_kopecks: int | None


class FamilyCourseOut(BaseModel):
    start_date: date | None
    planned_end_date: date | None
    end_date: date | None
    days_used: int | None
    termination_reason: str | None


class FamilyConclusionOut(BaseModel):
    """The monitoring's signed conclusion: was the course effective (and why not)."""

    effective: bool
    reason: str | None
    signed_at: datetime


class FittingOrganisationOut(BaseModel):
    organisation_id: str
    name: str
    forms: list[str]


class FamilyCertificateOut(BaseModel):
    certificate_id: str
    state: str
    region: str
    municipality: str
    target_group: str
    age_band: str
    decided_on: date
    valid_until: date
    face_values_kopecks: dict[str, int]
    child: FamilyPersonOut | None
    choice: FamilyChoiceOut | None
    organisation: FamilyReservationOut | None
    course: FamilyCourseOut
    conclusion: FamilyConclusionOut | None
    can_choose: bool


class FamilyCertificateDetailOut(FamilyCertificateOut):
    organisations: list[FittingOrganisationOut] = Field(
        description="the organisations in force today for the child's group, municipality and age band")


class FamilyChildrenOut(BaseModel):
    items: list[FamilyCertificateOut]


class FamilyChosenOut(BaseModel):
    """A child whose family chose the organisation, waiting for its reservation."""

    certificate_id: str
    form: str
    consented_at: datetime
    target_group: str
    municipality: str
    age_band: str
    valid_until: date
    face_values_kopecks: dict[str, int]
    child: FamilyPersonOut | None


class FamilyChosenListOut(BaseModel):
    items: list[FamilyChosenOut]
    count: int


class PersonOut(BaseModel):
    snils: str
    full_name: str
    birth_date: date


class MseActOut(BaseModel):
    number: str
    date: _dt.date = Field(description="the date of the MSE decision the act records")


class ConclusionOrganisationOut(BaseModel):
    organisation_id: str
    name: str = Field(description="from the register; empty when the register does not name it")


class CourseOut(BaseModel):
    start_date: date | None
    end_date: date | None = Field(description="the actual end; the planned end while the course runs")


class ParticularsOut(BaseModel):
    """What a conclusion on the certificate names: personal data, read at the moment a person composes it."""

    certificate_id: str
    child: PersonOut
    mse_act: MseActOut
    ipra_number: str
    organisation: ConclusionOrganisationOut | None
    course: CourseOut


class SettledActOut(BaseModel):
    """What was delivered and at what cost, as the settlement recorded it (never rewritten later)."""

    target_group: str
    form: str
    outcome: str = Field(description="completed | terminated_early")
    start_date: date | None
    end_date: date | None
    days_used: int | None
    estimate_id: str
    delivered: list[SettlementLine]
    activities_kopecks: int
    accompanying: AccompanyingCost
    actual_kopecks: int


class PaymentRecordOut(BaseModel):
    payee_organisation_id: str
    value_kopecks: int
    to_pay_kopecks: int
    released_kopecks: int


class SettlementOut(BaseModel):
    act_id: str
    certificate_id: str
    settled_on: date = Field(description="the Moscow date of the settlement: the period the payment belongs to")
    region: str
    organisation_id: str
    act: SettledActOut
    payment: PaymentRecordOut


class SettlementTotalsOut(BaseModel):
    acts: int
    value_kopecks: int
    actual_kopecks: int
    to_pay_kopecks: int
    released_kopecks: int


class SettlementsOut(BaseModel):
    """A page of the acts settled in the period, with the totals of the whole period (not of the page)."""

    model_config = ConfigDict(populate_by_name=True)
    settled_from: date | None = Field(alias="from")
    settled_to: date | None = Field(alias="to")
    region: str | None
    count: int
    limit: int
    offset: int
    totals: SettlementTotalsOut
    items: list[SettlementOut]


class EffectiveShareOut(BaseModel):
    effective: int
    signed: int
    percent: float = Field(description="effective of signed, rounded to one decimal")


class MonitoringFiguresOut(BaseModel):
    issued: int
    used: int
    expired: int
    annulled: int
    children_served: int
    completed: int
    ended_early: int
    conclusions_signed: int
    effective: int
    ineffective: int
    reserved_kopecks: int
    settled_kopecks: int
    released_kopecks: int
    effective_share: EffectiveShareOut | None = Field(description="absent when no conclusion was signed")
    ineffective_by_reason: dict[str, int]


# A row's key before its figures: pydantic orders the fields of the last base first.
class _RegionKey(BaseModel):
    region: str


class _TargetGroupKey(BaseModel):
    target_group: str


class _OrganisationKey(BaseModel):
    organisation_id: str = Field(description="'—' for certificates never reserved")
    name: str = Field(description="from the register; empty when the register does not name it")


class RegionFiguresOut(MonitoringFiguresOut, _RegionKey):
    pass


class TargetGroupFiguresOut(MonitoringFiguresOut, _TargetGroupKey):
    pass


class OrganisationFiguresOut(MonitoringFiguresOut, _OrganisationKey):
    pass


class MonitoringPeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    year: int
    kind: PeriodKind
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


class MonitoringReportOut(BaseModel):
    """The monitoring report of order 525н: the period's figures in total, by region, ЦРГ group and organisation."""

    region: str | None = Field(description="the region asked for; absent: all")
    period: MonitoringPeriodOut
    total: MonitoringFiguresOut
    by_region: list[RegionFiguresOut]
    by_target_group: list[TargetGroupFiguresOut]
    by_organisation: list[OrganisationFiguresOut]
