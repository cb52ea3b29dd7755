"""Every event the driver's actions must have caused is on its topic exactly once.

Duplicates are counted by ``event_id`` (a record published twice), doubles by distinct events of one type
beyond what the course calls for (an effect applied twice), missing ones likewise; journal batches are
matched one by one on their ``batch_id`` (the driver's sequence numbers). Any of them fails the run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kria_bench.course import Course
from kria_bench.tap import Seen


@dataclass
class Check:
    expected: int = 0
    seen: int = 0
    duplicates: int = 0
    missing: int = 0
    doubled: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.missing or self.doubled)

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "expected": self.expected, "seen": self.seen, "duplicates": self.duplicates,
                "missing": self.missing, "doubled": self.doubled, "problems": self.problems[:20]}


def _by_type(events: Iterable[Seen], keys: Iterable[str]) -> Counter[str]:
    distinct = {e.event_id: e.type for e in events}
    counts: Counter[str] = Counter()
    for key in keys:
        names = key.split("|")
        counts[key] = sum(1 for t in distinct.values() if t in names)
    return counts


def check(courses: Iterable[Course], by_subject: dict[str, list[Seen]]) -> Check:
    result = Check()
    for course in courses:
        if not course.outcome:
            continue  # a course that failed is reported as such (and fails the run) by the driver
        events = by_subject.get(course.certificate_id, [])
        want = course.expected()
        result.expected += sum(want.values())
        result.seen += len(events)
        ids = Counter(e.event_id for e in events)
        dups = sum(n - 1 for n in ids.values() if n > 1)
        result.duplicates += dups
        if dups:
            result.problems.append(f"{course.certificate_id}: {dups} record(s) published twice")
        got = _by_type(events, want)
        unknown = {e.type for e in events} - {t for k in want for t in k.split("|")}
        for t in sorted(unknown):
            n = len({e.event_id for e in events if e.type == t})
            result.doubled += n
            result.problems.append(f"{course.certificate_id}: {n} unexpected {t}")
        for key, n in want.items():
            if key == "ActivitiesRecorded":
                continue  # matched one by one on their batch ids below
            if got[key] < n:
                result.missing += n - got[key]
                result.problems.append(f"{course.certificate_id}: {key} {got[key]} of {n}")
            elif got[key] > n:
                result.doubled += got[key] - n
                result.problems.append(f"{course.certificate_id}: {key} {got[key]} instead of {n}")
        batches = Counter((e.data or {}).get("batch_id") for e in {e.event_id: e for e in events}.values()
                          if e.type == "ActivitiesRecorded")
        for batch_id in set(course.batch_ids) | set(batches):
            n = batches[batch_id] if batch_id in course.batch_ids else batches[batch_id] + 1
            if n != 1:
                result.problems.append(f"{course.certificate_id}: batch {batch_id} recorded {batches[batch_id]}x")
                result.missing += n == 0
                result.doubled += max(0, n - 1)
    return result
