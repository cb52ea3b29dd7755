"""Reads for the organisation: its courses, and one course's journal and progress against the plan."""

from __future__ import annotations

from kria_assessment.config import AssessmentConfig
from kria_assessment.domain.access import owned
from kria_assessment.domain.assessments import QuestionnaireStage, RatingStage
from kria_assessment.domain.course import Course
from kria_assessment.domain.journal import RecordedEntry
from kria_assessment.domain.protocol import ProtocolInputs, missing_for_protocol
from kria_assessment.domain.summary import summarise, summary_as_dict
from kria_assessment.schemas import (
    AgeBand,
    CourseBrief,
    CourseDetail,
    CourseList,
    DurationRuleOut,
    InstrumentsOut,
    JournalEntryOut,
    JournalRulesOut,
    Progress,
    ProtocolRef,
    QuestionnaireBrief,
    QuestionnaireItemOut,
    QuestionnaireOutline,
    RatingBrief,
    ScaleOut,
)
from kria_assessment.store import assessments, courses, journal
from kria_assessment.usecases import Deps
from kria_shared.logging import correlation_id


async def list_courses(deps: Deps, organisation_id: str, state: str | None, limit: int, offset: int, *,
                       awaiting_signature: bool = False) -> CourseList:
    async with deps.uows(correlation_id.get()) as uow:
        found = await courses.of_organisation(uow.session, organisation_id, state, limit, offset,
                                              awaiting_signature=awaiting_signature)
        delivered = await journal.delivered_counts(uow.session, [c.certificate_id for c, _ in found])
    return CourseList(courses=[_brief(c, delivered.get(c.certificate_id, 0), signed) for c, signed in found],
                      limit=limit, offset=offset)


def _brief(course: Course, delivered: int, protocol_signed: bool = False) -> CourseBrief:
    closure = course.closure
    return CourseBrief(
        certificate_id=course.certificate_id, organisation_id=course.organisation_id,
        target_group=course.target_group, age_years=course.age_years, form=course.form,
        start_date=course.start_date, planned_end_date=course.planned_end_date, state=course.state.value,
        outcome=closure.outcome.value if closure else None, end_date=closure.end_date if closure else None,
        planned_total=sum(line.planned for line in course.plan), delivered_total=delivered,
        protocol_submitted=course.protocol_submitted, protocol_signed=protocol_signed,
    )


async def course_detail(deps: Deps, organisation_id: str, certificate_id: str) -> CourseDetail:
    async with deps.uows(correlation_id.get()) as uow:
        s = uow.session
        course = owned(await courses.load(s, certificate_id), certificate_id, organisation_id)
        entries = await journal.entries_of(s, certificate_id)
        ratings = {stage: await assessments.rating(s, certificate_id, stage) for stage in RatingStage}
        answers = {stage: await assessments.answers(s, certificate_id, stage) for stage in QuestionnaireStage}
        protocol = await assessments.protocol(s, certificate_id)
    summary = summarise(course.plan, [r.entry for r in entries], course.age_years, deps.config.rules)
    inputs = ProtocolInputs(course, entries, ratings[RatingStage.BASELINE], ratings[RatingStage.CONTROL],
                            answers[QuestionnaireStage.BEFORE], answers[QuestionnaireStage.AFTER])
    closure = course.closure
    return CourseDetail(
        **_brief(course, summary.delivered_total, protocol is not None and protocol.signed_at is not None).model_dump(),
        companion=course.companion,
        days_used=closure.days_used if closure else None,
        termination_reason=closure.reason.value if closure and closure.reason else None,
        allowed=course.allowed_actions(),
        missing_for_protocol=[] if protocol else missing_for_protocol(inputs),
        progress=Progress.model_validate(summary_as_dict(summary)),
        journal=[_journal_entry(r) for r in entries],
        ratings={stage.value: None if r is None else RatingBrief(scale_version=r.scale_version,
                                                                   ratings=dict(r.values), assessed_on=r.assessed_on)
                 for stage, r in ratings.items()},
        questionnaire={stage.value: None if a is None else QuestionnaireBrief(
            questionnaire_version=a.questionnaire_version, total=a.total, max_total=a.max_total,
            answered_on=a.answered_on) for stage, a in answers.items()},
        protocol=None if protocol is None else ProtocolRef(protocol_id=protocol.protocol_id, sha256=protocol.sha256),
    )


def _journal_entry(r: RecordedEntry) -> JournalEntryOut:
    e = r.entry
    return JournalEntryOut(entry_id=r.entry_id, batch_id=r.batch_id, direction=e.direction.value,
                           activity_type=e.activity_type.value, delivery=e.delivery.value, on=e.on,
                           minutes=e.minutes, specialist=e.specialist, status=e.status.value,
                           missed_reason=e.missed_reason.value if e.missed_reason else None,
                           missed_text=e.missed_text)


def instruments(config: AssessmentConfig) -> InstrumentsOut:
    """The versioned scales, questionnaires and journal rules in force, so clients build valid input."""
    rules = config.rules
    return InstrumentsOut(
        scales=[ScaleOut(version=s.version, title=s.title, domains=list(s.domains), min_value=s.min_value,
                         max_value=s.max_value, lower_is_better=s.lower_is_better)
                for s in config.instruments.scales.values()],
        questionnaires=[QuestionnaireOutline(version=q.version, title=q.title, min_score=q.min_score,
                                             max_score=q.max_score, max_total=q.max_total,
                                             items=[QuestionnaireItemOut(id=i.id, text=i.text) for i in q.items])
                        for q in config.instruments.questionnaires.values()],
        journal_rules=JournalRulesOut(
            version=rules.version,
            directions={d.value: AgeBand(age_from=a.age_from, age_to=a.age_to)
                        for d, a in rules.direction_ages.items()},
            durations=[DurationRuleOut(name=r.name, activity_types=sorted(t.value for t in r.activity_types),
                                       delivery=r.delivery.value if r.delivery else None,
                                       age_from=r.ages.age_from if r.ages else None,
                                       age_to=r.ages.age_to if r.ages else None,
                                       min_minutes=r.min_minutes, max_minutes=r.max_minutes)
                       for r in rules.durations],
            baseline_window_days=rules.baseline_window_days,
            control_window_days=rules.control_window_days,
        ),
    )
