"""Baseline/control ratings, before/after questionnaires and the frozen protocol."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_assessment.domain.assessments import QuestionnaireAnswers, QuestionnaireStage, Rating, RatingStage
from kria_assessment.store.models import ProtocolRow, QuestionnaireRow, RatingRow


async def rating(session: AsyncSession, certificate_id: str, stage: RatingStage) -> Rating | None:
    row = await session.get(RatingRow, (certificate_id, stage.value))
    if row is None:
        return None
    return Rating(stage, row.scale_version, dict(row.ratings), row.assessed_on)


async def put_rating(session: AsyncSession, certificate_id: str, value: Rating, now: datetime) -> None:
    row = await session.get(RatingRow, (certificate_id, value.stage.value))
    if row is None:
        row = RatingRow(certificate_id=certificate_id, stage=value.stage.value, scale_version=value.scale_version,
                        ratings=dict(value.values), assessed_on=value.assessed_on, recorded_at=now)
    else:  # PUT replaces until the protocol freezes it
        row.scale_version, row.ratings, row.assessed_on = value.scale_version, dict(value.values), value.assessed_on
        row.recorded_at = now
    session.add(row)


async def answers(session: AsyncSession, certificate_id: str, stage: QuestionnaireStage) -> QuestionnaireAnswers | None:
    row = await session.get(QuestionnaireRow, (certificate_id, stage.value))
    if row is None:
        return None
    return QuestionnaireAnswers(stage, row.questionnaire_version, dict(row.answers), row.answered_on, row.total,
                                row.max_total)


async def put_answers(
    session: AsyncSession, certificate_id: str, value: QuestionnaireAnswers, now: datetime
) -> None:
    row = await session.get(QuestionnaireRow, (certificate_id, value.stage.value))
    if row is None:
        row = QuestionnaireRow(certificate_id=certificate_id, stage=value.stage.value,
                               questionnaire_version=value.questionnaire_version, answers=dict(value.answers),
                               answered_on=value.answered_on, total=value.total, max_total=value.max_total,
                               recorded_at=now)
    else:
        row.questionnaire_version, row.answers = value.questionnaire_version, dict(value.answers)
        row.answered_on, row.total, row.max_total = value.answered_on, value.total, value.max_total
        row.recorded_at = now
    session.add(row)


async def protocol(session: AsyncSession, certificate_id: str) -> ProtocolRow | None:
    return await session.get(ProtocolRow, certificate_id)
