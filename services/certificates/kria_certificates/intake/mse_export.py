"""Read the MSE information system's export: ';'-separated, UTF-8 (BOM or not), LF or CRLF, quoted fields.

Headers are matched by name, ignoring case and surrounding spaces; their order may vary. Columns that
the certificate does not need are ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from kria_certificates.domain.decision import RawDecision

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
}


class UnreadableFile(ValueError):
    """Not a text file in UTF-8, or no header line."""


@dataclass(frozen=True)
class ExportRow:
    number: int  # 1 = the first data row after the header
    decision: RawDecision


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text (byte {exc.start})") from None


def read_rows(text: str) -> Iterator[ExportRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    header = next(reader, None)
    if not header:
        raise UnreadableFile("the file has no header line")
    index = {COLUMNS[h.strip().lower()]: i for i, h in enumerate(header) if h.strip().lower() in COLUMNS}
    number = 0
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue  # a blank line (e.g. the file's trailing newline) is not a row
        number += 1
        values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        yield ExportRow(number, RawDecision(**values))


def count_rows(text: str) -> int:
    lines = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return max(0, sum(1 for cells in lines if any(c.strip() for c in cells)) - 1)
