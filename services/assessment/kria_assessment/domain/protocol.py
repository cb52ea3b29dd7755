"""The control-assessment protocol: when it may be submitted and the document it freezes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kria_assessment.domain.assessments import QuestionnaireAnswers, Rating
from kria_assessment.domain.course import Course, Outcome
from kria_assessment.domain.instruments import Questionnaire, Scale
from kria_assessment.domain.journal import EntryStatus, RecordedEntry
from kria_assessment.domain.rules import JournalRules
from kria_assessment.domain.summary import JournalSummary, summarise, summary_as_dict
from kria_shared.errors import Conflict

DOCUMENT_KIND = "kria.assessment.protocol/1"


@dataclass(frozen=True)
class ProtocolInputs:
    course: Course
    entries: Sequence[RecordedEntry]
    baseline: Rating | None
    control: Rating | None
    before: QuestionnaireAnswers | None
    after: QuestionnaireAnswers | None


def missing_for_protocol(inputs: ProtocolInputs) -> list[str]:
    """What is still needed. A course that ended early is submitted with what was done: its control ratings and
    after-questionnaire may be missing (there may have been no last days to take them in), but the baseline and
    the before-questionnaire are taken at the start (DOMAIN.md §5), so every course that ran has them and the
    protocol still needs them. A completed course needs everything."""
    closure = inputs.course.closure
    missing = [] if closure is not None else ["course_end"]
    pieces = {"baseline_ratings": inputs.baseline, "control_ratings": inputs.control,
              "questionnaire_before": inputs.before, "questionnaire_after": inputs.after}
    if closure is not None and closure.outcome is Outcome.TERMINATED_EARLY:
        del pieces["control_ratings"], pieces["questionnaire_after"]
    missing.extend(name for name, piece in pieces.items() if piece is None)
    return missing


@dataclass(frozen=True)
class Protocol:
    protocol_id: str
    submitted_at: datetime
    inputs: ProtocolInputs
    summary: JournalSummary
    scale: Scale
    parental_max: int
    rules_version: str
    notes: str | None


def build_protocol(inputs: ProtocolInputs, scale: Scale, parental_max: int, rules: JournalRules,
                   protocol_id: str, submitted_at: datetime, notes: str | None) -> Protocol:
    if missing_for_protocol(inputs):
        raise ValueError("protocol inputs incomplete")  # callers check first and answer 409
    summary = summarise(inputs.course.plan, [r.entry for r in inputs.entries], inputs.course.age_years, rules)
    return Protocol(protocol_id, submitted_at, inputs, summary, scale, parental_max, rules.version, notes)


def rated_domains(protocol: Protocol) -> list[tuple[str, int, int | None]]:
    """(domain, baseline, control) per scale domain; control is None where no control rating was taken."""
    baseline, control = protocol.inputs.baseline, protocol.inputs.control
    assert baseline is not None
    return [(d, baseline.values[d], control.values[d] if control else None) for d in protocol.scale.domains]


def protocol_document(protocol: Protocol) -> dict[str, Any]:
    """The frozen document (JSON values only: no floats) that is canonicalised and hashed."""
    course, inputs = protocol.inputs.course, protocol.inputs
    closure, baseline, control = course.closure, inputs.baseline, inputs.control
    before, after = inputs.before, inputs.after
    assert closure is not None and baseline is not None and before is not None
    return {
        "kind": DOCUMENT_KIND,
        "protocol_id": protocol.protocol_id,
        "submitted_at": protocol.submitted_at.isoformat(),
        "certificate_id": course.certificate_id,
        "organisation_id": course.organisation_id,
        "target_group": course.target_group,
        "age_years": course.age_years,
        "form": course.form,
        "companion": course.companion,
        "course": {
            "start_date": course.start_date.isoformat(),
            "planned_end_date": course.planned_end_date.isoformat(),
            "end_date": closure.end_date.isoformat(),
            "days_used": closure.days_used,
            "outcome": closure.outcome.value,
            "termination_reason": closure.reason.value if closure.reason else None,
            "termination_text": closure.reason_text,
        },
        "journal": _journal(protocol),
        "ratings": {
            "scale_version": protocol.scale.version,
            "lower_is_better": protocol.scale.lower_is_better,
            "baseline_on": baseline.assessed_on.isoformat(),
            "control_on": control.assessed_on.isoformat() if control else None,
            "domains": [
                {"domain": d, "baseline": b, "control": c,
                 "improved": protocol.scale.improved(b, c) if c is not None else None}
                for d, b, c in rated_domains(protocol)
            ],
            # the MSE's own baseline (degree 0-3 per category): the domains the effect is scored over
            "mse_limitations": dict(course.mse_limitations) or None,
        },
        "parental": {
            "questionnaire_version": before.questionnaire_version,
            "before": before.total,
            "after": after.total if after else None,
            "max": protocol.parental_max,
            "before_on": before.answered_on.isoformat(),
            "after_on": after.answered_on.isoformat() if after else None,
        },
        "notes": protocol.notes,
    }


def _journal(protocol: Protocol) -> dict[str, Any]:
    missed = [r for r in protocol.inputs.entries if r.entry.status is EntryStatus.MISSED]
    return {
        "rules_version": protocol.rules_version,
        **summary_as_dict(protocol.summary),
        "missed": [
            {"entry_id": r.entry_id, "on": r.entry.on.isoformat(), "direction": r.entry.direction.value,
             "activity_type": r.entry.activity_type.value,
             "reason": r.entry.missed_reason.value if r.entry.missed_reason else None,
             "text": r.entry.missed_text}
            for r in missed
        ],
    }


def ensure_ready(inputs: ProtocolInputs) -> None:
    """A protocol is frozen only when the course has ended and everything it reports on was recorded."""
    missing = missing_for_protocol(inputs)
    if missing:
        course = inputs.course
        raise Conflict("protocol_not_ready", "the protocol needs: " + ", ".join(missing),
                       state=course.state.value, missing=missing, allowed=course.allowed_actions())


def ensure_instruments_in_force(course: Course, scale: Scale | None, questionnaire: Questionnaire | None) -> None:
    if scale is None or questionnaire is None:
        raise Conflict("instrument_retired", "the scale or questionnaire used is no longer configured; re-record "
                       "the ratings and answers on a current version", state=course.state.value,
                       allowed=course.allowed_actions())
