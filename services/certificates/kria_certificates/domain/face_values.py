"""Face value of a certificate by region, year and form of service ([config] table, kopecks)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Form(StrEnum):
    SEMI_INPATIENT = "semi_inpatient"  # полустационарная
    INPATIENT = "inpatient"  # стационарная


@dataclass(frozen=True)
class FaceValues:
    kopecks: dict[Form, int]
    assumed: bool  # a default row, not a published regional figure


class NoFaceValue(LookupError):
    """The table has neither a row for the region and year nor a default for the year."""


@dataclass(frozen=True)
class FaceValueTable:
    version: str
    rows: dict[tuple[str, int], FaceValues]
    defaults: dict[int, FaceValues]

    def lookup(self, region: str, year: int) -> FaceValues:
        found = self.rows.get((region, year)) or self.defaults.get(year)
        if found is None:
            raise NoFaceValue(f"no face value for region {region} in {year}")
        return found
