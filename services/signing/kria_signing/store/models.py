"""The signing service's own tables: one row per conclusion, holding its exact signed bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field, SQLModel

from kria_shared.columns import utc_column


def _when() -> Any:
    return Field(default=None, sa_column=utc_column(nullable=True))


class ConclusionRow(SQLModel, table=True):
    __tablename__ = "signing_conclusions"

    id: str = Field(primary_key=True)  # conclusion id, derived from the protocol id (one per protocol)
    protocol_id: str = Field(unique=True)
    certificate_id: str = Field(index=True)
    organisation_id: str
    protocol_sha256: str
    target_group: str
    outcome: str
    state: str = Field(index=True)
    effective: bool
    total_points: int
    methodology_version: str
    criteria: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    protocol_figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reason: str | None = None
    reason_text: str | None = None
    reason_source: str | None = None
    drafted_at: datetime = Field(sa_column=utc_column(nullable=False))
    document: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    document_streebog256: str | None = None
    # The child's particulars the document names (SNILS, name, birth date, MSE act, IPRA: personal data), read
    # from the certificates service when it was composed, and the SNILS of the signer it was composed for.
    particulars: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    composed_for: str | None = None
    signature: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    signature_source: str | None = None  # backend name, or "upload"
    signer_role: str | None = None  # head | deputy
    signer_snils: str | None = None  # an official's SNILS: kept in the store only, never in events or logs
    signed_at: datetime | None = _when()
    submit_lease_until: datetime | None = _when()
    submit_attempts: int = 0
    last_submit_error: str | None = None
    submitted_at: datetime | None = _when()
    receipt: str | None = None
    federal_access_until: datetime | None = _when()
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC),
                                 sa_column=utc_column(nullable=False))


class ProtocolRefusalRow(SQLModel, table=True):
    """A protocol event that was not drafted, and why (one row per event: the head may sign again)."""

    __tablename__ = "signing_protocol_refusals"

    event_id: str = Field(primary_key=True)
    protocol_id: str = Field(index=True)
    certificate_id: str = Field(index=True)
    organisation_id: str
    reason: str
    detail: str | None = None
    refused_at: datetime = Field(sa_column=utc_column(nullable=False))


class CertificateRegionRow(SQLModel, table=True):
    """The region of each certificate (from CertificateIssued): the federal bureau searches conclusions by region."""

    __tablename__ = "signing_certificate_region"

    certificate_id: str = Field(primary_key=True)
    region: str = Field(index=True)


TABLES: list[type[SQLModel]] = [ConclusionRow, ProtocolRefusalRow, CertificateRegionRow]
