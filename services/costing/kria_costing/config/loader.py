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
    ServiceActivity,
    ServiceStandard,
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
    standards = {str(code): _standard(directory, str(code), meta) for code, meta in index["groups"].items()}
    superseded = {str(code): _standard(directory, str(meta["group"]), meta)
                  for code, meta in (index.get("superseded") or {}).items()}
    services = {str(code): _service(directory, str(code), meta) for code, meta in (index.get("services") or {}).items()}
    catalogue = StandardsCatalogue(
        version=str(index["version"]),
        course_days=int(index["course_days"]),
        min_course_activities=int(index["min_course_activities"]),
        career_guidance_min_age=int(index["career_guidance_min_age"]),
        min_age=int(index["ages"]["min"]),
        max_age=int(index["ages"]["max"]),
        standards=standards,
        young_max_age=int(index.get("young_max_age", 6)),
        superseded=superseded,
        services=services,
    )
    check_catalogue(catalogue)
    return catalogue


def _standard(directory: Path, code: str, meta: dict[str, Any]) -> CourseStandard:
    return CourseStandard(
        group=code,
        origin=meta["origin"],
        source=str(meta.get("source") or f"производный: копия ЦРГ {meta.get('derived_from')}"),
        forms=frozenset(ServiceForm(f) for f in meta["forms"]),
        lines=_read_lines(directory / meta["file"]),
        year=str(meta["year"]) if meta.get("year") else None,
    )


def _service(directory: Path, code: str, meta: dict[str, Any]) -> ServiceStandard:
    """A single-service standard: numbered activities with a range "1-4" (or "1"); the "Итого" row is skipped."""
    path = directory / meta["file"]
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    try:
        activities = []
        for row in rows:
            if row["activity"].strip().lower() == "итого":
                continue
            low, _, high = row["range"].partition("-")
            activities.append(ServiceActivity(int(row["n"]), row["activity"], int(low), int(high or low),
                                              row.get("note") or ""))
        days = meta["working_days"]
        return ServiceStandard(code=code, title=str(meta["title"]), year=str(meta.get("year") or ""),
                               source=str(meta["source"]), activities=tuple(activities),
                               working_days_min=int(days["min"]), working_days_max=int(days["max"]))
    except (KeyError, ValueError) as exc:
        raise StandardDataError([f"{path.name}: {exc}"]) from exc


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
    young = (row.get("minutes_min_4_6") or "").strip(), (row.get("minutes_max_4_6") or "").strip()
    return StandardLine(
        key=LineKey(Direction(row["direction"]), ActivityType(row["activity_type"]), Delivery(row["delivery"])),
        young_minutes=(int(young[0]), int(young[1])) if all(young) else None,
        specialists=tuple(s.strip() for s in row["specialists"].split(";") if s.strip()),
        max_group_size=int(row["max_group_size"]),
        minutes_min=int(row["minutes_min"]),
        minutes_max=int(row["minutes_max"]),
        counts=counts,
    )
