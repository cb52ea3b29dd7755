"""The settlement act and the period's payment registry (issue 16.4) on the broker-free harness: a course is
settled by costing's CostSettled, the documents are downloaded with the settlement data's access rules and read
back (pdftotext, openpyxl); their figures are checked against the event."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kria_certificates.app import create_app
from kria_certificates.domain.register import organisation_id
from kria_shared.contracts.costing import CostSettled
from kria_shared.testing.documents import pdf_fonts, pdf_metadata, pdf_text
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from tests.integration.certificates.flow import INPATIENT_VALUE, PENZA_ORG, estimate
from tests.integration.certificates.support import NOW, decision_json, mse, operator, platform, provider

OTHER_ORG = organisation_id("Демо-центр реабилитации 58 №2")
# Two lines: 18 group АФК sessions delivered against 16 planned (16 paid), 3 of 4 counselling sessions.
LINES = [
    {"direction": "adaptive_pe", "activity_type": "practical", "delivery": "group", "planned": 16, "delivered": 18,
     "paid_count": 16, "unit_price_kopecks": 150_000, "total_kopecks": 2_400_000},
    {"direction": "social_psychological", "activity_type": "counselling", "delivery": "individual", "planned": 4,
     "delivered": 3, "paid_count": 3, "unit_price_kopecks": 210_050, "total_kopecks": 630_150},
]
ACTIVITIES = 3_030_150
ACCOMPANYING = 21 * 47_619  # 999 999
ACTUAL = ACTIVITIES + ACCOMPANYING  # 4 030 149


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        r = await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        yield h


def settlement(cid: str, lines: list[dict[str, Any]], activities: int) -> CostSettled:
    actual = activities + ACCOMPANYING
    paid = min(actual, INPATIENT_VALUE)
    return CostSettled.model_validate({
        "certificate_id": cid, "estimate_id": "est-1", "outcome": "completed", "lines": lines,
        "activities_kopecks": activities, "accompanying": {"days": 21, "per_day_kopecks": 47_619,
                                                           "total_kopecks": ACCOMPANYING},
        "actual_kopecks": actual, "value_kopecks": INPATIENT_VALUE, "paid_kopecks": paid,
        "released_kopecks": INPATIENT_VALUE - paid})


async def settled_course(h: Harness, n: int, lines: list[dict[str, Any]] = LINES, activities: int = ACTIVITIES,
                         ) -> str:
    r = await h.client.post("/v1/mse-decisions", headers=mse(),
                            json=decision_json(n, protocol_number=f"{n}.1.58/2026", municipality="Пенза"))
    assert r.status_code == 201, r.text
    cid: str = r.json()["certificate_id"]
    mine = provider(PENZA_ORG)
    r = await h.client.post(f"/v1/certificates/{cid}/reservation", headers=mine,
                            json={"organisation_id": PENZA_ORG, "form": "inpatient", "companion": True})
    assert r.status_code == 202, r.text
    requested = (await h.outbox("ReservationRequested", cid))[-1]
    assert not await h.deliver(estimate(cid, 9_800_000), cause=str(requested.event_id))
    r = await h.client.post(f"/v1/certificates/{cid}/course/start", json={"start_date": "2026-11-09"}, headers=mine)
    assert r.status_code == 200, r.text
    r = await h.client.post(f"/v1/certificates/{cid}/course/complete", json={"end_date": "2026-11-29"},
                            headers=mine)
    assert r.status_code == 200, r.text
    assert not await h.deliver(settlement(cid, lines, activities))
    r = await h.client.get(f"/v1/certificates/{cid}", headers=operator())
    assert r.json()["state"] == "settled", r.text
    return cid


async def act(h: Harness, cid: str, fmt: str = "pdf", headers: dict[str, str] | None = None) -> bytes:
    r = await h.client.get(f"/v1/certificates/{cid}/settlement-act", params={"format": fmt},
                           headers=headers or operator())
    assert r.status_code == 200, r.text
    return r.content


def rows(body: bytes) -> list[tuple[Any, ...]]:
    """The sheet's rows, money (a float in the file) back as exact decimal roubles."""
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [tuple(Decimal(str(v)) if isinstance(v, float) else v for v in r) for r in sheet.iter_rows(values_only=True)]


async def test_the_act_shows_each_line_the_figures_follow_from_and_no_personal_data(svc: Harness) -> None:
    cid = await settled_course(svc, 1)
    body = await act(svc, cid)
    assert 'pdfaid:part="3"' in pdf_metadata(body)
    assert all(f[-3] == "yes" for f in pdf_fonts(body)), "every font embedded"  # emb column
    text = pdf_text(body)
    for words in (f"№ act-{cid}", cid, "1.1.58/2026", "Демо-центр реабилитации 58 №1", "с 09.11.2026 по 29.11.2026",
                  "адаптивная физическая культура", "16 18 16 1 500 руб. 00 коп. 24 000 руб. 00 коп.",
                  "социально-психологическая", "4 3 3 2 100 руб. 50 коп. 6 301 руб. 50 коп.",
                  "Стоимость мероприятий сумма строк таблицы 30 301 руб. 50 коп.",
                  "21 дн. × 476 руб. 19 коп. 9 999 руб. 99 коп.",
                  "Фактическая стоимость курса мероприятия + сопровождение 40 301 руб. 49 коп.",
                  "Номинал сертификата по выбранной форме обслуживания 115 395 руб. 00 коп.",
                  "К оплате организации меньшее из фактической стоимости и номинала 40 301 руб. 49 коп.",
                  "Высвобождается на сертификат номинал − к оплате 75 093 руб. 51 коп."):
        assert words in text, words
    assert "Расхождения" not in text
    for private in ("Тестов", "Тестович", "СНИЛС", "03.05.2012"):
        assert private not in text, private


