"""The settlement act's and payment registry's rules (pure): amounts in рубли and копейки, the figures a person
checks by hand, totals per organisation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kria_certificates.domain.settlement_forms import (
    ActData,
    ActLine,
    Registry,
    RegistryEntry,
    act_document,
    discrepancies,
    paid_count_of,
    registry_document,
    rubles,
)

ACT = ActData(
    act_number="act-c1", act_date=date(2026, 11, 30), certificate_id="c1", protocol_number="1.1.58/2026",
    region="58", organisation_id="org-a", organisation_name="Центр А", target_group="6.6", form="inpatient",
    outcome="completed", start_date=date(2026, 11, 9), end_date=date(2026, 11, 29), days_used=21,
    estimate_id="est-1", lines=(ActLine("adaptive_pe", "practical", "group", 16, 18, 16, 150_000, 2_400_000),),
    activities_kopecks=2_400_000, accompanying_days=21, per_day_kopecks=47_619, accompanying_kopecks=999_999,
    actual_kopecks=3_399_999, value_kopecks=3_000_000, paid_kopecks=3_000_000, released_kopecks=0)


def test_amounts_are_roubles_with_kopecks_that_never_wrap() -> None:
    assert rubles(0) == "0\u00a0руб.\u00a000\u00a0коп."
    assert rubles(123_456_789).replace("\u00a0", " ") == "1 234 567 руб. 89 коп."
    assert " " not in rubles(123_456_789)


def test_a_consistent_act_has_no_discrepancy_and_the_pay_is_capped_by_the_value() -> None:
    assert discrepancies(ACT) == ()
    text = act_document(ACT).text()
    assert "Итого к оплате организации: 30\u00a0000\u00a0руб.\u00a000\u00a0коп." in text
    assert "Расхождения" not in text


def test_every_figure_that_does_not_follow_is_named() -> None:
    wrong = replace(ACT, paid_kopecks=3_399_999, released_kopecks=1,
                    lines=(replace(ACT.lines[0], total_kopecks=2_400_001),))
    found = discrepancies(wrong)
    assert len(found) == 4 and found[0].startswith("строка 1: 16 × 1")
    assert any("к оплате" in p for p in found) and any("высвобождено" in p for p in found)
    assert "Расхождения в расчёте" in act_document(wrong).text()


def test_the_paid_count_of_an_event_from_before_it_was_recorded() -> None:
    assert paid_count_of(18, 16, 150_000, 2_400_000) == 16
    assert paid_count_of(18, None, 150_000, 2_400_000) == 16  # the line's sum ÷ its price
    assert paid_count_of(3, None, 0, 0) == 0  # outside the plan: priced at nothing


def test_the_registry_totals_per_organisation_and_overall() -> None:
    entries = (RegistryEntry("org-b", "Центр Б", "c2", "act-c2", date(2026, 11, 3), 500),
               RegistryEntry("org-a", "Центр А", "c1", "act-c1", date(2026, 11, 2), 1_000),
               RegistryEntry("org-a", "Центр А", "c3", "act-c3", date(2026, 11, 1), 250))
    r = Registry(date(2026, 11, 1), date(2026, 11, 30), None, entries)
    assert [(t.organisation_id, t.payments, t.amount_kopecks) for t in r.by_organisation()] == [
        ("org-a", 2, 1_250), ("org-b", 1, 500)]
    assert r.total_kopecks() == 1_750
    assert [e.act_number for e in r.ordered()] == ["act-c3", "act-c1", "act-c2"]
    text = registry_document(r, "РП-1").text().replace("\u00a0", " ")
    assert "Итого по организации org-a | платежей: 2 |  | 12 руб. 50 коп." in text
    assert "Всего | 3 | 17 руб. 50 коп." in text
