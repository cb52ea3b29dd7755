"""Small XLSX helpers for the settlement documents: a titled sheet, bold header rows, money as exact roubles."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

MONEY_FORMAT = "#,##0.00"
Cell = str | int | Decimal | None


def roubles(kopecks: int) -> Decimal:
    """Exact decimal roubles (kopecks / 100), never a binary float: the cell sums to the kopeck."""
    return Decimal(kopecks) / 100


class Sheet:
    def __init__(self, ws: Worksheet, widths: tuple[int, ...]) -> None:
        self.ws = ws
        for i, w in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = w

    def add(self, *cells: Cell, bold: bool = False) -> int:
        self.ws.append(list(cells))
        row = self.ws.max_row
        for cell in self.ws[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if bold:
                cell.font = Font(bold=True)
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
        return row


def new_sheet(title: str, widths: tuple[int, ...]) -> tuple[Workbook, Sheet]:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    return wb, Sheet(ws, widths)


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
