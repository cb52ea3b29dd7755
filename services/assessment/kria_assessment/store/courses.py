"""Course cases and their closure."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_assessment.domain.course import Closure, Course, Outcome, PlanItem
from kria_assessment.store.models import ClosureRow, CourseRow, ProtocolRow
from kria_shared.contracts.certificates import CourseStarted
from kria_shared.contracts.common import ActivityType, Delivery, Direction, MissReason


async def lock(session: AsyncSession, certificate_id: str) -> None:
    """Take the course's write lock first (a row lock on PostgreSQL, the write lock on SQLite), so journal
    batches, ratings and the protocol of one course never interleave."""
    await session.exec(
        update(CourseRow).where(col(CourseRow.certificate_id) == certificate_id)
        .values(revision=col(CourseRow.revision) + 1)
    )


async def load(session: AsyncSession, certificate_id: str) -> Course | None:
    """The course with its closure and whether its protocol is in, in one query (every journal write loads it)."""
    query = _with_closure_and_protocol().where(col(CourseRow.certificate_id) == certificate_id)
    found = (await session.exec(query)).first()
    if found is None:
        return None
    row, closure, protocol = found
    return to_course(row, closure, protocol is not None)


def _with_closure_and_protocol() -> Any:
    return (
        select(CourseRow, ClosureRow, ProtocolRow.certificate_id)
        .join(ClosureRow, col(ClosureRow.certificate_id) == col(CourseRow.certificate_id), isouter=True)
        .join(ProtocolRow, col(ProtocolRow.certificate_id) == col(CourseRow.certificate_id), isouter=True)
    )


def to_course(row: CourseRow, closure: ClosureRow | None, protocol_submitted: bool) -> Course:
    return Course(
        certificate_id=row.certificate_id,
        organisation_id=row.organisation_id,
        target_group=row.target_group,
        age_years=row.age_years,
        form=row.form,
        companion=row.companion,
        start_date=row.start_date,
        planned_end_date=row.planned_end_date,
        plan=tuple(
            PlanItem(Direction(p["direction"]), ActivityType(p["activity_type"]), Delivery(p["delivery"]),
                     int(p["planned"]), int(p["min"]), int(p["max"]))
            for p in row.plan
        ),
        closure=None if closure is None else Closure(
            outcome=Outcome(closure.outcome), end_date=closure.end_date, days_used=closure.days_used,
            reason=MissReason(closure.reason) if closure.reason else None, reason_text=closure.reason_text,
        ),
        protocol_submitted=protocol_submitted,
        mse_limitations={str(k): int(v) for k, v in (row.mse_limitations or {}).items()},
    )


async def open_case(session: AsyncSession, started: CourseStarted) -> bool:
    """Store the case; False when it was already open (a re-sent CourseStarted changes nothing)."""
    if await session.get(CourseRow, started.certificate_id) is not None:
        return False
    session.add(CourseRow(
        certificate_id=started.certificate_id, organisation_id=started.organisation_id,
        target_group=started.target_group, age_years=started.age_years, form=started.form.value,
        companion=started.companion, start_date=started.start_date, planned_end_date=started.planned_end_date,
        estimate_id=started.estimate_id, plan=[line.model_dump(mode="json") for line in started.plan],
        mse_limitations=dict(started.mse_limitations or {}),
    ))
    return True


async def close_case(session: AsyncSession, certificate_id: str, outcome: Outcome, end_date: date, days_used: int,
                     reason: MissReason | None = None, reason_text: str | None = None) -> bool:
    """Store the end, whether or not the start has arrived yet; the first end received wins."""
    await lock(session, certificate_id)
    if await session.get(ClosureRow, certificate_id) is not None:
        return False
    session.add(ClosureRow(certificate_id=certificate_id, outcome=outcome.value, end_date=end_date,
                           days_used=days_used, reason=reason.value if reason else None, reason_text=reason_text))
    return True


async def of_organisation(session: AsyncSession, organisation_id: str, state: str | None, limit: int,
                          offset: int, *, awaiting_signature: bool = False) -> list[tuple[Course, bool]]:
    """The organisation's courses, newest start first, each with whether its protocol is signed; ``state``
    open | closed | None (all); ``awaiting_signature``: only those whose protocol is frozen but not yet signed."""
    query = (select(CourseRow, ClosureRow, ProtocolRow.certificate_id, ProtocolRow.signed_at)
             .join(ClosureRow, col(ClosureRow.certificate_id) == col(CourseRow.certificate_id), isouter=True)
             .join(ProtocolRow, col(ProtocolRow.certificate_id) == col(CourseRow.certificate_id), isouter=True)
             .where(col(CourseRow.organisation_id) == organisation_id))
    if state == "open":
        query = query.where(col(ClosureRow.certificate_id).is_(None))
    elif state == "closed":
        query = query.where(col(ClosureRow.certificate_id).is_not(None))
    if awaiting_signature:
        query = query.where(col(ProtocolRow.certificate_id).is_not(None), col(ProtocolRow.signed_at).is_(None))
    query = query.order_by(col(CourseRow.start_date).desc(), col(CourseRow.certificate_id)).limit(limit).offset(offset)
    rows = (await session.exec(query)).all()
    return [(to_course(course, closure, protocol is not None), signed_at is not None)
            for course, closure, protocol, signed_at in rows]