async def test_the_act_xlsx_sums_to_the_kopeck(svc: Harness) -> None:
    cid = await settled_course(svc, 1)
    sheet = rows(await act(svc, cid, "xlsx"))
    header = next(i for i, r in enumerate(sheet) if r[0] == "№")
    lines = [r for r in sheet[header + 1:] if isinstance(r[0], int)]
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in lines] == [
        (16, 18, 16, Decimal("1500"), Decimal("24000")), (4, 3, 3, Decimal("2100.5"), Decimal("6301.5"))]
    assert all(r[4] * r[5] == r[6] for r in lines)
    figures = {r[1]: r[6] for r in sheet[header + len(lines) + 1:] if r and r[1] and r[6] is not None}
    assert figures["Стоимость мероприятий (сумма строк)"] == sum(r[6] for r in lines) == Decimal("30301.5")
    assert figures["Фактическая стоимость курса"] == Decimal("40301.49")
    pay = figures["К оплате организации (меньшее из фактической стоимости и номинала)"]
    assert pay == min(Decimal("40301.49"), figures["Номинал сертификата"])
    assert figures["Высвобождается на сертификат (номинал − к оплате)"] == figures["Номинал сертификата"] - pay


async def test_an_older_event_without_paid_counts_and_a_figure_that_does_not_follow_are_shown(
        svc: Harness) -> None:
    old = [{k: v for k, v in line.items() if k not in ("planned", "paid_count")} for line in LINES]
    cid = await settled_course(svc, 1, old, activities=ACTIVITIES + 1)  # one kopeck more than the lines
    text = pdf_text(await act(svc, cid))
    assert "— 18 16 1 500 руб. 00 коп. 24 000 руб. 00 коп." in text  # no plan known; paid = sum ÷ price
    assert "Расхождения в расчёте" in text and "сумма строк 30 301 руб. 50 коп. ≠ стоимости мероприятий " \
                                               "30 301 руб. 51 коп." in text


async def test_the_act_is_read_by_the_office_and_its_own_organisation_only(svc: Harness) -> None:
    cid = await settled_course(svc, 1)
    assert pdf_text(await act(svc, cid, headers=provider(PENZA_ORG)))
    url = f"/v1/certificates/{cid}/settlement-act"
    assert (await svc.client.get(url, headers=provider(OTHER_ORG))).status_code == 404
    assert (await svc.client.get(url, headers=platform())).status_code == 403
    assert (await svc.client.get(url, headers=mse())).status_code == 403
    r = await svc.client.get(url, params={"format": "doc"}, headers=operator())
    assert r.status_code == 422 and "format" in r.text
    unsettled = await svc.client.post("/v1/mse-decisions", headers=mse(), json=decision_json(
        5, protocol_number="5.1.58/2026", municipality="Пенза"))
    r = await svc.client.get(f"/v1/certificates/{unsettled.json()['certificate_id']}/settlement-act",
                             headers=operator())
    assert r.status_code == 404


async def test_the_registry_lists_every_payment_of_the_period_with_totals(svc: Harness) -> None:
    first, second = await settled_course(svc, 1), await settled_course(svc, 2, LINES[:1], activities=2_400_000)
    params = {"from": "2026-11-01", "to": "2026-11-30"}
    r = await svc.client.get("/v1/settlements/registry", params=params, headers=operator())
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf", r.text
    text = pdf_text(r.content)
    second_pay = 2_400_000 + ACCOMPANYING  # 33 999 руб. 99 коп.
    # a table cell wraps (the certificate number at its hyphen): its words are checked, not the whole row
    for words in (f"act-{first} от", "40 301 руб. 49 коп.", f"act-{second} от", "33 999 руб. 99 коп.",
                  first.removeprefix("cert-"), second.removeprefix("cert-"), "Платежей: 2",
                  "Сумма к перечислению: 74 301 руб. 48 коп.", "платежей: 2 74 301 руб. 48 коп.",
                  "Всего 2 74 301 руб. 48 коп.", "с 01.11.2026 по 30.11.2026"):
        assert words in text, words
    assert ACTUAL + second_pay == 7_430_148
    sheet = rows((await svc.client.get("/v1/settlements/registry", params=params | {"format": "xlsx"},
                                       headers=operator())).content)
    payments = [r for r in sheet if isinstance(r[0], int)]
    assert {(r[2], r[4]) for r in payments} == {(first, Decimal("40301.49")), (second, Decimal("33999.99"))}
    total = next(r for r in sheet if r[1] == "Всего")
    assert total[2] == 2 and total[4] == sum(r[4] for r in payments) == Decimal("74301.48")


async def test_the_registry_is_the_offices_and_an_empty_period_says_so(svc: Harness) -> None:
    await settled_course(svc, 1)
    url = "/v1/settlements/registry"
    assert (await svc.client.get(url, headers=provider(PENZA_ORG))).status_code == 403
    assert (await svc.client.get(url, headers=platform())).status_code == 403
    r = await svc.client.get(url, params={"from": "2026-12-01", "to": "2026-12-31"}, headers=operator())
    assert "платежей за период нет" in pdf_text(r.content) and "Всего 0 0 руб. 00 коп." in pdf_text(r.content)
    r = await svc.client.get(url, params={"from": "2026-12-31", "to": "2026-12-01"}, headers=operator())
    assert r.status_code == 422 and r.json()["details"]["field"] == "from"
