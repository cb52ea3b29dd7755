"""The signed document: canonical RFC 8785 bytes, no floats, frozen, stable across rebuilds; v2 names the child,
the MSE act, the IPRA and the signer; a v1 document stays readable."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
import rfc8785
from pydantic import ValidationError

from kria_signing.config.loader import load_methodology
from kria_signing.domain.authority import AuthorisedSigner, SignerRole
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.domain.conclusion_document import (
    ConclusionDocument,
    ConclusionDocumentV2,
    CriterionEntry,
    read_document,
)
from kria_signing.domain.conclusion_form import REASONS
from kria_signing.domain.reason import IneffectiveReason
from kria_signing.usecases.drafting import compose, conclusion_id_for, document_of, draft

from .builders import HEAD, ineffective_figures, particulars, protocol

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
# A v1 document as signed before v2 existed (its exact bytes): it must stay readable as it is.
V1_BYTES = (
    b'{"bureau_ogrn":"1027700000008","certificate_id":"c-1","conclusion_id":"0d8c4b9e-6d43-5b0c-9a43-7f0c2f1c1a11",'
    b'"criteria":[{"code":"comprehensiveness","inputs":{"missing":[]},"number":1,"points":2,"why":"all delivered"}],'
    b'"drafted_at":"2026-06-01T09:30:00Z","effective":true,"methodology_version":"2026.1","organisation_id":"org-1",'
    b'"outcome":"completed","protocol_id":"p-1","protocol_sha256":"ab","reason":null,"reason_source":null,'
    b'"reason_text":null,"schema_version":"kria.mse.conclusion.v1","target_group":"2","total_points":8}'
)


def test_an_effective_draft_is_ready_and_its_v2_bytes_are_canonical_and_name_the_child_and_the_signer() -> None:
    row, result = draft(protocol(), load_methodology(), NOW)
    assert result.effective and row.state == ConclusionState.READY_TO_SIGN
    assert row.document is None  # the event drafts only: the document is composed at the signer's act
    content = compose(row, "1027700000008", particulars(), HEAD)
    parsed = orjson.loads(content)
    assert content == rfc8785.dumps(parsed)  # already canonical: sorted members, no whitespace
    assert content.startswith(b'{"bureau_ogrn":"1027700000008","certificate_id":"c-1","child":{')
    assert parsed["schema_version"] == "kria.mse.conclusion.v2"
    assert parsed["conclusion_id"] == conclusion_id_for("p-1") == row.id
    assert parsed["child"] == {"snils": "123-400-000 70", "full_name": "Смирнов Иван Петрович",
                               "birth_date": "2012-05-03"}
    assert parsed["mse_act"] == {"number": "300.8.66/2026", "date": "2026-10-19"}
    assert parsed["ipra_number"] == "200.8.66/2026"
    assert parsed["course"] == {"start_date": "2026-11-02", "end_date": "2027-01-29"}
    assert parsed["signer"] == {"full_name": "Петрова Ольга Николаевна",
                                "position": "руководитель главного бюро медико-социальной экспертизы"}
    assert parsed["drafted_at"] == "2026-11-20T09:30:00Z"
    assert [c["points"] for c in parsed["criteria"]] == [2, 2, 2, 2]
    assert parsed["criteria"][3]["explanation"].startswith("анкета родителей: 20 → 30 баллов из 40")
    assert row.document == content and row.document_streebog256 and len(row.document_streebog256) == 64
    assert row.composed_for == HEAD.snils and row.particulars and row.particulars["ipra_number"] == "200.8.66/2026"


def test_the_same_draft_for_the_same_signer_always_yields_the_same_bytes_and_another_signer_others() -> None:
    row_a, _ = draft(protocol(), load_methodology(), NOW)
    row_b, _ = draft(protocol(), load_methodology(), NOW)
    assert compose(row_a, "1", particulars(), HEAD) == compose(row_b, "1", particulars(), HEAD)
    deputy = AuthorisedSigner(name="Сидоров Петр", snils="22233344405", role=SignerRole.DEPUTY,
                              position="заместитель руководителя по экспертной работе")
    other = orjson.loads(compose(row_b, "1", particulars(), deputy))
    assert other["signer"] == {"full_name": "Сидоров Петр", "position": "заместитель руководителя по экспертной работе"}
    assert conclusion_id_for("p-1") != conclusion_id_for("p-2")


def test_an_ineffective_draft_with_a_dominant_reason_is_prefilled_and_worded() -> None:
    row, result = draft(protocol(figures=ineffective_figures({"child_health": 7, "other": 2})), load_methodology(), NOW)
    assert not result.effective
    assert (row.reason, row.reason_source, row.state) == ("child_health", "prefilled", ConclusionState.READY_TO_SIGN)
    parsed = orjson.loads(compose(row, "1", particulars(), HEAD))
    assert parsed["reason"] == "child_health" and parsed["effective"] is False
    assert parsed["reason_words"] == "состояние здоровья ребенка не позволило оказать услуги в полном объеме"


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
    doc = document_of(row, "1", particulars(), HEAD)
    with pytest.raises(ValidationError):
        doc.total_points = 1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ConclusionDocumentV2.model_validate({**doc.model_dump(), "unexpected": 1})


def test_both_versions_are_read_back_by_their_schema_version() -> None:
    v1 = read_document(V1_BYTES)
    assert isinstance(v1, ConclusionDocument) and v1.total_points == 8
    assert v1.canonical_bytes() == V1_BYTES  # read and re-serialised, a v1 document is byte for byte itself
    row, _ = draft(protocol(), load_methodology(), NOW)
    content = compose(row, "1", particulars(), HEAD)
    v2 = read_document(content)
    assert isinstance(v2, ConclusionDocumentV2) and v2.child.full_name == "Смирнов Иван Петрович"
    assert v2.canonical_bytes() == content
    with pytest.raises(ValidationError):
        read_document(V1_BYTES.replace(b"conclusion.v1", b"conclusion.v9"))


def test_every_reason_an_expert_may_give_is_worded_in_russian() -> None:
    for reason in IneffectiveReason:
        assert REASONS[str(reason)] and all(c < "a" or c > "z" for c in REASONS[str(reason)]), reason
