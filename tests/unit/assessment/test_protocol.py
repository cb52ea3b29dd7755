"""The protocol: what it still needs, the frozen document, its RFC 8785 hash and the published event."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from kria_assessment.domain.assessments import QuestionnaireAnswers, QuestionnaireStage, Rating, RatingStage
from kria_assessment.domain.course import Outcome
from kria_assessment.domain.journal import RecordedEntry
from kria_assessment.domain.protocol import ProtocolInputs, build_protocol, missing_for_protocol, protocol_document
from kria_assessment.usecases.protocol import canonical_form, protocol_event
from kria_shared.contracts.assessment import ProtocolSubmitted

from .builders import CONFIG, PLANNED_END, START, closed, make_course
from .test_summary_arithmetic import hand_written_journal

SCALE = CONFIG.instruments.scales["icf-7-v1"]
QUESTIONNAIRE = CONFIG.instruments.questionnaires["parental-competence-v1"]
BASELINE = Rating(RatingStage.BASELINE, SCALE.version, dict(zip(SCALE.domains, [3, 3, 2, 2, 1, 4, 0], strict=True)),
                  START)
CONTROL = Rating(RatingStage.CONTROL, SCALE.version, dict(zip(SCALE.domains, [2, 3, 2, 1, 1, 3, 0], strict=True)),
                 PLANNED_END)
BEFORE = QuestionnaireAnswers(QuestionnaireStage.BEFORE, QUESTIONNAIRE.version, {}, START, 12, 30)
AFTER = QuestionnaireAnswers(QuestionnaireStage.AFTER, QUESTIONNAIRE.version, {}, PLANNED_END, 21, 30)
SUBMITTED = datetime(2026, 3, 24, 9, 30, tzinfo=UTC)


def inputs(outcome: Outcome | None = Outcome.COMPLETED, **missing: None) -> ProtocolInputs:
    end = PLANNED_END if outcome is Outcome.COMPLETED else START + timedelta(days=9)
    course = make_course(closure=closed(end, outcome) if outcome else None)
    entries = [RecordedEntry(f"e{i}", "b1", e) for i, e in enumerate(hand_written_journal())]
    pieces = {"baseline": BASELINE, "control": CONTROL, "before": BEFORE, "after": AFTER, **missing}
    return ProtocolInputs(course, entries, **pieces)


def test_an_open_course_or_missing_control_ratings_block_the_protocol() -> None:
    assert missing_for_protocol(inputs(outcome=None)) == ["course_end"]
    assert missing_for_protocol(inputs(Outcome.COMPLETED, control=None, after=None)) == [
        "control_ratings", "questionnaire_after"]
    assert missing_for_protocol(inputs(Outcome.COMPLETED, after=None)) == ["questionnaire_after"]
    assert missing_for_protocol(inputs(Outcome.COMPLETED)) == []


def test_a_course_ended_early_is_submitted_with_what_was_done() -> None:
    assert missing_for_protocol(inputs(Outcome.TERMINATED_EARLY, control=None, after=None)) == []
    assert missing_for_protocol(inputs(Outcome.TERMINATED_EARLY)) == []
    # The baseline and the before-questionnaire are taken at the start, so they are still needed.
    assert missing_for_protocol(inputs(Outcome.TERMINATED_EARLY, baseline=None, before=None, control=None,
                                       after=None)) == ["baseline_ratings", "questionnaire_before"]


def test_without_control_data_the_document_and_event_say_so_explicitly() -> None:
    cut = build_protocol(inputs(Outcome.TERMINATED_EARLY, control=None, after=None), SCALE, QUESTIONNAIRE.max_total,
                         CONFIG.rules, "p-2", SUBMITTED, None)
    document = protocol_document(cut)
    assert document["ratings"]["control_on"] is None
    assert {(d["control"], d["improved"]) for d in document["ratings"]["domains"]} == {(None, None)}
    assert [d["baseline"] for d in document["ratings"]["domains"]] == [3, 3, 2, 2, 1, 4, 0]
    assert (document["parental"]["before"], document["parental"]["after"], document["parental"]["after_on"]) == (
        12, None, None)
    canonical, _ = canonical_form(document)
    assert json.loads(canonical) == document
    event = protocol_event(cut, "cd" * 32)
    assert event.outcome == "terminated_early" and event.parental_after is None
    assert event.questionnaire_version == QUESTIONNAIRE.version and event.parental_max == 30
    assert [(r.baseline, r.control) for r in event.ratings][:2] == [(3, None), (3, None)]
    assert ProtocolSubmitted.model_validate_json(event.model_dump_json()) == event  # what consumers parse


def protocol(notes: str | None = None, outcome: Outcome = Outcome.COMPLETED):  # type: ignore[no-untyped-def]
    return build_protocol(inputs(outcome), SCALE, QUESTIONNAIRE.max_total, CONFIG.rules, "p-1", SUBMITTED, notes)


def test_the_document_holds_journal_ratings_and_parental_scores() -> None:
    doc = protocol(notes="good progress")
    document = protocol_document(doc)
    assert document["journal"]["planned_total"] == 35 and document["journal"]["delivered_total"] == 22
    assert document["journal"]["missed_by_reason"] == {"child_health": 1, "family_refused_activities": 1,
                                                       "family_refused_course": 0, "organisation_failure": 0,
                                                       "other": 1}
    assert [m["text"] for m in document["journal"]["missed"]] == [None, "transport strike", None]
    assert [(d["domain"], d["improved"]) for d in document["ratings"]["domains"]] == [
        ("self_care", True), ("mobility", False), ("orientation", False), ("communication", True),
        ("behaviour_control", False), ("learning", True), ("work_play", False)]
    assert document["parental"] == {"questionnaire_version": "parental-competence-v1", "before": 12, "after": 21,
                                    "max": 30, "before_on": START.isoformat(), "after_on": PLANNED_END.isoformat()}
    assert document["course"]["outcome"] == "completed" and document["notes"] == "good progress"


def test_the_hash_is_over_the_rfc8785_canonical_form() -> None:
    document = protocol_document(protocol())
    canonical, sha = canonical_form(document)
    assert sha == hashlib.sha256(canonical).hexdigest()
    assert json.loads(canonical) == document
    assert canonical == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert canonical_form(protocol_document(protocol(notes="x")))[1] != sha


@pytest.mark.parametrize("outcome", [Outcome.COMPLETED, Outcome.TERMINATED_EARLY])
def test_the_event_fills_every_contract_field(outcome: Outcome) -> None:
    event = protocol_event(protocol(outcome=outcome), "ab" * 32)
    assert event.outcome == outcome.value and event.protocol_sha256 == "ab" * 32
    assert (event.planned_total, event.delivered_total, event.journal_entries) == (35, 22, 25)
    assert event.missed_by_reason == {"child_health": 1, "family_refused_activities": 1, "family_refused_course": 0,
                                      "organisation_failure": 0, "other": 1}
    household = next(d for d in event.directions if d.direction == "social_household")
    assert (household.required, household.planned, household.min, household.max, household.delivered,
            household.missed) == (True, 19, 14, 24, 10, 2)
    assert len(event.directions) == 7 and len(event.ratings) == 7
    assert (event.parental_before, event.parental_after, event.parental_max) == (12, 21, 30)
    assert (event.target_group, event.age_years, event.scale_version, event.lower_is_better) == (
        "2", 10, "icf-7-v1", True)


def test_the_mses_baseline_of_the_course_goes_into_the_document_and_the_event() -> None:
    from dataclasses import replace

    assert protocol_event(protocol(), "ab" * 32).mse_limitations is None  # a certificate that carried none
    base = inputs()
    given = replace(base, course=replace(base.course, mse_limitations={"self_care": 2, "mobility": 0}))
    built = build_protocol(given, SCALE, QUESTIONNAIRE.max_total, CONFIG.rules, "p-1", SUBMITTED, None)
    assert protocol_document(built)["ratings"]["mse_limitations"] == {"self_care": 2, "mobility": 0}
    assert protocol_event(built, "ab" * 32).mse_limitations == {"self_care": 2, "mobility": 0}
