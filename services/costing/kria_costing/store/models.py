"""Tables of the costing store (this service only): price lists, estimates, courses, journal, settlements.

Money columns are 64-bit integers of kopecks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from kria_shared.columns import utc_column


class PriceListRow(SQLModel, table=True):
    """One version of an organisation's price list: a draft, then approved and immutable."""

    __tablename__ = "costing_price_lists"
    __table_args__ = (UniqueConstraint("organisation_id", "version", name="uq_price_list_version"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: str = Field(index=True)
    version: int
    status: str = "draft"  # draft | approved
    standards_version: str
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    created_by: str
    approved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    approved_by: str | None = None  # the head of the organisation (provider_head), never the drafter
    order_number: str | None = None  # the head's order approving the прейскурант
    order_date: date | None = None
    effective_from: date | None = None  # the prices apply to reservations from this date
    lines: int  # prices in the list
    inputs: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # the normalisation as posted
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # prices with their derivation
    prices: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # PriceTable.to_json()


class EstimateRow(SQLModel, table=True):
    """The answer to one reservation request: an estimate or a rejection."""

    __tablename__ = "costing_estimates"

    estimate_id: str = Field(primary_key=True)
    certificate_id: str = Field(index=True)
    organisation_id: str = Field(index=True)
    outcome: str  # calculated | rejected
    reason: str | None = None
    price_list_version: str | None = None
    standard_version: str | None = None
    target_group: str
    age_years: int
    form: str
    companion: bool
    days: int
    plan: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # PlanLine dicts
    per_day: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    course_kopecks: int | None = Field(default=None, sa_type=BigInteger)
    per_day_kopecks: int | None = Field(default=None, sa_type=BigInteger)
    accompanying_kopecks: int | None = Field(default=None, sa_type=BigInteger)
    total_kopecks: int | None = Field(default=None, sa_type=BigInteger)
    value_kopecks: int = Field(sa_type=BigInteger)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class CourseRow(SQLModel, table=True):
    """What costing holds of one course: its start, its end and whether the protocol arrived."""

    __tablename__ = "costing_courses"

    certificate_id: str = Field(primary_key=True)
    organisation_id: str | None = None
    estimate_id: str | None = None
    value_kopecks: int | None = Field(default=None, sa_type=BigInteger)
    start_date: date | None = None
    outcome: str | None = None  # completed | terminated_early
    end_date: date | None = None
    days_used: int | None = None
    end_reason: str | None = None
    protocol_id: str | None = None
    settled: bool = False


class JournalEntryRow(SQLModel, table=True):
    """A journal entry reported by the assessment service (the latest report of an entry wins)."""

    __tablename__ = "costing_journal_entries"

    certificate_id: str = Field(primary_key=True)
    entry_id: str = Field(primary_key=True)
    batch_id: str
    direction: str
    activity_type: str
    delivery: str
    status: str  # delivered | missed
    on_date: date


class SettlementRow(SQLModel, table=True):
    __tablename__ = "costing_settlements"

    certificate_id: str = Field(primary_key=True)
    estimate_id: str
    outcome: str
    lines: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    activities_kopecks: int = Field(sa_type=BigInteger)
    accompanying_days: int
    per_day_kopecks: int = Field(sa_type=BigInteger)
    accompanying_kopecks: int = Field(sa_type=BigInteger)
    actual_kopecks: int = Field(sa_type=BigInteger)
    value_kopecks: int = Field(sa_type=BigInteger)
    paid_kopecks: int = Field(sa_type=BigInteger)
    released_kopecks: int = Field(sa_type=BigInteger)
    settled_at: datetime = Field(sa_column=utc_column(nullable=False))


TABLES: list[type[SQLModel]] = [PriceListRow, EstimateRow, CourseRow, JournalEntryRow, SettlementRow]


