"""A synthetic course's events as the tap records them (for the bench's pure tests)."""

from __future__ import annotations

from kria_bench.course import Course
from kria_bench.tap import Seen
from kria_shared.contracts.topics import Topics

C, K, A, S = Topics.CERTIFICATES, Topics.COSTING, Topics.ASSESSMENT, Topics.SIGNING

# (type, topic, caused by the event at this index or None), in publication order
FLOW = [
    ("CertificateIssued", C, None), ("ReservationRequested", C, None), ("EstimateCalculated", K, 1),
    ("ReservationConfirmed", C, 2), ("CourseStarted", C, None), ("ActivitiesRecorded", A, None),
    ("ActivitiesRecorded", A, None), ("CourseCompleted", C, None), ("ProtocolSubmitted", A, None),
    ("CostSettled", K, 8), ("ConclusionDrafted", S, 8), ("CertificateSettled", C, 9), ("ConclusionSigned", S, None),
    ("ConclusionSubmitted", S, None),
]


def course_events(cid: str = "cert-1", t0_ms: int = 1_000_000, step_ms: int = 10) -> tuple[Course, list[Seen]]:
    course = Course(seq=1, certificate_id=cid, attempts=1, batch_ids=["b-0", "b-1"], outcome="completed")
    events: list[Seen] = []
    batches = iter(course.batch_ids)
    for i, (etype, topic, cause) in enumerate(FLOW):
        data = {"batch_id": next(batches)} if etype == "ActivitiesRecorded" else None
        events.append(Seen(
            topic=topic, partition=0, offset=i, ts_ms=t0_ms + i * step_ms, size=300 + i, key=cid.encode(),
            headers=[("ce_type", etype.encode())], event_id=f"{cid}-e{i}", type=etype, subject=cid,
            causation_id=f"{cid}-e{cause}" if cause is not None else None, time_s=(t0_ms + i * step_ms) / 1000 - 0.005,
            data=data,
        ))
    return course, events
