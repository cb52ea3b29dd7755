"""Load the versioned data files of ``config/`` into the domain's value objects (once per process)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kria_certificates.domain.course import CourseRules, ValidityRule
from kria_certificates.domain.eligibility import EligibilityRules
from kria_certificates.domain.face_values import FaceValues, FaceValueTable, Form
from kria_certificates.domain.pilot import PilotRegions, from_rows
from kria_certificates.domain.register import AgeBand, Coverage, ProviderRegister, RegisterRow, organisation_id
from kria_certificates.domain.target_groups import TargetGroupCatalogue
from kria_certificates.domain.travel import TravelRules

PACKAGED = Path(__file__).resolve().parent  # the data files sit beside this loader


@dataclass(frozen=True)
class CertificatesConfig:
    eligibility: EligibilityRules
    course: CourseRules
    sweep_interval_s: float
    pilot: PilotRegions
    face_values: FaceValueTable
    catalogue: TargetGroupCatalogue
    register: ProviderRegister
    age_bands: list[AgeBand]
    travel: TravelRules


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "version" not in data:
        raise ValueError(f"{path}: expected a mapping with a version")
    return data


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _face_values(row: dict[str, Any]) -> FaceValues:
    return FaceValues({form: int(row[form.value]) for form in Form}, assumed=bool(row.get("assumed", False)))


def load_face_values(path: Path) -> FaceValueTable:
    data = _yaml(path)
    rows = {(str(r["region"]), int(r["year"])): _face_values(r) for r in data.get("rows", [])}
    defaults = {int(r["year"]): _face_values(r) for r in data.get("defaults", [])}
    return FaceValueTable(str(data["version"]), rows, defaults)


def _coverage(cell: str, region: str, data: dict[str, Any]) -> Coverage:
    if any(marker in cell for marker in data.get("others_markers", [])):
        return Coverage.OTHERS
    if cell == data.get("whole_region", {}).get(region):
        return Coverage.WHOLE_REGION
    return Coverage.NAMED


def load_register(directory: Path, pilot: PilotRegions) -> tuple[ProviderRegister, list[AgeBand]]:
    data = _yaml(directory / "register.yaml")
    bands = [AgeBand(str(b["name"]), int(b["min_age"]), int(b["max_age"])) for b in data["age_bands"]]
    rows: list[RegisterRow] = []
    for source in data.get("sources", []):
        region = str(source["region"])
        for r in _csv(directory / source["file"]):
            name, cell = r["Наименование учреждения"].strip(), r["Муниципальные образования (управленческие округа)"]
            rows.append(RegisterRow(organisation_id(name), name, region, r["ЦРГ"].strip(), cell.strip(),
                                    _coverage(cell.strip(), region, data), r["Возраст"].strip(), generated=False))
    real_regions = {r.region for r in rows}
    gen = data.get("generated", {})
    for region in sorted(pilot.all_regions() - real_regions, key=int):
        name = str(gen["name"]).format(region=region)
        places = [(str(gen["capitals"][region]), Coverage.NAMED), (str(gen["others"]), Coverage.OTHERS)]
        rows.extend(
            RegisterRow(organisation_id(name), name, region, str(group), place, coverage, band.name, generated=True)
            for group in gen["groups"] for place, coverage in places for band in bands
        )
    return ProviderRegister(rows, str(data["version"])), bands


def load_pilot(directory: Path) -> PilotRegions:
    data = _yaml(directory / "pilot_regions.yaml")
    rows = [(int(r["year"]), r["code"].strip(), r["status"].strip())
            for r in _csv_commented(directory / str(data["source"]))]
    carry = {int(y): int(p) for y, p in (data.get("carry_over") or {}).items()}
    return from_rows(str(data["version"]), rows, carry)


def _csv_commented(path: Path) -> list[dict[str, str]]:
    """A CSV whose first lines are '#' comments (its source)."""
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load_config(directory: Path | None = None) -> CertificatesConfig:
    d = directory or Path(os.environ.get("KRIA_CERTIFICATES_CONFIG_DIR") or PACKAGED)
    rules = _yaml(d / "rules.yaml")
    version = str(rules["version"])
    e, c = rules["eligibility"], rules["course"]
    pilot = load_pilot(d)
    catalogue = TargetGroupCatalogue.from_rows(
        (r["group_code"], r["subgroup_code"]) for r in _csv(d / "target_groups_order176.csv")
    )
    register, bands = load_register(d, pilot)
    travel = _yaml(d / "travel.yaml")
    return CertificatesConfig(
        eligibility=EligibilityRules(version, int(e["min_age"]), int(e["max_age"]), int(e["validity_months"])),
        course=CourseRules(version, int(c["course_days"]), ValidityRule(c["validity_rule"])),
        sweep_interval_s=float(rules.get("expiry_sweep_interval_s", 3600)),
        pilot=pilot,
        face_values=load_face_values(d / "face_values.yaml"),
        catalogue=catalogue,
        register=register,
        age_bands=bands,
        travel=TravelRules(str(travel["version"]), int(travel["max_line_kopecks"]),
                           int(travel["days_after_validity"])),
    )


@lru_cache(maxsize=1)
def default_config() -> CertificatesConfig:
    return load_config()
