"""Target rehabilitation groups (ЦРГ) of Mintrud order No 176: codes are a group ('5') or a subgroup ('6.6')."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TargetGroupCatalogue:
    """Every code of the catalogue: each group ('6') and each subgroup ('6.6')."""

    codes: frozenset[str]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> TargetGroupCatalogue:
        """Rows of (group_code, subgroup_code); an empty subgroup means the group has none."""
        codes: set[str] = set()
        for group, sub in rows:
            codes.add(group.strip())
            if sub.strip():
                codes.add(sub.strip())
        return cls(frozenset(codes))

    def knows(self, code: str) -> bool:
        return code in self.codes


def group_of(code: str) -> str:
    """The group number of a code: '6.6' -> '6', '5' -> '5' (the provider register is keyed by group)."""
    return code.split(".", 1)[0]


def split_codes(raw: str) -> list[str]:
    """'5, 6.6' -> ['5', '6.6']; empty parts are dropped."""
    return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
