"""The monitoring report's figures (order 525н): each counts what happened inside the period, exactly."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from kria_certificates.documents.monitoring_xlsx import workbook
from kria_certificates.domain.monitoring import (
    CertificateFact,
    ConclusionFact,
    Period,
    PeriodKind,
    SettlementFact,
    monitoring,
)

H1, YEAR = Period(2026, PeriodKind.HALF_YEAR), Period(2026, PeriodKind.YEAR)


def fact(n: int, **changes: object) -> CertificateFact:
    base: dict[str, object] = {"certificate_id": f"c{n}", "child_id": f"k{n}", "region": "58", "target_group": "6",
                               "organisation_id": "org-a", "decided_on": date(2026, 3, 1)}
    base.update(changes)
    return CertificateFact(**base)  # type: ignore[arg-type]


FACTS = [
    fact(1, start_date=date(2026, 6, 30), end_date=date(2026, 7, 20), value_kopecks=10_000_001),
    fact(2, start_date=date(2026, 7, 1), end_date=date(2026, 7, 5), ended_early=True, value_kopecks=9_000_000,
         region="66", target_group="10", organisation_id="org-b"),
    fact(3, organisation_id=None, expired_on=date(2026, 6, 30)),
    fact(4, organisation_id=None, annulled_on=date(2026, 7, 1), decided_on=date(2025, 12, 31)),
]
VERDICTS = [ConclusionFact("c1", date(2026, 7, 21), True, None),
            ConclusionFact("c2", date(2026, 7, 6), False, "family_refusal")]
SETTLED = [SettlementFact("c1", date(2026, 7, 22), 9_999_999, 2), SettlementFact("c2", date(2026, 7, 6), 1, 8_999_999)]


def test_the_half_year_ends_on_june_30_and_the_year_holds_both_halves() -> None:
    h1 = monitoring(H1, FACTS, VERDICTS, SETTLED).as_dict()["total"]
    assert (h1["issued"], h1["used"], h1["expired"], h1["annulled"], h1["completed"]) == (3, 1, 1, 0, 0)
    assert (h1["reserved_kopecks"], h1["settled_kopecks"], h1["effective_share"]) == (10_000_001, 0, None)
    year = monitoring(YEAR, FACTS, VERDICTS, SETTLED).as_dict()
    t = year["total"]
    assert (t["issued"], t["used"], t["expired"], t["annulled"], t["children_served"]) == (3, 2, 1, 1, 2)
    assert (t["completed"], t["ended_early"], t["ineffective_by_reason"]) == (1, 1, {"family_refusal": 1})
    assert t["effective_share"] == {"effective": 1, "signed": 2, "percent": 50.0}
    assert (t["reserved_kopecks"], t["settled_kopecks"], t["released_kopecks"]) == (19_000_001, 10_000_000, 9_000_001)
    assert [r["region"] for r in year["by_region"]] == ["58", "66"]
    assert [g["target_group"] for g in year["by_target_group"]] == ["6", "10"]
    assert [(o["organisation_id"], o["issued"]) for o in year["by_organisation"]] == [
        ("org-a", 1), ("org-b", 1), ("—", 1)]


def test_the_workbook_carries_the_same_exact_figures_in_roubles() -> None:
    report = monitoring(YEAR, FACTS, VERDICTS, SETTLED).as_dict({"org-a": "Центр А"})
    wb = load_workbook(io.BytesIO(workbook(report, "Мониторинг")))
    assert wb.sheetnames == ["Итого", "По регионам", "По группам ЦРГ", "По организациям", "Пояснения"]
    header, row = list(wb["Итого"].iter_rows(min_row=4, max_row=5, values_only=True))
    total = dict(zip(header, row, strict=True))
    assert total["Зарезервировано, руб."] == 190000.01 and Decimal(str(total["Высвобождено, руб."])) == Decimal(
        "90000.01")
    rows = list(wb["По организациям"].iter_rows(values_only=True))
    assert rows[1][:3] == ("org-a", "Центр А", 1)
