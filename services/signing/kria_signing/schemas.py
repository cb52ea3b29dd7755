"""How a conclusion is shown over HTTP (response models built from the rows): the draft with each criterion's
inputs and why it got its points, its signature and submission; the signers; the verification reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.conclusion import ConclusionState, allowed_actions
from kria_signing.store.models import ConclusionRow

# A moment as the service has always written it: ISO 8601 with the offset (+00:00), not pydantic's "Z".
Moment = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str)]


class ConclusionSummary(BaseModel):
    conclusion_id: str
    certificate_id: str
    protocol_id: str
    organisation_id: str
    state: ConclusionState
    verdict: Literal["effective", "ineffective"]
    total_points: int
    drafted_at: Moment | None
    signed_at: Moment | None
    submitted_at: Moment | None


class ProtocolView(BaseModel):
    outcome: str
    target_group: str
    protocol_sha256: str
    figures: dict[str, Any] = Field(description="the protocol's figures the points were given on")


class SignatureView(BaseModel):
    source: str | None = Field(description="the signature backend's name, or 'upload'")
    signer_role: str | None = Field(description="head | deputy")
    signed_at: Moment | None


class SubmissionView(BaseModel):
    receipt: str | None
    submitted_at: Moment | None
    federal_access_until: Moment | None


class SubmissionAttempts(BaseModel):
    made: int
    last_error: str | None


class ConclusionDetail(ConclusionSummary):
    methodology_version: str
    effective: bool
    criteria: list[dict[str, Any]] = Field(description="each criterion: its inputs, points and why")
    reason: str | None
    reason_text: str | None
    reason_source: str | None
    reason_required: bool
    allowed_actions: list[str]
    protocol: ProtocolView
    document_streebog256: str | None
    signature: SignatureView | None
    submission: SubmissionView | None
    submission_attempts: SubmissionAttempts


class ConclusionList(BaseModel):
    items: list[ConclusionSummary]
    limit: int
    offset: int


class FederalConclusion(ConclusionSummary):
    region: str | None
    reason: str | None
    federal_access_until: Moment | None


class FederalConclusionList(BaseModel):
    items: list[FederalConclusion]
    total: int
    limit: int
    offset: int


class ProgressFigures(BaseModel):
    """Counts only (no conclusion is named) of the conclusions submitted in the period."""

    model_config = ConfigDict(populate_by_name=True)
    region: str | None
    day_from: date | None = Field(alias="from")
    day_to: date | None = Field(alias="to")
    conclusions: int
    by_verdict: dict[str, int] = Field(description="effective, ineffective")
    effective_share: dict[str, Any] | None
    ineffective_by_reason: dict[str, int]
    by_region: list[dict[str, Any]] = Field(description="the same counts per region ('unknown': not known yet)")


class SignerView(BaseModel):
    name: str
    snils: str
    role: str
    authorised_from: date | None
    authorised_until: date | None
    certificate_not_before: Moment | None
    certificate_not_after: Moment | None
    signing_key_here: bool


class SignerList(BaseModel):
    register_version: str
    bureau_ogrn: str
    signers: list[SignerView]


class VerificationReport(BaseModel):
    """The verifier's report (kria_gost ``VerificationReport`` as JSON); ``message`` only when there is one."""

    indication: str = Field(description="PASSED | FAILED | INDETERMINATE")
    sub_indication: str | None
    failing_check: str | None
    checks: dict[str, bool] = Field(description="the checks in the order they ran; the first failure ends them")
    signer: dict[str, Any] | None
    signing_time: str | None = Field(description="ISO 8601, as the signer declared it")
    message: str | None = None


class ConclusionVerification(BaseModel):
    conclusion_id: str
    document_streebog256: str | None
    document_matches: bool
    valid: bool
    report: VerificationReport


def conclusion_summary(row: ConclusionRow) -> ConclusionSummary:
    return ConclusionSummary(**_summary_fields(row))


def _summary_fields(row: ConclusionRow) -> dict[str, Any]:
    return {
        "conclusion_id": row.id, "certificate_id": row.certificate_id, "protocol_id": row.protocol_id,
        "organisation_id": row.organisation_id, "state": row.state,
        "verdict": "effective" if row.effective else "ineffective", "total_points": row.total_points,
        "drafted_at": row.drafted_at, "signed_at": row.signed_at, "submitted_at": row.submitted_at,
    }


def federal_conclusion(row: ConclusionRow, region: str | None) -> FederalConclusion:
    return FederalConclusion(**_summary_fields(row), region=region, reason=row.reason,
                             federal_access_until=row.federal_access_until)


def conclusion_detail(row: ConclusionRow) -> ConclusionDetail:
    return ConclusionDetail(
        **_summary_fields(row),
        methodology_version=row.methodology_version,
        effective=row.effective,
        criteria=row.criteria,
        reason=row.reason, reason_text=row.reason_text, reason_source=row.reason_source,
        reason_required=not row.effective and row.reason is None,
        allowed_actions=[str(a) for a in allowed_actions(ConclusionState(row.state), row.effective)],
        protocol=ProtocolView(outcome=row.outcome, target_group=row.target_group,
                              protocol_sha256=row.protocol_sha256, figures=row.protocol_figures),
        document_streebog256=row.document_streebog256,
        signature=None if row.signature is None else SignatureView(
            source=row.signature_source, signer_role=row.signer_role, signed_at=row.signed_at),
        submission=None if row.submitted_at is None else SubmissionView(
            receipt=row.receipt, submitted_at=row.submitted_at, federal_access_until=row.federal_access_until),
        submission_attempts=SubmissionAttempts(made=row.submit_attempts, last_error=row.last_submit_error),
    )


def signer_view(setup: SigningSetup, validity: Callable[[bytes], Any]) -> list[SignerView]:
    out = []
    for s in setup.register.signers:
        cert = setup.certificates.get(s.snils)
        not_before, not_after = validity(cert) if cert else (None, None)
        out.append(SignerView(
            name=s.name, snils=s.snils, role=str(s.role), authorised_from=s.valid_from, authorised_until=s.valid_until,
            certificate_not_before=not_before, certificate_not_after=not_after,
            signing_key_here=s.snils in setup.backends,
        ))
    return out
