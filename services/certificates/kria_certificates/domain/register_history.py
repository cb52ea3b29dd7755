"""The СФР office's changes to the provider register: add, suspend, reinstate, withdraw (DOMAIN.md §2).

Nothing is deleted: each change is a dated record, and an organisation's status on a day is that of its
latest change effective on or before it. A configured organisation (the initial load) is active from the
start until the office changes it. Changes of one organisation are recorded in the order of their
effective dates (no back-dating before the latest one), so the history reads the same on every day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class ChangeKind(StrEnum):
    ADDED = "added"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    WITHDRAWN = "withdrawn"


RESULT = {ChangeKind.ADDED: Status.ACTIVE, ChangeKind.SUSPENDED: Status.SUSPENDED,
          ChangeKind.REINSTATED: Status.ACTIVE, ChangeKind.WITHDRAWN: Status.WITHDRAWN}
# The status a change may be applied from (None: not in the register yet).
ALLOWED_FROM: dict[ChangeKind, frozenset[Status | None]] = {
    ChangeKind.ADDED: frozenset({None, Status.ACTIVE}),  # a new organisation, or more coverage for an active one
    ChangeKind.SUSPENDED: frozenset({Status.ACTIVE}),
    ChangeKind.REINSTATED: frozenset({Status.SUSPENDED}),
    ChangeKind.WITHDRAWN: frozenset({Status.ACTIVE, Status.SUSPENDED}),
}


@dataclass(frozen=True)
class StatusChange:
    organisation_id: str
    kind: ChangeKind
    on: date  # the effective date
    seq: int  # order of recording: breaks ties between changes effective on one day


@dataclass(frozen=True)
class ChangeRefused:
    code: str
    message: str
    field: str


def _own(changes: Iterable[StatusChange], organisation_id: str) -> list[StatusChange]:
    return sorted((c for c in changes if c.organisation_id == organisation_id), key=lambda c: (c.on, c.seq))


def status_on(changes: Iterable[StatusChange], organisation_id: str, day: date, *, configured: bool) -> Status | None:
    """The organisation's status on ``day``; None when it is not (yet) in the register."""
    current: Status | None = Status.ACTIVE if configured else None
    for change in _own(changes, organisation_id):
        if change.on > day:
            break
        current = RESULT[change.kind]
    return current


def change_refusal(changes: Iterable[StatusChange], organisation_id: str, kind: ChangeKind, on: date, *,
                   configured: bool) -> ChangeRefused | None:
    """Why the office may not record ``kind`` effective ``on`` for this organisation, or None."""
    own = _own(changes, organisation_id)
    current = RESULT[own[-1].kind] if own else (Status.ACTIVE if configured else None)
    if current not in ALLOWED_FROM[kind]:
        state = current.value if current else "не в реестре"
        return ChangeRefused("register_change_not_allowed",
                             f"изменение «{kind.value}» невозможно: организация в состоянии «{state}»",
                             "organisation_id")
    if own and on < own[-1].on:
        return ChangeRefused("effective_date_before_last_change",
                             f"дата вступления в силу раньше последнего изменения ({own[-1].on.isoformat()})",
                             "effective_on")
    return None
