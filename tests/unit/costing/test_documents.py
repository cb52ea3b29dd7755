"""The прейскурант documents read back: the XLSX formulas recompute the domain's prices and accompanying costs,
its ЦРГ sheets carry the domain's course totals; the PDF's text has the order, the prices and the signatures."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from pypdf import PdfReader

from kria_costing.config.loader import EXAMPLE_NORMALISATION, load_catalogue
from kria_costing.documents.pdf import pdf_bytes
from kria_costing.documents.rendering import render_pdf
from kria_costing.documents.xlsx import DERIVATION, INPUTS, sheet_name, workbook_bytes
from kria_costing.domain.price_list import PriceListComputation, compute_price_list
from kria_costing.domain.price_list_document import render
from kria_costing.schemas import NormalisationIn

GROUPS = ["1", "2", "5", "11"]  # a derived group and the three published standards


@pytest.fixture(scope="module")
def priced() -> tuple[dict[str, Any], PriceListComputation]:
    raw = yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8"))
    raw["target_groups"] = GROUPS
    raw["planned_children"] = [p for p in raw["planned_children"] if p["group"] in GROUPS]
    norm = NormalisationIn.model_validate(raw)
    comp = compute_price_list(norm.to_domain(), load_catalogue(), "4")
    doc = {"organisation_id": "org-penza-9", "version": 4, "status": "approved", "created_by": "economist-9",
           "created_at": "2026-02-05T09:00:00+00:00", "approved_by": "head-9", "order_number": "17-п",
           "order_date": "10.02.2026", "effective_from": "20.02.2026",
           "inputs": norm.model_dump(mode="json", exclude_none=True), "derivation": render(comp, norm.to_domain())}
    return doc, comp


@pytest.fixture(scope="module")
def workbook(priced: tuple[dict[str, Any], PriceListComputation]) -> Workbook:
    return load_workbook(io.BytesIO(workbook_bytes(priced[0])))


class Evaluator:
    """Just enough of a spreadsheet to recompute the workbook's formulas: + - * /, cell references (with a sheet),
    SUM and SUMPRODUCT over ranges, ROUND (half-up, as the order requires), IF."""

    REF = re.compile(r"(?:'([^']+)'!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb

    def cell(self, sheet: str, ref: str) -> Decimal:
        value = self.wb[sheet][ref].value
        if isinstance(value, str) and value.startswith("="):
            return self.formula(sheet, value[1:])
        return Decimal(str(value or 0))

    def cells(self, sheet: str, a: str, b: str) -> list[Decimal]:
        return [self.cell(sheet, c.coordinate) for row in self.wb[sheet][f"{a}:{b}"] for c in row]

    def formula(self, sheet: str, text: str) -> Decimal:
        ranges: dict[str, list[Decimal]] = {}

        def replace(m: re.Match[str]) -> str:
            where = m.group(1) or sheet
            if m.group(4):
                key = f"R{len(ranges)}"
                ranges[key] = self.cells(where, f"{m.group(2)}{m.group(3)}", f"{m.group(4)}{m.group(5)}")
                return key
            return f"D('{self.cell(where, m.group(2) + m.group(3))}')"

        expr = self.REF.sub(replace, text)
        env = {"D": Decimal, "SUM": lambda *xs: sum((sum(x) if isinstance(x, list) else x for x in xs), Decimal(0)),
               "SUMPRODUCT": lambda a, b: sum((x * y for x, y in zip(a, b, strict=True)), Decimal(0)),
               "ROUND": lambda x, n: x.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP),
               "IF": lambda c, a, b: a if c else b, **ranges}
        return Decimal(eval(expr.replace("=", "=="), {"__builtins__": {}}, env))


def test_the_workbook_has_the_inputs_the_derivation_and_a_sheet_per_crg_and_form(workbook: Workbook) -> None:
    expected = {sheet_name(g, f) for g in GROUPS for f in ("semi_inpatient", "inpatient")}
    assert set(workbook.sheetnames) == {INPUTS, DERIVATION} | expected
    text = " ".join(str(c.value) for row in workbook[sheet_name("1", "inpatient")].iter_rows() for c in row if c.value)
    assert "ПРОИЗВОДНЫЙ стандарт" in text and "Социально-бытовая" in text and "индивидуальная" in text
    assert "ПРОИЗВОДНЫЙ" not in " ".join(
        str(c.value) for row in workbook[sheet_name("5", "inpatient")].iter_rows() for c in row if c.value)


def test_every_price_formula_recomputes_the_domains_price(
    workbook: Workbook, priced: tuple[dict[str, Any], PriceListComputation]
) -> None:
    _, comp = priced
    ws, calc = workbook[DERIVATION], Evaluator(workbook)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 14).value == "Цена, руб. (формула)")
    rows = list(range(header + 1, header + 1 + len(comp.prices)))
    assert len(rows) == len(comp.prices)
    for r, price in zip(rows[::7], comp.prices[::7], strict=True):  # every 7th: a few seconds, every kind of line
        formula = ws.cell(r, 14).value
        assert isinstance(formula, str) and formula.startswith("=ROUND(")
        assert calc.cell(DERIVATION, f"N{r}") * 100 == price.kopecks, (r, price.key)
        assert Decimal(str(ws.cell(r, 15).value)) * 100 == price.kopecks


def test_the_accompanying_formulas_recompute_the_domains_rates(
    workbook: Workbook, priced: tuple[dict[str, Any], PriceListComputation]
) -> None:
    rates = priced[1].accompanying.rates
    ws, calc = workbook[DERIVATION], Evaluator(workbook)
    by_label = {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}

    def value(label: str) -> int:
        return int(calc.cell(DERIVATION, f"B{by_label[label]}") * 100)

    assert value("Питание в день, стационарная форма: ребёнок 7–17 лет") == rates.child_meals[("inpatient", "7-17")]  # type: ignore[index]
    assert value("Питание в день, полустационарная форма: ребёнок 4–6 лет") == rates.child_meals[  # type: ignore[index]
        ("semi_inpatient", "4-6")]
    assert value("Питание в день, стационарная форма: сопровождающее лицо") == rates.companion_meals
    assert value("Стоимость койко-дня (ребёнок, сопровождающий), руб.") == rates.child_accommodation


def test_the_crg_sheets_carry_the_domains_course_totals(
    workbook: Workbook, priced: tuple[dict[str, Any], PriceListComputation]
) -> None:
    _, comp = priced
    for group in GROUPS:
        for form in ("semi_inpatient", "inpatient"):
            ws = workbook[sheet_name(group, form)]
            header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 7).value == "Итого, руб.")
            shown = [round(Decimal(str(ws.cell(r, 7).value)) * 100) for r in range(header + 1, header + 7)]
            expected = [t.cost.total_kopecks for t in comp.course_totals if t.cost.group == group and t.form == form]
            assert shown == expected


def test_the_pdf_text_has_the_order_the_prices_and_the_signatures(
    priced: tuple[dict[str, Any], PriceListComputation],
) -> None:
    doc, comp = priced
    reader = PdfReader(io.BytesIO(pdf_bytes(doc)))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Прейскурант цен на оказание услуг по комплексной реабилитации" in flat
    assert "от 10.02.2026 № 17-п" in flat and "вступают в силу с 20.02.2026" in flat
    assert "ЦРГ 1 — производный стандарт" in flat and "ЦРГ 5" in flat
    assert "Руководитель организации" in flat and "Расчёт составил" in flat
    assert "Социально-педагогическая реабилитация и абилитация" in flat and "Практические занятия" in flat
    price = next(p for p in comp.prices if p.group == "5" and not p.young)
    rubles, kop = divmod(price.kopecks, 100)
    assert f"{rubles:,}".replace(",", " ") + f",{kop:02d}" in flat
    assert "однородные товары" in flat and "Пензастат" in flat


async def test_the_service_renders_the_same_pdf_in_a_worker_process(
    priced: tuple[dict[str, Any], PriceListComputation],
) -> None:
    doc, _ = priced
    reader = PdfReader(io.BytesIO(await render_pdf(doc)))
    assert len(reader.pages) == len(PdfReader(io.BytesIO(pdf_bytes(doc))).pages)
    assert "от 10.02.2026 № 17-п" in re.sub(r"\s+", " ", reader.pages[0].extract_text())
