"""Refusals that name the offending field, so a provider can fix exactly what was wrong."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kria_shared.errors import DomainError


@dataclass(frozen=True)
class FieldProblem:
    field: str  # e.g. "entries[2].minutes"
    reason: str  # a stable code, e.g. "minutes_out_of_range"
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason, "message": self.message}


def refuse_if_any(problems: Sequence[FieldProblem], code: str = "invalid_input") -> None:
    """Raise one 422 carrying every problem; the first one is named at the top for quick reading."""
    if not problems:
        return
    first = problems[0]
    raise DomainError(
        code,
        f"{first.field}: {first.message}",
        field=first.field,
        reason=first.reason,
        errors=[p.as_dict() for p in problems],
    )
