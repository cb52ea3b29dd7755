"""The signed document: canonical RFC 8785 bytes, no floats, frozen, stable across rebuilds."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
import rfc8785
from pydantic import ValidationError

from kria_signing.config.loader import load_methodology
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.domain.conclusion_document import ConclusionDocument, CriterionEntry
from kria_signing.usecases.drafting import conclusion_id_for, document_of, draft, finalise

from .builders import ineffective_figures, protocol

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def test_draft_of_an_effective_protocol_is_ready_and_its_bytes_are_canonical() -> None:
    row, result = draft(protocol(), load_methodology(), NOW)
    assert result.effective and row.state == ConclusionState.READY_TO_SIGN
    content = finalise(row, "1027700000008")
    parsed = orjson.loads(content)
    assert content == rfc8785.dumps(parsed)  # already canonical: sorted members, no whitespace
    assert content.startswith(b'{"bureau_ogrn":"1027700000008","certificate_id":"c-1",')
    assert parsed["conclusion_id"] == conclusion_id_for("p-1") == row.id
    assert parsed["drafted_at"] == "2026-11-20T09:30:00Z"
    assert [c["points"] for c in parsed["criteria"]] == [2, 2, 2, 2]
    assert row.document == content and row.document_streebog256 and len(row.document_streebog256) == 64


def test_the_same_draft_always_yields_the_same_bytes() -> None:
    row_a, _ = draft(protocol(), load_methodology(), NOW)
    row_b, _ = draft(protocol(), load_methodology(), NOW)
    assert finalise(row_a, "1") == finalise(row_b, "1")
    assert conclusion_id_for("p-1") != conclusion_id_for("p-2")


def test_an_ineffective_draft_with_a_dominant_reason_is_prefilled() -> None:
    row, result = draft(protocol(figures=ineffective_figures({"child_health": 7, "other": 2})), load_methodology(), NOW)
    assert not result.effective
    assert (row.reason, row.reason_source, row.state) == ("child_health", "prefilled", ConclusionState.READY_TO_SIGN)
    assert orjson.loads(finalise(row, "1"))["reason"] == "child_health"


def test_an_ineffective_draft_without_a_dominant_reason_awaits_the_expert() -> None:
    row, _ = draft(protocol(figures=ineffective_figures({"child_health": 1, "family_refused_activities": 1})),
                   load_methodology(), NOW)
    assert row.state == ConclusionState.AWAITING_REASON and row.reason is None


def test_floats_are_refused_and_the_model_is_frozen() -> None:
    with pytest.raises(ValidationError):
        CriterionEntry(number=1, code="x", points=1.0, inputs={}, why="")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        CriterionEntry(number=1, code="x", points=1, inputs={"share": 0.5}, why="")  # type: ignore[dict-item]
    row, _ = draft(protocol(), load_methodology(), NOW)
    doc = document_of(row, "1")
    with pytest.raises(ValidationError):
        doc.total_points = 1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ConclusionDocument.model_validate({**doc.model_dump(), "unexpected": 1})
