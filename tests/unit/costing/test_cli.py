"""``kria-costing price-list FILE.yaml``: the economist's table, the JSON document, refusals with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kria_costing.cli import main
from kria_costing.config.loader import EXAMPLE_NORMALISATION


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code or 0)


def test_json_document_with_the_derivation_of_every_price(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["price-list", str(EXAMPLE_NORMALISATION), "--json", "--group", "2"]) == 0
    document = json.loads(capsys.readouterr().out)
    prices = document["derivation"]["prices"]
    assert {p["group"] for p in prices} == {"2"} and {p["form"] for p in prices} == {"semi_inpatient", "inpatient"}
    session = next(p for p in prices if p["activity_type"] == "practical" and p["delivery"] == "group"
                   and p["direction"] == "adaptive_pe" and p["form"] == "semi_inpatient")
    assert session["computation"].endswith("→ " + session["unit_price_rub"])
    assert session["specialists"][0]["code"] == "afk_instructor" and session["group_size"] == 5
    assert document["inputs"]["accruals_rate"] == "0.302"


def test_table_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["price-list", str(EXAMPLE_NORMALISATION), "--group", "7", "--form", "inpatient"]) == 0
    out = capsys.readouterr().out
    for heading in ("Specialists: hourly cost", "Unit prices", "Full course", "Accompanying services per day"):
        assert heading in out


def test_a_bad_file_is_refused_with_the_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8"))
    del document["specialists"]["lawyer"]
    document["support_staff"][0]["positions"] = -1
    path = tmp_path / "n.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert run(["price-list", str(path)]) == 2
    assert "support_staff.0.positions" in capsys.readouterr().err
    document["support_staff"][0]["positions"] = 1
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert run(["price-list", str(path)]) == 2
    assert "specialists.lawyer" in capsys.readouterr().err
    assert run(["price-list", str(tmp_path / "missing.yaml")]) == 2


def test_the_draft_workbook_is_written_for_the_economist(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "draft.xlsx"
    assert run(["price-list", str(EXAMPLE_NORMALISATION), "--json", "--xlsx", str(out)]) == 0
    book = load_workbook(out)
    assert {"Исходные данные", "Расчёт", "ЦРГ 5 стац"} <= set(book.sheetnames)
    assert book["Исходные данные"]["A1"].value.startswith("Прейскурант цен")


def test_a_document_download_names_the_services_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["document", "org-1", "1", "--url", "http://127.0.0.1:9"]) == 2  # nothing listens on port 9
    assert "cannot reach" in capsys.readouterr().err
