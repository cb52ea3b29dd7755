"""How a conclusion is shown over HTTP: the draft with each criterion's inputs and why it got its points."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.conclusion import ConclusionState, allowed_actions
from kria_signing.store.models import ConclusionRow


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def conclusion_summary(row: ConclusionRow) -> dict[str, Any]:
    return {
        "conclusion_id": row.id, "certificate_id": row.certificate_id, "protocol_id": row.protocol_id,
        "organisation_id": row.organisation_id, "state": row.state,
        "verdict": "effective" if row.effective else "ineffective", "total_points": row.total_points,
        "drafted_at": _iso(row.drafted_at), "signed_at": _iso(row.signed_at), "submitted_at": _iso(row.submitted_at),
    }


def conclusion_detail(row: ConclusionRow) -> dict[str, Any]:
    return {
        **conclusion_summary(row),
        "methodology_version": row.methodology_version,
        "effective": row.effective,
        "criteria": row.criteria,
        "reason": row.reason, "reason_text": row.reason_text, "reason_source": row.reason_source,
        "reason_required": not row.effective and row.reason is None,
        "allowed_actions": [str(a) for a in allowed_actions(ConclusionState(row.state), row.effective)],
        "protocol": {"outcome": row.outcome, "target_group": row.target_group,
                     "protocol_sha256": row.protocol_sha256, "figures": row.protocol_figures},
        "document_streebog256": row.document_streebog256,
        "signature": None if row.signature is None else {
            "source": row.signature_source, "signer_role": row.signer_role, "signed_at": _iso(row.signed_at)},
        "submission": None if row.submitted_at is None else {
            "receipt": row.receipt, "submitted_at": _iso(row.submitted_at),
            "federal_access_until": _iso(row.federal_access_until)},
        "submission_attempts": {"made": row.submit_attempts, "last_error": row.last_submit_error},
    }


def signer_view(setup: SigningSetup, validity: Callable[[bytes], Any]) -> list[dict[str, Any]]:
    out = []
    for s in setup.register.signers:
        cert = setup.certificates.get(s.snils)
        not_before, not_after = validity(cert) if cert else (None, None)
        out.append({
            "name": s.name, "snils": s.snils, "role": str(s.role),
            "authorised_from": s.valid_from.isoformat() if s.valid_from else None,
            "authorised_until": s.valid_until.isoformat() if s.valid_until else None,
            "certificate_not_before": not_before.isoformat() if not_before else None,
            "certificate_not_after": not_after.isoformat() if not_after else None,
            "signing_key_here": s.snils in setup.backends,
        })
    return out
