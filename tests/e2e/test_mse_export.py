"""`kria demo --mse-export FILE`: the children of a real-format MSE export go through the four services."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import kria_certificates

from .support import run_pilot, stack

pytestmark = [pytest.mark.e2e, pytest.mark.kafka]

EXAMPLE = Path(kria_certificates.__file__).parent / "examples" / "mse_export_example.csv"
DATE_CELL = re.compile(r"^\d{2}\.\d{2}\.\d{4}( \d{1,2}:\d{2})?$")


def certificates_import_report(path: Path, var: Path) -> list[dict[str, object]]:
    """What the certificates service itself answers for the file (its own `import-mse` into a scratch store)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CERTIFICATES_DATABASE_URL", "KRIA_DATABASE_URL")}
    env["KRIA_VAR_DIR"] = str(var)
    out = var / "import.json"
    exe = str(Path(sys.executable).with_name("kria-certificates"))
    subprocess.run([exe, "import-mse", str(path), "--report", str(out)], env=env, check=True, timeout=120,
                   capture_output=True)
    entries = json.loads(out.read_text(encoding="utf-8"))["entries"]
    return [{"row": e["row"], "outcome": e["outcome"], "code": e.get("code")} for e in entries]


def example_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def write_export(path: Path, header: list[str], body: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *body])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def shipped_export_as_of_today(path: Path) -> Path:
    """The example with every date moved by the same number of days, so its decisions are 40 days old.

    Its decisions (15.10.2026) would otherwise age past the certificates' 12 months and the test would start
    failing on a later calendar; a shift in days keeps every interval (ages at the decision included: no
    birthday lies within a few days of a decision's anniversary in the file).
    """
    header, body = example_rows()
    decided_col = header.index("Дата вынесения решения")
    latest = max(datetime.strptime(r[decided_col].split()[0], "%d.%m.%Y").date() for r in body)
    shift = (date.today() - timedelta(days=40)) - latest
    for row in body:
        for i, cell in enumerate(row):
            if DATE_CELL.match(cell):
                moved = datetime.strptime(cell.split()[0], "%d.%m.%Y").date() + shift
                row[i] = moved.strftime("%d.%m.%Y") + cell[10:]
    return write_export(path, header, body)


async def played(export: Path, kafka_bootstrap: str, tmp_path: Path) -> dict[str, Any]:
    """The demo's report for ``export``: every invariant true, each row as the certificates service decides it."""
    expected_rows = certificates_import_report(export, tmp_path / "scratch")
    with stack(tmp_path / "demo", kafka_bootstrap) as (s, prefix):
        report = await run_pilot(s, prefix, kafka_bootstrap, children=0, seed=5, mse_export=export)
    assert report["invariants"] == dict.fromkeys(report["invariants"], True), (report["invariants"], report["errors"])
    assert report["import"]["rows"] == expected_rows
    return report


async def test_the_shipped_mse_export_runs_end_to_end(kafka_bootstrap: str, tmp_path: Path) -> None:
    export = shipped_export_as_of_today(tmp_path / "example.csv")
    report = await played(export, kafka_bootstrap, tmp_path)
    # The example's own description (config/README.md): six children, rows 5 and 6 refused.
    assert report["import"]["outcomes"] == {"issued": 4, "refused": 2}
    assert report["import"]["codes"] == {"refused:age_out_of_range": 1, "refused:contraindications": 1}
    # Every issued child found an organisation of their region and finished; nothing stalled.
    finished = report["courses"]["completed"] + report["courses"]["terminated_early"]
    assert report["journeys"].get("no_provider", 0) == 0 and finished == 4
    assert report["certificates"] == {"settled": 4}
    assert report["conclusions"]["submitted"] == report["conclusions"]["verified"] == 4


def recent_export_from_other_regions(path: Path) -> Path:
    """The example with row 1 moved to Tyumen (72), row 3 to Tatarstan (16), every decision three days old."""
    header, body = example_rows()
    names = ("№ протокола", "Дата вынесения решения", 'Инвалидность установлена "с"')
    col = {name: header.index(name) for name in names}
    decided = date.today() - timedelta(days=3)
    for i, row in enumerate(body):
        row[col["Дата вынесения решения"]] = decided.strftime("%d.%m.%Y 0:00")
        row[col['Инвалидность установлена "с"']] = (decided - timedelta(days=2)).strftime("%d.%m.%Y 0:00")
        region = {0: "72", 2: "16"}.get(i)
        if region:
            row[col["№ протокола"]] = row[col["№ протокола"]].replace(".8.66/", f".8.{region}/")
    return write_export(path, header, body)


async def test_children_of_other_pilot_regions_decided_days_ago_finish_too(kafka_bootstrap: str,
                                                                           tmp_path: Path) -> None:
    # Before: only region 66's organisations had actors and price lists (KeyError for a Tyumen child), and a
    # course of a three-day-old decision would end in the future, which assessment refuses.
    export = recent_export_from_other_regions(tmp_path / "recent.csv")
    report = await played(export, kafka_bootstrap, tmp_path)
    assert report["import"]["outcomes"] == {"issued": 4, "refused": 2}
    assert report["journeys"].get("no_provider", 0) == 0
    assert report["certificates"] == {"settled": 4}
    assert report["conclusions"]["submitted"] == 4
