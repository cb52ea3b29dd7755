"""Record a batch of journal entries: validated as a whole, recorded once per batch id, published as one event."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import rfc8785
from sqlalchemy.exc import IntegrityError

from kria_assessment.domain.access import owned
from kria_assessment.domain.journal import (
    EntryDraft,
    EntryStatus,
    RecordedEntry,
    batch_problems,
    ensure_same_batch,
    ensure_takes_entries,
    refuse_reused_batch,
)
from kria_assessment.domain.problems import refuse_if_any
from kria_assessment.metrics import ACTIVITIES_MISSED, ACTIVITIES_RECORDED, JOURNAL_BATCHES, JOURNAL_LAG
from kria_assessment.schemas import ActivitiesIn, BatchOut
from kria_assessment.store import courses, journal
from kria_assessment.store.models import BatchRow
from kria_assessment.usecases import Deps
from kria_shared.contracts.assessment import ActivitiesRecorded, JournalEntry
from kria_shared.errors import DomainError
from kria_shared.logging import correlation_id


def request_fingerprint(certificate_id: str, body: ActivitiesIn) -> str:
    """The batch's content, canonical (RFC 8785): a retry matches it byte for byte, a reused id does not."""
    canonical = rfc8785.dumps({"certificate_id": certificate_id, **body.model_dump(mode="json")})
    return hashlib.sha256(canonical).hexdigest()


def entry_id(batch_id: uuid.UUID, position: int) -> str:
    return str(uuid.uuid5(batch_id, str(position)))


def drafts(body: ActivitiesIn) -> list[EntryDraft]:
    return [EntryDraft(e.direction, e.activity_type, e.delivery, e.on, e.minutes, e.specialist.strip(), e.status,
                       e.missed_reason, e.missed_text) for e in body.entries]


async def record_batch(deps: Deps, organisation_id: str, certificate_id: str, body: ActivitiesIn) -> BatchOut:
    try:
        try:
            return await _record(deps, organisation_id, certificate_id, body)
        except IntegrityError:
            # The same batch id was committed concurrently (another course's lock): answer from what is stored.
            return await _record(deps, organisation_id, certificate_id, body)
    except IntegrityError:
        refuse_reused_batch(str(body.batch_id))  # raised while handling: the IntegrityError stays its context
    except DomainError:
        JOURNAL_BATCHES.labels("refused").inc()
        raise


async def _record(deps: Deps, organisation_id: str, certificate_id: str, body: ActivitiesIn) -> BatchOut:
    fingerprint = request_fingerprint(certificate_id, body)
    batch_id = str(body.batch_id)
    async with deps.uows(correlation_id.get()) as uow:
        await courses.lock(uow.session, certificate_id)
        course = owned(await courses.load(uow.session, certificate_id), certificate_id, organisation_id)
        stored = await journal.batch(uow.session, batch_id)
        if stored is not None:
            ensure_same_batch(batch_id, stored.certificate_id, stored.request_sha256, certificate_id, fingerprint)
            ids = await journal.entry_ids(uow.session, batch_id)
            JOURNAL_BATCHES.labels("duplicate").inc()
            return BatchOut(batch_id=batch_id, certificate_id=certificate_id, duplicate=True, recorded=len(ids),
                            entry_ids=ids)
        ensure_takes_entries(course)
        today = deps.today()
        entries = drafts(body)
        so_far = [r.entry for r in await journal.entries_of(uow.session, certificate_id)]
        colleagues = await journal.colleagues_days(uow.session, organisation_id, certificate_id,
                                                   {e.on for e in entries}, {e.specialist for e in entries})
        refuse_if_any(batch_problems(course, entries, today, deps.config.rules, so_far,
                                     colleagues), "invalid_journal_entry")
        recorded = [RecordedEntry(entry_id(body.batch_id, i), batch_id, e) for i, e in enumerate(entries)]
        row = BatchRow(batch_id=batch_id, certificate_id=certificate_id, organisation_id=organisation_id,
                       request_sha256=fingerprint, entries=len(recorded), recorded_at=deps.now())
        await journal.add_batch(uow.session, row, recorded)
        uow.emit(ActivitiesRecorded(certificate_id=certificate_id, organisation_id=organisation_id,
                                    batch_id=batch_id, entries=[_journal_entry(r) for r in recorded]),
                 subject=certificate_id)
    _count(recorded, today)
    return BatchOut(batch_id=batch_id, certificate_id=certificate_id, duplicate=False, recorded=len(recorded),
                    entry_ids=[r.entry_id for r in recorded])


def _journal_entry(recorded: RecordedEntry) -> JournalEntry:
    # missed_text stays here (journal, protocol document): it is free text that may name the child or a diagnosis,
    # and no consumer of ActivitiesRecorded reads it (costing counts entries by reason code). Issue 20, item 8.
    e = recorded.entry
    return JournalEntry(entry_id=recorded.entry_id, direction=e.direction, activity_type=e.activity_type,
                        delivery=e.delivery, on=e.on, minutes=e.minutes, specialist=e.specialist,
                        status=e.status.value, missed_reason=e.missed_reason)


def _count(recorded: list[RecordedEntry], today: date) -> None:
    JOURNAL_BATCHES.labels("accepted").inc()
    for r in recorded:
        ACTIVITIES_RECORDED.labels(r.entry.direction.value, r.entry.status.value).inc()
        if r.entry.status is EntryStatus.MISSED and r.entry.missed_reason is not None:
            ACTIVITIES_MISSED.labels(r.entry.missed_reason.value).inc()
        JOURNAL_LAG.observe((today - r.entry.on).days)
