"""Tables of the certificates store. Personal data lives only in ``ChildRow`` and ``MseFormRow``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from kria_certificates.domain.lifecycle import TERMINAL

# "At most one active certificate per child" (DOMAIN.md §2) held by the store itself: the intake's check
# reads without a lock, so two decisions for one child taken at once would both pass it.
ONE_ACTIVE_PER_CHILD = "uq_certificates_one_active_per_child"
_ACTIVE_ONLY = text("state NOT IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(TERMINAL))))


class OfTheCertificate(SQLModel):
    """A table that adds to one certificate what only some certificates have: one row, keyed by its id."""

    certificate_id: str = Field(primary_key=True)


class ChildRow(SQLModel, table=True):
    __tablename__ = "certificates_child"

    child_id: str = Field(primary_key=True)  # pseudonymous: random, the only child reference in events
    snils: str = Field(unique=True, index=True)
    last_name: str
    first_name: str
    patronymic: str = ""
    birth_date: date
    sex: str = ""
    representative: str = ""


class CertificateRow(SQLModel, table=True):
    __tablename__ = "certificates_certificate"
    __table_args__ = (Index(ONE_ACTIVE_PER_CHILD, "child_id", unique=True,
                            sqlite_where=_ACTIVE_ONLY, postgresql_where=_ACTIVE_ONLY),)

    id: str = Field(primary_key=True)
    child_id: str = Field(index=True)
    decision_id: str
    protocol_number: str
    act_number: str = ""
    ipra_number: str = ""
    region: str = Field(index=True)
    municipality: str
    main_group: str
    additional_groups: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_on: date = Field(index=True)
    disability_established_on: date
    # the MSE's degree of limitation per life-activity category (domain -> 0-3); {} when the decision gave none
    mse_limitations: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    valid_until: date = Field(index=True)
    face_values: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    face_values_assumed: bool = False
    value_table_version: str
    rules_version: str
    state: str = Field(index=True)
    state_since: datetime
    # compare-and-set: every state change is UPDATE ... WHERE version = the one read
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    organisation_id: str | None = Field(default=None, index=True)
    form: str | None = None
    companion: bool | None = None
    value_kopecks: int | None = None  # face value of the chosen form, once reserved
    reserved_age: int | None = None
    reservation_event_id: str | None = None  # the ReservationRequested event costing's estimate must answer
    estimate_id: str | None = None
    estimate_kopecks: int | None = None
    plan: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
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
    expired_on: date | None = None


class HistoryRow(SQLModel, table=True):
    __tablename__ = "certificates_history"
    __table_args__ = (Index("uq_certificates_history_idempotency_key", "certificate_id", "idempotency_key",
                            unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: str = Field(index=True)
    at: datetime
    actor: str  # "<role>:<subject>" of a person, or "system:<service>"
    command: str
    from_state: str | None
    to_state: str
    event: str
    event_id: str
    detail: str | None = None
    idempotency_key: str | None = None  # the client's key of the command: a retry with it is not applied again
    request_digest: str | None = None


class DecisionRow(SQLModel, table=True):
    """Every MSE decision received and its outcome; ``key`` (protocol + SNILS digest) makes a resend a replay."""

    __tablename__ = "certificates_decision"

    id: str = Field(primary_key=True)
    key: str | None = Field(default=None, unique=True)
    channel: str  # "json" | "import"
    received_at: datetime
    region: str = ""
    snils_masked: str = ""
    outcome: str = Field(index=True)
    code: str | None = None
    field: str | None = None
    certificate_id: str | None = None


class TravelRow(SQLModel, table=True):
    """The travel ledger: paid by СФР under its own procedure, never out of the course budget.

    Lines are never changed or deleted: a wrong one is reversed by a line of the opposite amount naming it.
    """

    __tablename__ = "certificates_travel"
    __table_args__ = (Index("uq_certificates_travel_idempotency_key", "certificate_id", "idempotency_key",
                            unique=True),
                      Index("uq_certificates_travel_reverses_line_id", "reverses_line_id", unique=True))

    line_id: str = Field(primary_key=True)
    certificate_id: str = Field(index=True)
    kind: str  # ticket | reimbursement
    traveller: str  # child | companion
    amount_kopecks: int
    on: date
    recorded_at: datetime
    actor: str
    note: str | None = None
    idempotency_key: str | None = None  # the client's Idempotency-Key: a retried POST is this line again
    request_digest: str | None = None  # what the key was sent with
    reverses_line_id: str | None = None  # a correcting entry: the line it cancels (at most one per line)
    reason: str | None = None  # why a line was reversed


class ParkedSettlementRow(OfTheCertificate, table=True):
    """A CostSettled that arrived before the course end it settles; applied when the course ends."""

    __tablename__ = "certificates_parked_settlement"

    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    event_id: str
    received_at: datetime


class RegisterChangeRow(SQLModel, table=True):
    """One change of the provider register by the СФР office (add, suspend, reinstate, withdraw): never deleted."""

    __tablename__ = "certificates_register_change"
    # compare-and-set: two changes made at once from the same last change cannot both be recorded (409)
    __table_args__ = (UniqueConstraint("organisation_id", "follows", name="uq_register_change_follows"),)

    seq: int | None = Field(default=None, primary_key=True)  # order of recording
    change_id: str = Field(unique=True)
    organisation_id: str = Field(index=True)
    follows: int = 0  # seq of the organisation's previous change (0: its first)
    kind: str
    effective_on: date
    reason: str
    actor: str
    recorded_at: datetime
    event_id: str
    name: str | None = None  # an addition's organisation, its forms and capacity
    region: str | None = None
    forms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    capacity: int | None = None


class RegisterEntryRow(SQLModel, table=True):
    """A register row (ЦРГ group × municipality × age band) added by the office with its change."""

    __tablename__ = "certificates_register_entry"

    id: int | None = Field(default=None, primary_key=True)
    change_id: str = Field(index=True)
    organisation_id: str = Field(index=True)
    target_group: str
    municipality: str
    coverage: str
    age_band: str


class ConclusionSeenRow(SQLModel, table=True):
    """The signing service's signed conclusion on a certificate (its ConclusionSigned): the monitoring's verdict."""

    __tablename__ = "certificates_conclusion"

    conclusion_id: str = Field(primary_key=True)
    certificate_id: str = Field(index=True)
    effective: bool
    reason: str | None = None  # why ineffective (signing's reason code)
    signed_at: datetime
    event_id: str


class SettlementActRow(SQLModel, table=True):
    """The act and payment record of one settlement for the СФР office, written when the settlement is recorded."""

    __tablename__ = "certificates_settlement_act"

    act_id: str = Field(primary_key=True)
    certificate_id: str = Field(unique=True)
    settled_at: datetime
    settled_on: date = Field(index=True)  # Moscow date: the period the payment belongs to
    region: str = Field(index=True)
    organisation_id: str = Field(index=True)
    target_group: str
    form: str
    outcome: str  # completed | terminated_early
    start_date: date | None = None
    end_date: date | None = None
    days_used: int | None = None
    estimate_id: str
    lines: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    activities_kopecks: int
    accompanying: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actual_kopecks: int
    value_kopecks: int
    paid_kopecks: int
    released_kopecks: int


class HeldDecisionRow(SQLModel, table=True):
    """A valid decision waiting for its year's pilot region list: the decision as received, to be taken up."""

    __tablename__ = "certificates_held_decision"

    decision_id: str = Field(primary_key=True)  # its DecisionRow (outcome "held" until taken up)
    year: int = Field(index=True)
    region: str
    raw: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # RawDecision's fields
    actor: str
    held_at: datetime


