"""Tables of the certificates store. Personal data lives only in ``ChildRow`` and ``MseFormRow``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from kria_certificates.domain.lifecycle import TERMINAL

# "At most one active certificate per child" (DOMAIN.md §2) held by the store itself: the intake's check
# reads without a lock, so two decisions for one child taken at once would both pass it.
ONE_ACTIVE_PER_CHILD = "uq_certificates_one_active_per_child"
_ACTIVE_ONLY = text("state NOT IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(TERMINAL))))


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
    valid_until: date = Field(index=True)
    face_values: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    face_values_assumed: bool = False
    value_table_version: str
    rules_version: str
    state: str = Field(index=True)
    state_since: datetime
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
    """The travel ledger: paid by СФР under its own procedure, never out of the course budget."""

    __tablename__ = "certificates_travel"

    line_id: str = Field(primary_key=True)
    certificate_id: str = Field(index=True)
    kind: str  # ticket | reimbursement
    traveller: str  # child | companion
    amount_kopecks: int
    on: date
    recorded_at: datetime
    actor: str
    note: str | None = None


class ParkedSettlementRow(SQLModel, table=True):
    """A CostSettled that arrived before the course end it settles; applied when the course ends."""

    __tablename__ = "certificates_parked_settlement"

    certificate_id: str = Field(primary_key=True)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    event_id: str
    received_at: datetime


class MseFormRow(SQLModel, table=True):
    """The export's columns the four MSE documents print (address, documents, diagnosis, limitations...).

    Personal data, as ``ChildRow``: kept for the documents only, never in events or logs. Written when a
    certificate is issued from an export row; a decision sent as JSON has none (its documents leave those
    lines for the bureau).
    """

    __tablename__ = "certificates_mse_form"

    certificate_id: str = Field(primary_key=True)
    columns: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


TABLES: list[type[SQLModel]] = [ChildRow, CertificateRow, HistoryRow, DecisionRow, TravelRow, ParkedSettlementRow,
                                MseFormRow]
