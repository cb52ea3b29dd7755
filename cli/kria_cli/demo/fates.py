"""What becomes of each eligible child's certificate, drawn to the pilot's published outcomes (published.py).

Quotas, not coin tosses, so that even a small run lands inside the bands: a few certificates are never used
(some of them until they expire), a few are annulled, and the courses that end early mostly end without effect
(the child left after a few days with no dynamics), while the rest run their 21 days.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kria_cli.demo.population import Child
    from kria_cli.demo.scenario import Region

UNUSED, EXPIRES, ANNULLED, WEAK, LATE_END = "unused", "expires", "annulled", "weak", "late_end"
SKIPPED = {UNUSED, EXPIRES, ANNULLED}  # no course: the certificate stays issued, expires or is annulled
SHARES = {UNUSED: 0.02, EXPIRES: 0.015, ANNULLED: 0.01}  # of the eligible children
COURSE_SHARES = {WEAK: 0.034, LATE_END: 0.02}  # of the courses; WEAK ends early without effect: ineffective
SMALLEST_FOR_SKIPS = 20  # a run this small keeps every child in a course


def _quota(share: float, n: int, at_least_one: bool) -> int:
    return max(1 if at_least_one else 0, round(share * n))


def assign(children: list[Child], rng: random.Random) -> None:
    """Set ``fate`` (and what it implies) on the eligible children, in place."""
    pool = [c for c in children if c.expected == "issued"]
    rng.shuffle(pool)
    big = len(pool) >= SMALLEST_FOR_SKIPS
    for fate, share in SHARES.items():
        for child in [pool.pop() for _ in range(min(len(pool), _quota(share, len(pool), big)))]:
            child.fate = fate
            if fate == EXPIRES:  # decided near the end of the right: the 12 months run out unused
                child.established_on = child.decided_on - timedelta(days=360)
    courses = len(pool)
    for fate, share in COURSE_SHARES.items():
        for child in [pool.pop() for _ in range(min(len(pool), _quota(share, courses, courses >= 10)))]:
            child.fate = fate
            child.refusals = 0
            if fate == WEAK:
                child.terminate_day = rng.randint(3, 5)
                child.terminate_reason = rng.choice(["child_health", "family_refused_course", "child_health"])
            else:
                child.terminate_day = rng.randint(18, 20)
                child.terminate_reason = "child_health"
    for child in pool:  # everyone else completes the course
        child.terminate_day = child.terminate_reason = None


async def skip(region: Region, child: Child, cid: str) -> str:
    """A certificate that never reaches a course: left unused, or annulled by the social fund."""
    if child.fate == ANNULLED:
        await region.sfr.post("certificates", f"/v1/certificates/{cid}/annul", {"reason": "moved_out_of_region"})
        return "annulled"
    return "unused"
