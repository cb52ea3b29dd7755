"""Load the course standards (index.yaml + one CSV per ЦРГ) into the domain, refusing inconsistent data."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import yaml

from kria_costing.domain.standards import (
    FROM_14,
    UNDER_14,
    AgeBand,
    Counts,
    CourseStandard,
    LineKey,
    StandardLine,
    StandardsCatalogue,
)
from kria_costing.domain.standards_check import StandardDataError, check_catalogue
from kria_shared.contracts.common import ActivityType, Delivery, Direction, ServiceForm

CONFIG_DIR = Path(__file__).resolve().parent
STANDARDS_DIR = CONFIG_DIR / "standards"
EXAMPLE_NORMALISATION = CONFIG_DIR / "examples" / "normalisation_example.yaml"
STANDARDS_ENV = "KRIA_COSTING_STANDARDS_DIR"  # a region's own standards directory
BAND_COLUMNS: dict[AgeBand, str] = {FROM_14: "14_17", UNDER_14: "under_14"}


def standards_dir() -> Path:
    return Path(os.environ.get(STANDARDS_ENV) or STANDARDS_DIR)


def load_catalogue(directory: Path | None = None) -> StandardsCatalogue:
    directory = directory or standards_dir()
    index: dict[str, Any] = yaml.safe_load((directory / "index.yaml").read_text(encoding="utf-8"))
    standards = {}
    for code, meta in index["groups"].items():
        code = str(code)
        standards[code] = CourseStandard(
            group=code,
            origin=meta["origin"],
            source=str(meta.get("source") or f"derived from ЦРГ {meta.get('derived_from')}"),
            forms=frozenset(ServiceForm(f) for f in meta["forms"]),
            lines=_read_lines(directory / meta["file"]),
        )
    catalogue = StandardsCatalogue(
        version=str(index["version"]),
        course_days=int(index["course_days"]),
        min_course_activities=int(index["min_course_activities"]),
        career_guidance_min_age=int(index["career_guidance_min_age"]),
        min_age=int(index["ages"]["min"]),
        max_age=int(index["ages"]["max"]),
        standards=standards,
    )
    check_catalogue(catalogue)
    return catalogue


def _read_lines(path: Path) -> tuple[StandardLine, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    try:
        return tuple(_line(row) for row in rows)
    except (KeyError, ValueError) as exc:
        raise StandardDataError([f"{path.name}: {exc}"]) from exc


def _line(row: dict[str, str]) -> StandardLine:
    counts = {
        band: Counts(int(row[f"planned_{col}"]), int(row[f"min_{col}"]), int(row[f"max_{col}"]))
        for band, col in BAND_COLUMNS.items()
    }
    return StandardLine(
        key=LineKey(Direction(row["direction"]), ActivityType(row["activity_type"]), Delivery(row["delivery"])),
        specialists=tuple(s.strip() for s in row["specialists"].split(";") if s.strip()),
        max_group_size=int(row["max_group_size"]),
        minutes_min=int(row["minutes_min"]),
        minutes_max=int(row["minutes_max"]),
        counts=counts,
    )
