"""Issue 20, item 8: free text a provider types (a missed session's explanation, the protocol's notes) may name the
child or a diagnosis. It stays in the assessment service's journal and frozen protocol document; the events that
go onto Kafka carry only codes and figures, since no consumer reads that text."""

from __future__ import annotations

from dataclasses import replace

from kria_assessment.domain.journal import EntryStatus, RecordedEntry
from kria_assessment.domain.protocol import protocol_document
from kria_assessment.usecases.journal import _journal_entry
from kria_assessment.usecases.protocol import protocol_event
from kria_shared.contracts.common import MissReason

from .test_protocol import protocol
from .test_summary_arithmetic import hand_written_journal

PERSONAL = "Петров Ваня, 12.03.2015, эпилепсия: приступ утром"


def test_a_missed_sessions_text_is_kept_out_of_activities_recorded() -> None:
    entry = replace(hand_written_journal()[0], status=EntryStatus.MISSED, minutes=0, missed_reason=MissReason.OTHER,
                    missed_text=PERSONAL)
    event = _journal_entry(RecordedEntry("e1", "b1", entry))
    assert event.missed_reason is MissReason.OTHER and event.missed_text is None
    assert PERSONAL not in event.model_dump_json()


def test_the_protocols_notes_stay_in_the_document_not_in_the_event() -> None:
    cut = protocol(notes=PERSONAL)
    assert protocol_document(cut)["notes"] == PERSONAL  # the signed document keeps them
    event = protocol_event(cut, "ab" * 32)
    assert event.notes is None and PERSONAL not in event.model_dump_json()