class MseFormRow(OfTheCertificate, table=True):
    """The export's columns the four MSE documents print (address, documents, diagnosis, limitations...).

    Personal data, as ``ChildRow``: kept for the documents only, never in events or logs. Written when a
    certificate is issued from an export row; a decision sent as JSON has none (its documents leave those
    lines for the bureau).
    """

    __tablename__ = "certificates_mse_form"

    columns: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class FamilyLinkRow(OfTheCertificate, table=True):
    """The child's legal representative as the Social Fund office recorded them from the family's application
    (the MSE export has no representative SNILS). Personal data: never in events or logs."""

    __tablename__ = "certificates_family_link"

    representative_snils: str = Field(index=True)  # eleven digits, as the identity provider's claim carries it
    recorded_at: datetime
    recorded_by: str


class FamilyChoiceRow(OfTheCertificate, table=True):
    """The family's chosen organisation and form, with its consent to the course (the last choice stands)."""

    __tablename__ = "certificates_family_choice"

    organisation_id: str = Field(index=True)
    form: str
    consented_at: datetime
    chosen_by: str  # the representative's token subject


TABLES: list[type[SQLModel]] = [ChildRow, CertificateRow, HistoryRow, DecisionRow, TravelRow, ParkedSettlementRow,
                                RegisterChangeRow, RegisterEntryRow, ConclusionSeenRow, SettlementActRow,
                                HeldDecisionRow, MseFormRow, FamilyLinkRow, FamilyChoiceRow]
