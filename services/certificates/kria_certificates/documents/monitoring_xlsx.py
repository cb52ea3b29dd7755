"""The monitoring report as an XLSX workbook (headers in Russian): a sheet per dimension and a sheet of notes.

Money is written as exact decimal roubles (kopecks / 100, never a binary float); counts are integers; the
effective share is written as a percentage of the exact counts beside it.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

REASONS = {  # signing's reason codes; a code not listed here is shown as it is
    "child_health": "состояние здоровья ребёнка",
    "family_refused_course": "отказ семьи от курса",
    "family_refused_activities": "отказ семьи от отдельных мероприятий",
    "family_refusal": "отказ семьи (без уточнения, прежние данные)",
    "organisation_failure": "неисполнение организацией",
    "other": "иная причина",
    "unknown": "причина не указана",
}
COLUMNS = [
    ("issued", "Выдано сертификатов"), ("used", "Использовано сертификатов (начат курс)"),
    ("expired", "Истёк срок действия"), ("annulled", "Аннулировано"),
    ("children_served", "Детей получили услуги"), ("completed", "Курсов завершено"),
    ("ended_early", "Курсов прекращено досрочно"), ("conclusions_signed", "Заключений подписано"),
    ("effective", "Эффективно"), ("ineffective", "Неэффективно"),
]
MONEY = [("reserved_kopecks", "Зарезервировано, руб."), ("settled_kopecks", "Оплачено организациям, руб."),
         ("released_kopecks", "Высвобождено, руб.")]
SHARE = "Доля эффективных, %"
SHEETS = [("by_region", "По регионам", [("region", "Регион (код)")]),
          ("by_target_group", "По группам ЦРГ", [("target_group", "Группа ЦРГ")]),
          ("by_organisation", "По организациям", [("organisation_id", "Организация (код)"),
                                                  ("name", "Наименование организации")])]
KIND = {"h1": "полугодие", "year": "год"}


def roubles(kopecks: int) -> Decimal:
    return Decimal(kopecks) / 100


def reason_columns(report: dict[str, Any]) -> list[str]:
    seen = set(report["total"]["ineffective_by_reason"])
    return [*(r for r in REASONS if r != "unknown"), *sorted(seen - REASONS.keys()), *(["unknown"] if
                                                                                       "unknown" in seen else [])]


def header(reasons: list[str]) -> list[str]:
    return ([title for _, title in COLUMNS] + [SHARE]
            + [f"Неэффективно: {REASONS.get(r, r)}" for r in reasons] + [title for _, title in MONEY])


def values(figures: dict[str, Any], reasons: list[str]) -> list[Any]:
    share = figures["effective_share"]
    return ([figures[name] for name, _ in COLUMNS] + [share["percent"] if share else None]
            + [figures["ineffective_by_reason"].get(r, 0) for r in reasons]
            + [roubles(figures[name]) for name, _ in MONEY])


def _sheet(ws: Worksheet, keys: list[tuple[str, str]], rows: list[dict[str, Any]], reasons: list[str]) -> None:
    ws.append([title for _, title in keys] + header(reasons))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([row[k] for k, _ in keys] + values(row, reasons))
    money_from = len(keys) + len(COLUMNS) + 1 + len(reasons) + 1
    for column in ws.iter_cols(min_col=money_from, min_row=2):
        for cell in column:
            cell.number_format = "#,##0.00"
    ws.freeze_panes = "B2"


def workbook(report: dict[str, Any], title: str) -> bytes:
    reasons = reason_columns(report)
    wb = Workbook()
    total = wb.active
    assert total is not None
    total.title = "Итого"
    p = report["period"]
    total.append([title])
    total.append([f"Отчётный период: {KIND[p['kind']]} {p['year']} г. ({p['from']} — {p['to']})"])
    total.append([])
    total.append(header(reasons))
    for cell in total[4]:
        cell.font = Font(bold=True)
    total.append(values(report["total"], reasons))
    for key, name, keys in SHEETS:
        _sheet(wb.create_sheet(name), keys, report[key], reasons)
    notes = wb.create_sheet("Пояснения")
    for line in NOTES:
        notes.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


NOTES = [
    "Показатели считаются по событиям внутри отчётного периода (даты по московскому времени):",
    "выдано — решения МСЭ с датой в периоде; использовано — начатые курсы; истёк срок и аннулировано — по их дате;",
    "детей получили услуги — разные дети, начавшие курс; завершено и прекращено досрочно — по дате окончания курса;",
    "доля эффективных — эффективные заключения среди подписанных в периоде (ФКУ ГБ МСЭ), неэффективные — по причинам;",
    "зарезервировано — стоимость сертификатов начатых курсов по выбранной форме; оплачено и высвобождено — "
    "расчёты, проведённые в периоде.",
    "Суммы в рублях с копейками, без округления.",
]
