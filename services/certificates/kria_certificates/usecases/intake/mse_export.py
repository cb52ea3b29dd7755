"""Read the MSE information system's export: ';'-separated, UTF-8 (BOM or not), LF or CRLF, quoted fields.

Headers are matched by name, ignoring case and surrounding spaces; their order may vary. Columns that
the certificate does not need are ignored. A record that is not well-formed (an unbalanced quote, text
after a closing quote) becomes one row with the problem attached, and reading goes on with the next line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from kria_certificates.domain.decision import Invalid, RawDecision
from kria_certificates.domain.mse_forms import EXPORT_COLUMNS
from kria_certificates.domain.outcomes import InvalidCode

# export header (lower-cased) -> RawDecision field
COLUMNS: dict[str, str] = {
    "№ протокола": "protocol_number",
    "дата вынесения решения": "decided_on",
    "фамилия": "last_name",
    "имя": "first_name",
    "отчество": "patronymic",
    "снилс": "snils",
    "дата рождения": "birth_date",
    "пол": "sex",
    "представитель. фио": "representative",
    "адрес": "address",
    "номер акта": "act_number",
    "№ ипра (ребенка-инвалида)": "ipra_number",
    'инвалидность установлена "с"': "disability_established_on",
    "црг": "target_group",
    "црг дополнительные": "additional_target_groups",
    "медицинские показания": "medical_indications",
    "противопоказания": "contraindications",
    "способность к контролю за своим поведением (степень)": "limitation_behaviour_control",
    "способность к обучению (степень)": "limitation_learning",
    "способность к общению (степень)": "limitation_communication",
    "способность к ориентации (степень)": "limitation_orientation",
    "способность к передвижению (степень)": "limitation_mobility",
    "способность к самообслуживанию (степень)": "limitation_self_care",
    "способность к трудовой деятельности (степень)": "limitation_work_play",
    # the real export has no first-time column; a bureau that adds one is read (да/нет), the history decides too
    "впервые": "first_time",
    "категория установлена впервые": "first_time",
}


# A quoted value may hold line breaks, but a record longer than this is a quote that never closes.
MAX_RECORD_LINES = 50
# The file is in memory already; long values are refused by the decision rules, naming the field.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))


class UnreadableFile(ValueError):
    """Not a text file in UTF-8, or no header line."""


@dataclass(frozen=True)
class ExportRow:
    number: int  # 1 = the first data row after the header
    decision: RawDecision
    problem: Invalid | None = None  # the record could not be read: what was salvaged is in ``decision``
    form: dict[str, str] | None = None  # the columns the MSE documents print (EXPORT_COLUMNS), non-blank only


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text (byte {exc.start})") from None


def read_rows(text: str) -> Iterator[ExportRow]:
    records = _records(text)
    header = next(records, (None, ""))[0]
    if header is None or not any(h.strip() for h in header):
        raise UnreadableFile("the file has no readable header line")
    index = {COLUMNS[h.strip().lower()]: i for i, h in enumerate(header) if h.strip().lower() in COLUMNS}
    if not index:  # e.g. a file of NUL bytes: one "header" cell, no rows; answering "rows: 0" would hide it
        raise UnreadableFile("файл не CSV выгрузки МСЭ: в строке заголовка нет ни одного столбца выгрузки")
    printed = {h.strip().lower(): i for i, h in enumerate(header) if h.strip().lower() in EXPORT_COLUMNS}
    number = 0
    for cells, line in records:
        if cells is None:
            number += 1
            yield _unreadable(number, line, header, index)
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line (e.g. the file's trailing newline) is not a row
        number += 1
        yield ExportRow(number, _raw(cells, index), form=_form(cells, printed))


def _raw(cells: list[str], index: dict[str, int]) -> RawDecision:
    return RawDecision(**{name: cells[i] if i < len(cells) else None for name, i in index.items()})


def _form(cells: list[str], printed: dict[str, int]) -> dict[str, str]:
    return {name: cells[i].strip() for name, i in printed.items() if i < len(cells) and cells[i].strip()}


class _Runaway(Exception):
    """A record ran over MAX_RECORD_LINES lines."""


class _Lines:
    """The physical lines, fed to csv.reader; knows where the current record began."""

    def __init__(self, text: str) -> None:
        self.lines = list(io.StringIO(text, newline=""))
        self.pos = 0
        self.record_start = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        if self.pos - self.record_start >= MAX_RECORD_LINES:
            raise _Runaway
        self.pos += 1
        return self.lines[self.pos - 1]


def _records(text: str) -> Iterator[tuple[list[str] | None, str]]:
    """Each record's cells; or None and its first physical line when the record cannot be read.

    Reading resumes on the line after a bad record's first line, so an unbalanced quote costs one row,
    not the rest of the file.
    """
    src = _Lines(text)
    reader = csv.reader(src, delimiter=";", quotechar='"', strict=True)
    width: int | None = None
    while True:
        src.record_start = src.pos
        cells: list[str] | None
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, _Runaway):
            cells = None
        if cells is not None and width is None:
            width = len(cells)  # the header
        elif cells is not None and src.pos - src.record_start > 1 and len(cells) != width:
            cells = None  # a quote swallowed line ends: the cells no longer line up with the header
        if cells is None:
            src.pos = src.record_start + 1
            reader = csv.reader(src, delimiter=";", quotechar='"', strict=True)
            yield None, src.lines[src.record_start]
        else:
            yield cells, ""


def _unreadable(number: int, line: str, header: list[str], index: dict[str, int]) -> ExportRow:
    line = line.rstrip("\r\n")
    column, offset, reason = _bad_column(line)
    names = {i: name for name, i in index.items()}
    field = "row" if column is None else names.get(column) or (header[column].strip() if column < len(header)
                                                                else f"column {column + 1}")
    # what can be read of the line, for the masked SNILS in the report: the cells before the bad one as CSV,
    # the rest split at every ';'
    before = next(csv.reader([line[:offset]], delimiter=";"), [""])[:-1] if offset else []
    cells = [*before, *(c.strip('"') for c in line[offset or 0:].split(";"))]
    return ExportRow(number, _raw(cells, index), Invalid(InvalidCode.MALFORMED_ROW, field, reason))


def _bad_column(line: str) -> tuple[int | None, int | None, str]:
    """The column (0-based) and its offset where the line stops being well-formed CSV, and why."""
    i, column = 0, 0
    while i < len(line):
        if line[i] == '"':
            j = i + 1
            while (j := line.find('"', j)) >= 0 and line.startswith('""', j):
                j += 2  # a doubled quote inside a quoted value
            if j < 0:
                return column, i, "a quoted value is not closed on its line (unbalanced quote)"
            if j + 1 < len(line) and line[j + 1] != ";":
                return column, i, "text after the closing quote of a quoted value"
            i = j + 2
        else:
            j = line.find(";", i)
            if j < 0:
                break
            i = j + 1
        column += 1
    return None, None, "the record cannot be read as ';'-separated text"
