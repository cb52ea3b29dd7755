"""Freeze and hash the control-assessment protocol; publish it once the organisation's head has signed it.

The provider freezes the protocol (its RFC 8785 bytes and the event that will carry it); the head reads those
bytes, signs them (GOST CAdES, detached) and posts the signature: only then is ProtocolSubmitted emitted, with
the document and the signature, for the signing service to verify before drafting.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import rfc8785

from kria_assessment.domain.access import owned
from kria_assessment.domain.assessments import QuestionnaireStage, RatingStage
from kria_assessment.domain.protocol import (
    Protocol,
    ProtocolInputs,
    build_protocol,
    ensure_instruments_in_force,
    ensure_ready,
    protocol_document,
    rated_domains,
)
from kria_assessment.domain.protocol_signature import SignatureState, decode_signature, is_repeat
from kria_assessment.metrics import PROTOCOLS_SIGNED, PROTOCOLS_SUBMITTED
from kria_assessment.store import assessments, courses, journal
from kria_assessment.store.models import ProtocolRow
from kria_assessment.usecases import Deps
from kria_shared.contracts.assessment import DirectionSummary, DomainRating, ProtocolSubmitted
from kria_shared.errors import NotFound
from kria_shared.logging import correlation_id


@dataclass(frozen=True)
class FrozenProtocol:
    certificate_id: str
    protocol_id: str
    sha256: str
    canonical: bytes  # the RFC 8785 bytes that were hashed
    signed_at: datetime | None = None

    def document(self) -> dict[str, Any]:
        return orjson.loads(self.canonical)  # type: ignore[no-any-return]


def canonical_form(document: dict[str, Any]) -> tuple[bytes, str]:
    canonical = rfc8785.dumps(document)
    return canonical, hashlib.sha256(canonical).hexdigest()


def _frozen(row: ProtocolRow) -> FrozenProtocol:
    return FrozenProtocol(row.certificate_id, row.protocol_id, row.sha256, row.canonical.encode(), row.signed_at)


async def submit(
    deps: Deps, organisation_id: str, certificate_id: str, notes: str | None
) -> tuple[FrozenProtocol, bool]:
    """The protocol and whether it had been submitted before (then nothing is published again)."""
    async with deps.uows(correlation_id.get()) as uow:
        s = uow.session
        await courses.lock(s, certificate_id)
        course = owned(await courses.load(s, certificate_id), certificate_id, organisation_id)
        existing = await assessments.protocol(s, certificate_id)
        if existing is not None:
            return _frozen(existing), True
        inputs = ProtocolInputs(
            course, await journal.entries_of(s, certificate_id),
            await assessments.rating(s, certificate_id, RatingStage.BASELINE),
            await assessments.rating(s, certificate_id, RatingStage.CONTROL),
            await assessments.answers(s, certificate_id, QuestionnaireStage.BEFORE),
            await assessments.answers(s, certificate_id, QuestionnaireStage.AFTER),
        )
        ensure_ready(inputs)
        assert inputs.baseline is not None and inputs.before is not None and course.closure is not None
        # The latest instrument used: a course that ended early may have no control ratings or after-answers.
        scale = deps.config.instruments.scales.get((inputs.control or inputs.baseline).scale_version)
        questionnaire = deps.config.instruments.questionnaires.get(
            (inputs.after or inputs.before).questionnaire_version)
        ensure_instruments_in_force(course, scale, questionnaire)
        assert scale is not None and questionnaire is not None
        protocol = build_protocol(inputs, scale, questionnaire.max_total, deps.config.rules, str(uuid.uuid4()),
                                  deps.now(), notes)
        canonical, sha = canonical_form(protocol_document(protocol))
        event = protocol_event(protocol, sha).model_dump_json()
        s.add(ProtocolRow(certificate_id=certificate_id, protocol_id=protocol.protocol_id, sha256=sha,
                          canonical=canonical.decode(), submitted_at=protocol.submitted_at, event=event))
    PROTOCOLS_SUBMITTED.labels(course.closure.outcome.value).inc()
    return FrozenProtocol(certificate_id, protocol.protocol_id, sha, canonical), False


async def sign(deps: Deps, organisation_id: str, certificate_id: str, signature: str,
               signer: str) -> tuple[FrozenProtocol, bool]:
    """Record the head's signature and publish the signed protocol; a repeat of the same signature is answered
    with the protocol and publishes nothing."""
    der = decode_signature(signature)
    async with deps.uows(correlation_id.get()) as uow:
        s = uow.session
        await courses.lock(s, certificate_id)
        course = owned(await courses.load(s, certificate_id), certificate_id, organisation_id)
        row = await assessments.protocol(s, certificate_id)
        if row is None:
            raise NotFound("protocol of course", certificate_id)
        if is_repeat(SignatureState(row.signature, row.event is not None), der, course_state=course.state.value):
            return _frozen(row), True
        assert row.event is not None
        row.signature, row.signed_at, row.signed_by = base64.b64encode(der).decode(), deps.now(), signer
        s.add(row)
        unsigned = ProtocolSubmitted.model_validate_json(row.event)
        uow.emit(unsigned.model_copy(update={"protocol_document": row.canonical,
                                             "organisation_signature": row.signature}), subject=certificate_id)
    PROTOCOLS_SIGNED.inc()
    return _frozen(row), False


async def read(deps: Deps, organisation_id: str | None, certificate_id: str) -> FrozenProtocol:
    async with deps.uows(correlation_id.get()) as uow:
        owned(await courses.load(uow.session, certificate_id), certificate_id, organisation_id)
        row = await assessments.protocol(uow.session, certificate_id)
    if row is None:
        raise NotFound("protocol of course", certificate_id)
    return _frozen(row)


def protocol_event(protocol: Protocol, sha: str) -> ProtocolSubmitted:
    course, summary, inputs = protocol.inputs.course, protocol.summary, protocol.inputs
    assert course.closure is not None and inputs.before is not None
    return ProtocolSubmitted(
        certificate_id=course.certificate_id,
        protocol_id=protocol.protocol_id,
        organisation_id=course.organisation_id,
        target_group=course.target_group,
        age_years=course.age_years,
        outcome=course.closure.outcome.value,
        directions=[
            DirectionSummary(direction=d.direction, required=d.required, planned=d.planned, min=d.min, max=d.max,
                             delivered=d.delivered, missed=d.missed)
            for d in summary.directions
        ],
        planned_total=summary.planned_total,
        delivered_total=summary.delivered_total,
        countable_total=summary.countable_total,
        missed_by_reason={reason.value: n for reason, n in summary.missed_by_reason.items()},
        scale_version=protocol.scale.version,
        lower_is_better=protocol.scale.lower_is_better,
        ratings=[DomainRating(domain=d, baseline=b, control=c) for d, b, c in rated_domains(protocol)],
        mse_limitations=dict(course.mse_limitations) or None,
        questionnaire_version=(inputs.after or inputs.before).questionnaire_version,
        parental_before=inputs.before.total,
        parental_after=inputs.after.total if inputs.after else None,
        parental_max=protocol.parental_max,
        journal_entries=summary.journal_entries,
        protocol_sha256=sha,
        # notes (free text) stay in the frozen document, which protocol_sha256 identifies; neither consumer
        # (costing, signing) reads them, so they are not put on Kafka (issue 20, item 8).
    )
