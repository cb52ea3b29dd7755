"""From a submitted protocol to a draft conclusion, and from a complete draft to its canonical document.

The draft is made when the protocol's event arrives (no person, no token, no personal data); the document is
composed later, when the person who signs opens it (usecases/composition.py).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

import orjson
from pydantic import TypeAdapter

from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_signing.domain.authority import AuthorisedSigner
from kria_signing.domain.conclusion import initial_state
from kria_signing.domain.conclusion_document import (
    ConclusionDocumentV2,
    CriterionEntry,
    CriterionEntryV2,
    Particulars,
    Signer,
    criteria_entries,
)
from kria_signing.domain.conclusion_form import REASONS, criterion_words
from kria_signing.domain.digest import streebog256_hex
from kria_signing.domain.methodology import Methodology
from kria_signing.domain.protocol import DirectionFigures, DomainRatingFigures, ProtocolFigures
from kria_signing.domain.reason import IneffectiveReason, dominant_reason
from kria_signing.domain.scoring import Score, score
from kria_signing.store.models import ConclusionRow

# A fixed namespace: the same protocol always yields the same conclusion id, on every replica.
CONCLUSION_NAMESPACE = uuid.UUID("6f1d6c1e-5b0a-4f6e-9d51-6b7a1c0e2a11")
_CRITERIA = TypeAdapter(tuple[CriterionEntry, ...])


def conclusion_id_for(protocol_id: str) -> str:
    return str(uuid.uuid5(CONCLUSION_NAMESPACE, protocol_id))


def figures_of(p: ProtocolSubmitted) -> ProtocolFigures:
    return ProtocolFigures(
        directions=tuple(DirectionFigures(str(d.direction), d.required, d.planned, d.min, d.max, d.delivered)
                         for d in p.directions),
        planned_total=p.planned_total, delivered_total=p.delivered_total,
        ratings=tuple(DomainRatingFigures(r.domain, r.baseline, r.control) for r in p.ratings),
        lower_is_better=p.lower_is_better, parental_before=p.parental_before, parental_after=p.parental_after,
        parental_max=p.parental_max, missed_by_reason=dict(p.missed_by_reason),
        mse_limitations=dict(p.mse_limitations) if p.mse_limitations else None,
        countable_total=p.countable_total,
    )


def _criteria_json(s: Score) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in criteria_entries(s)]


def draft(p: ProtocolSubmitted, methodology: Methodology, now: datetime) -> tuple[ConclusionRow, Score]:
    figures = figures_of(p)
    result = score(figures, methodology)
    prefilled = None if result.effective else dominant_reason(figures.missed_by_reason,
                                                               methodology.dominant_reason_percent)
    row = ConclusionRow(
        id=conclusion_id_for(p.protocol_id), protocol_id=p.protocol_id, certificate_id=p.certificate_id,
        organisation_id=p.organisation_id, protocol_sha256=p.protocol_sha256, target_group=p.target_group,
        outcome=p.outcome, state=str(initial_state(result.effective, prefilled is not None)),
        effective=result.effective, total_points=result.total, methodology_version=result.methodology_version,
        criteria=_criteria_json(result), protocol_figures=asdict(figures),
        reason=str(prefilled) if prefilled else None, reason_source="prefilled" if prefilled else None,
        drafted_at=now,
    )
    return row, result


def document_of(row: ConclusionRow, bureau_ogrn: str, particulars: Particulars,
                signer: AuthorisedSigner) -> ConclusionDocumentV2:
    """The v2 document: the draft, the child's particulars read for this composition and the signer who opened it."""
    criteria = tuple(CriterionEntryV2(**e.model_dump(), explanation=criterion_words(e.code, e.points, e.inputs))
                     for e in _CRITERIA.validate_json(orjson.dumps(row.criteria)))
    reason = IneffectiveReason(row.reason) if row.reason else None
    return ConclusionDocumentV2(
        conclusion_id=row.id, certificate_id=row.certificate_id, protocol_id=row.protocol_id,
        protocol_sha256=row.protocol_sha256, organisation_id=row.organisation_id,
        organisation_name=particulars.organisation_name, target_group=row.target_group, outcome=row.outcome,
        bureau_ogrn=bureau_ogrn, methodology_version=row.methodology_version, child=particulars.child,
        mse_act=particulars.mse_act, ipra_number=particulars.ipra_number, course=particulars.course,
        criteria=criteria, total_points=row.total_points, effective=row.effective, reason=reason,
        reason_words=REASONS.get(str(reason)) if reason else None, reason_text=row.reason_text,
        reason_source=row.reason_source,  # type: ignore[arg-type]
        signer=Signer(full_name=signer.name, position=signer.position_words), drafted_at=row.drafted_at,
    )


def compose(row: ConclusionRow, bureau_ogrn: str, particulars: Particulars, signer: AuthorisedSigner) -> bytes:
    """Freeze the complete draft into its canonical bytes for ``signer`` (what will be signed, stored and sent)."""
    content = document_of(row, bureau_ogrn, particulars, signer).canonical_bytes()
    row.document = content
    row.document_streebog256 = streebog256_hex(content)
    row.particulars = particulars.model_dump(mode="json")
    row.composed_for = signer.snils
    return content
