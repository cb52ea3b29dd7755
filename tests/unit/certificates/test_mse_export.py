"""Reading the MSE export: encodings, line ends, quoting, column order, header spelling, the address rule."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

import kria_certificates
from kria_certificates.domain.decision import Decision, Invalid, parse
from kria_certificates.domain.municipality import from_address
from kria_certificates.usecases.intake import mse_export

from .support import CONFIG

EXAMPLE = Path(kria_certificates.__file__).parent / "examples" / "mse_export_example.csv"


def table() -> list[list[str]]:
    return list(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))


def render(rows: list[list[str]], line_end: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator=line_end, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return out.getvalue()


def test_the_example_file_has_the_41_columns_plus_the_four_pilot_columns() -> None:
    header = table()[0]
    assert len(header) == 45
    assert header[-4:] == ["ЦРГ", "ЦРГ дополнительные", "Медицинские показания", "Противопоказания"]


def test_the_example_file_reads_into_six_decisions_numbered_from_one() -> None:
    rows = list(mse_export.read_rows(mse_export.decode(EXAMPLE.read_bytes())))
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6]
    first = rows[0].decision
    assert (first.snils, first.protocol_number, first.target_group) == ("123-400-000 70", "300.8.66/2026", "6.6")
    assert first.address == "620089, Свердловская обл; Екатеринбург г, ул. Ленина, д. 1"
    assert rows[1].decision.additional_target_groups == "5"
    assert rows[5].decision.contraindications == "да"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_bom_and_line_ends_do_not_matter(bom: bytes, line_end: str) -> None:
    data = bom + render(table(), line_end).encode("utf-8")
    rows = list(mse_export.read_rows(mse_export.decode(data)))
    assert [r.decision.snils for r in rows] == [row[5] for row in table()[1:]]


def test_columns_in_another_order_and_headers_in_other_case_are_matched_by_name() -> None:
    rows = table()
    order = list(reversed(range(len(rows[0]))))
    shuffled = [[row[i] for i in order] for row in rows]
    shuffled[0] = [f"  {h.upper()} " for h in shuffled[0]]
    read = list(mse_export.read_rows(render(shuffled)))
    assert [r.decision.target_group for r in read] == ["6.6", "1.3", "7.1", "2.1", "3.2", "5"]


def test_quoted_fields_may_hold_the_separator_and_line_breaks() -> None:
    rows = table()
    rows[1][24] = 'Свердловская обл; Нижний Тагил г, ул. "Мира";\nд. 5'
    read = list(mse_export.read_rows(render(rows)))
    assert read[0].decision.address == rows[1][24]
    assert len(read) == 6


def test_a_missing_column_leaves_the_field_absent_in_every_row() -> None:
    rows = [[c for i, c in enumerate(row) if i != 5] for row in table()]  # no SNILS column
    assert all(r.decision.snils is None for r in mse_export.read_rows(render(rows)))


def test_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(mse_export.UnreadableFile):
        mse_export.decode("Фамилия;Имя".encode("cp1251"))


@pytest.mark.parametrize(("address", "municipality"), [
    ("620089, Свердловская обл; Екатеринбург г, ул. Ленина, д. 1", "Екатеринбург"),
    ("622001, Свердловская обл; г. Нижний Тагил, пр. Ленина, 5", "Нижний Тагил"),
    ("624090, Свердловская обл, Верхняя Пышма г, ул. Мира, 1", "Верхняя Пышма"),
    ("440000, Пензенская обл; Пенза г, ул. Московская, 1", "Пенза"),
    ("", ""),
])
def test_the_municipality_comes_from_the_address(address: str, municipality: str) -> None:
    assert from_address(address) == municipality


def test_an_unbalanced_quote_costs_its_own_row_only_and_names_the_column() -> None:
    rows = table()
    snils_col = rows[0].index("СНИЛС")
    snils = rows[2][snils_col]
    rows[2][snils_col] = "@"
    read = list(mse_export.read_rows(render(rows).replace(";@;", f';"{snils};')))  # a quote that never closes
    assert [r.number for r in read] == [1, 2, 3, 4, 5, 6]  # the rows after it are still read
    assert [r.problem is not None for r in read] == [False, True, False, False, False, False]
    bad = read[1].problem
    assert bad is not None and (bad.code, bad.field) == ("malformed_row", "snils")
    assert "quote" in bad.reason
    assert read[1].decision.snils == snils
    assert [r.decision.snils for r in read[2:]] == [row[snils_col] for row in rows[3:]]


def test_text_after_a_closing_quote_is_a_malformed_row_and_an_unmapped_column_is_named_by_its_header() -> None:
    rows = table()
    unmapped = next(i for i, h in enumerate(rows[0]) if h.lower() not in mse_export.COLUMNS)
    rows[1][unmapped] = "@"
    read = list(mse_export.read_rows(render(rows).replace(";@;", ';"1"x;')))
    assert len(read) == 6
    assert read[0].problem is not None
    assert (read[0].problem.field, read[0].problem.reason) == (
        rows[0][unmapped], "text after the closing quote of a quoted value")
    assert read[0].decision.snils == rows[1][5]


def test_a_quote_that_closes_lines_later_does_not_merge_rows() -> None:
    text = 'СНИЛС;Фамилия;Имя\n1;"Иванов;Иван\n2;Петров;Пётр\n3;"Сидоров";Сидор\n'
    read = list(mse_export.read_rows(text))
    assert [(r.number, r.decision.snils, r.problem is not None) for r in read] == [
        (1, "1", True), (2, "2", False), (3, "3", False)]
    assert read[2].decision.last_name == "Сидоров"


def test_a_quote_left_open_over_many_lines_is_cut_off() -> None:
    body = "".join(f"{n};Фамилия{n};Имя\n" for n in range(2, 200))
    read = list(mse_export.read_rows('СНИЛС;Фамилия;Имя\n1;"open;x\n' + body))
    assert len(read) == 199 and read[0].problem is not None
    assert all(r.problem is None for r in read[1:])


def test_a_value_longer_than_the_csv_modules_limit_is_read_and_left_to_the_rules() -> None:
    rows = table()
    rows[1][24] = "д" * 200_000
    read = list(mse_export.read_rows(render(rows)))
    assert len(read) == 6 and read[0].decision.address == rows[1][24] and read[0].problem is None


def test_a_header_that_cannot_be_read_makes_the_file_unreadable() -> None:
    with pytest.raises(mse_export.UnreadableFile):
        list(mse_export.read_rows('"СНИЛС;Фамилия\n'))


def test_the_seven_degrees_of_limitation_are_the_mses_baseline_kept_on_the_decision() -> None:
    first = next(mse_export.read_rows(mse_export.decode(EXAMPLE.read_bytes()))).decision
    decision = parse(first, CONFIG.catalogue, "Екатеринбург")
    assert isinstance(decision, Decision)
    # columns 17-23 of the example's first row: Первая for learning, Вторая for self-care, the rest Не установлено
    assert decision.limitations == {"behaviour_control": 0, "learning": 1, "communication": 0, "orientation": 0,
                                    "mobility": 0, "self_care": 2, "work_play": 0}
    wrong = parse(replace(first, limitation_mobility="пятая"), CONFIG.catalogue, "Екатеринбург")
    assert isinstance(wrong, Invalid) and (wrong.code.value, wrong.field) == ("bad_value", "limitation_mobility")
    absent = parse(replace(first, limitation_self_care=None, limitation_learning=" "), CONFIG.catalogue, "Е")
    assert isinstance(absent, Decision) and "self_care" not in absent.limitations
