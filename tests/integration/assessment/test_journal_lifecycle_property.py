"""Property over any sequence of provider calls and course events, on both stores (no broker needed: the
outbox rows are what the relay publishes, in order): batches record once, the closed course takes none,
the protocol is published once and after every journal event of the course."""

from __future__ import annotations

import asyncio
import base64
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, func, select

from kria_assessment import handlers
from kria_assessment.config import load_config
from kria_assessment.domain.assessments import QuestionnaireStage, RatingStage
from kria_assessment.schemas import ActivitiesIn
from kria_assessment.store.models import TABLES, EntryRow
from kria_assessment.usecases import Deps, assessments, journal, protocol
from kria_shared.clock import AdjustableClock, today_moscow
from kria_shared.db import Database
from kria_shared.envelope import Envelope
from kria_shared.errors import Conflict, DomainError
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWorkFactory

from .support import ORG, completed, day_of_journal, started

CONFIG = load_config()
SCALE = CONFIG.instruments.scales["icf-7-v1"]
QUESTIONNAIRE = CONFIG.instruments.questionnaires["parental-competence-v1"]

commands = st.lists(
    st.one_of(
        st.tuples(st.just("batch"), st.integers(0, 3)),  # batch 3 holds an invalid entry
        st.just(("close",)),
        st.just(("assess",)),
        st.just(("protocol",)),
    ),
    max_size=12,
)


@dataclass
class Model:
    closed: bool = False
    assessed: bool = False
    submitted: bool = False
    accepted: list[int] = field(default_factory=list)


async def scenario(url: str, steps: list[tuple[object, ...]]) -> None:
    db = Database(url, [OutboxRecord, InboxRecord, *TABLES])
    await db.create_tables()
    clock = AdjustableClock()
    deps = Deps(db, UnitOfWorkFactory(db, source="kria/assessment"), clock, CONFIG)
    today = today_moscow(clock)
    start, end = today - timedelta(days=21), today - timedelta(days=1)
    cid = "cert-" + uuid.uuid4().hex[:10]
    bodies = [day_of_journal(start + timedelta(days=i)) for i in range(4)]
    bodies[3]["entries"][0]["minutes"] = 5
    # The examples share one store: each gets its own specialists, whose day is bounded across the organisation.
    for body in bodies:
        for entry in body["entries"]:  # type: ignore[attr-defined]
            entry["specialist"] = f"{entry['specialist']}-{cid[-6:]}"
    try:
        await deliver(deps, handlers.on_course_started, started(cid, start, end))
        model = Model()
        for step in steps:
            await apply(deps, model, cid, step, bodies, start, end)
        await check(db, model, cid)
    finally:
        await db.close()


HEAD_SIGNATURE = base64.b64encode(bytes([0x30, 0x03, 0x02, 0x01, 0x00])).decode()  # a DER SEQUENCE


async def deliver(deps: Deps, handler: object, payload: object) -> None:
    async with deps.uows() as uow:
        env = Envelope(type=type(payload).__name__, source="kria/certificates", subject="x", correlation_id="t",
                       data={})
        await handler(uow, env, payload)  # type: ignore[operator]


async def apply(deps: Deps, model: Model, cid: str, step: tuple[object, ...], bodies: list[dict[str, object]],
                start: object, end: object) -> None:
    if step[0] == "batch":
        index = int(step[1])  # type: ignore[call-overload]
        try:
            result = await journal.record_batch(deps, ORG, cid, ActivitiesIn.model_validate(bodies[index]))
        except Conflict:
            assert model.closed and index not in model.accepted
        except DomainError:
            assert index == 3
        else:
            assert result.duplicate == (index in model.accepted)
            assert not model.closed or result.duplicate
            if not result.duplicate:
                model.accepted.append(index)
    elif step[0] == "close":
        await deliver(deps, handlers.on_course_completed, completed(cid, end))  # type: ignore[arg-type]
        model.closed = True
    elif step[0] == "assess":
        if model.submitted:
            return
        for stage, on in ((RatingStage.BASELINE, start), (RatingStage.CONTROL, end)):
            await assessments.put_rating(deps, ORG, cid, stage, SCALE.version, dict.fromkeys(SCALE.domains, 2), on)  # type: ignore[arg-type]
        for q_stage, on in ((QuestionnaireStage.BEFORE, start), (QuestionnaireStage.AFTER, end)):
            answers = {item.id: 1 for item in QUESTIONNAIRE.items}
            await assessments.put_answers(deps, ORG, cid, q_stage, QUESTIONNAIRE.version, answers, on)  # type: ignore[arg-type]
        model.assessed = True
    else:
        try:
            _, duplicate = await protocol.submit(deps, ORG, cid, None)
        except Conflict:
            assert not (model.closed and model.assessed)
        else:
            assert model.closed and model.assessed and duplicate == model.submitted
            # the head signs it (assessment checks only the shape; signing verifies): published once, however
            # often the same signature is posted
            await protocol.sign(deps, ORG, cid, HEAD_SIGNATURE, "head")
            model.submitted = True


async def check(db: Database, model: Model, cid: str) -> None:
    async with db.session() as s:
        types = list((await s.exec(select(OutboxRecord.type).where(col(OutboxRecord.key) == cid.encode())
                                  .order_by(col(OutboxRecord.id)))).all())
        entries = (await s.exec(select(func.count()).select_from(EntryRow)
                                .where(col(EntryRow.certificate_id) == cid))).one()
    expected = ["ActivitiesRecorded"] * len(model.accepted) + (["ProtocolSubmitted"] if model.submitted else [])
    assert types == expected
    assert entries == 8 * len(model.accepted)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=commands)
def test_any_sequence_records_each_batch_once_and_publishes_one_protocol_last(
    database_url: str, tmp_path: Path, steps: list[tuple[object, ...]]
) -> None:
    url = database_url
    if url.startswith("sqlite"):
        url = f"sqlite+aiosqlite:///{tmp_path}/{uuid.uuid4().hex}.sqlite3"  # a fresh store per example
    asyncio.run(scenario(url, steps))
