"""A decision whose transaction lost a race is taken again, in a new transaction.

The store refuses what the intake's unlocked reads let through when two decisions for one child are taken
at once: a second active certificate (the partial unique index), a second child row with the same SNILS,
a second record of the same decision. The loser's transaction is rolled back whole; taken again, it reads
what the winner committed and ends like any decision: ``active_certificate_exists``, or a replay.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

log = logging.getLogger("kria.certificates.intake")
T = TypeVar("T")
TRIES = 3  # each retry follows a commit by another transaction; more than one in a row is unlikely


async def retry_on_conflict(attempt: Callable[[], Awaitable[T]]) -> T:
    """``attempt`` runs one whole unit of work; the last conflict, if every try loses, is raised."""
    for left in range(TRIES - 1, -1, -1):
        try:
            return await attempt()
        except IntegrityError:
            if not left:
                raise
            log.info("decision lost a race with a concurrent one; taking it again")  # no row data: personal
    raise AssertionError("unreachable")
