"""The rehabilitation organisation's economist and head in a real Chromium against the real stack.

The economist types the cost normalisation into the forms (rows added by saving the draft, a bad figure named in
Russian and fixed), computes the price list, opens the derivation of a figure and downloads the XLSX and PDF; the
economist has no approval and a forced one is refused; the head approves with an order, then signs a control-
assessment protocol after reading it (the course played over HTTP and Kafka, as the certificates service and the
specialists would). Another organisation's economist finds nothing of it.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
import yaml
from playwright.sync_api import Page, expect

from kria_cli.stack import Stack
from kria_console.domain import normalisation_form as nf
from kria_console.people import SPECIALISTS_FOR
from kria_shared.auth.tokens import mint_dev_token
from kria_shared.testing.documents import pdf_text
from tests.integration.assessment.support import (
    answers_body,
    completed,
    publish,
    ratings_body,
    started,
)

from .conftest import Look
from .support import conclusions_of, run_async, running_stack, wait

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.kafka]
SERVICES = [f"kria-{s}" for s in ("certificates", "costing", "assessment", "signing")]
ECONOMIST, HEAD = "Белова Ирина Сергеевна (экономист)", "Громов Олег Петрович (руководитель организации)"
OTHER_ECONOMIST = "Лаптева Нина Юрьевна (экономист)"


def token(subject: str, *roles: str, org: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + mint_dev_token(subject=subject, roles=roles, audience=SERVICES,
                                                        organisation_id=org)}


def today_msk() -> date:
    return datetime.now(ZoneInfo("Europe/Moscow")).date()


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    with running_stack(tmp_path_factory.mktemp("org-stack"), kafka_bootstrap) as s:
        yield s


@pytest.fixture(scope="module")
def organisation(stack: tuple[Stack, str]) -> dict[str, Any]:
    """The organisation whose economist and head the dev sign-in offers: the one its first specialist works for
    (the register's first for the example export's children, people.SPECIALISTS_FOR), and another of the region."""
    s, _ = stack
    office = token("sfr-1", "sfr_operator")
    [ours] = httpx.get(s.url("certificates") + SPECIALISTS_FOR, headers=office, timeout=10).json()[:1]
    orgs = httpx.get(f"{s.url('certificates')}/v1/providers", params={"region": "66"}, headers=office,
                     timeout=10).json()
    [other] = [o for o in orgs if o["organisation_id"] != ours["organisation_id"]][:1]
    return {"id": ours["organisation_id"], "name": ours["name"], "other": other["organisation_id"]}


@pytest.fixture(scope="module")
def frozen_protocol(stack: tuple[Stack, str], kafka_bootstrap: str, organisation: dict[str, Any]) -> str:
    """A course of the organisation played to its frozen protocol, as the certificates service (its start and end
    on Kafka) and the organisation's specialists (ratings, questionnaires, the protocol over HTTP) would."""
    s, prefix = stack
    org, url = organisation["id"], s.url("assessment")
    staff = token("specialist", "provider", org=org)
    cid = f"cert-{uuid.uuid4().hex[:10]}"
    end = today_msk() - timedelta(days=1)
    start = end - timedelta(days=20)
    run_async(publish(kafka_bootstrap, prefix, started(cid, start, end).model_copy(update={"organisation_id": org})))
    wait(lambda: httpx.get(f"{url}/v1/courses/{cid}", headers=staff, timeout=10).status_code == 200, 60)
    for path, body in (("ratings/baseline", ratings_body([3, 3, 2, 2, 1, 4, 0], start)),
                       ("questionnaire/before", answers_body(1, start))):
        assert httpx.put(f"{url}/v1/courses/{cid}/{path}", json=body, headers=staff, timeout=10).status_code == 200
    run_async(publish(kafka_bootstrap, prefix, completed(cid, end).model_copy(update={"organisation_id": org})))
    wait(lambda: httpx.get(f"{url}/v1/courses/{cid}", headers=staff, timeout=10).json()["state"] == "closed", 60)
    for path, body in (("ratings/control", ratings_body([2, 3, 2, 1, 1, 3, 0], end)),
                       ("questionnaire/after", answers_body(2, end))):
        assert httpx.put(f"{url}/v1/courses/{cid}/{path}", json=body, headers=staff, timeout=10).status_code == 200
    r = httpx.post(f"{url}/v1/courses/{cid}/protocol", json={"notes": "ребёнок спокоен"}, headers=staff, timeout=10)
    assert r.status_code == 201, r.text
    return cid


def example() -> nf.Values:
    text = resources.files("kria_costing").joinpath("config/examples/normalisation_example.yaml").read_text("utf-8")
    return nf.values_of(yaml.safe_load(text))


def sign_in(page: Page, console: str, who: str) -> None:
    page.goto(console + "/signin")
    page.get_by_role("button", name=who).click()


def type_normalisation(page: Page, values: nf.Values) -> int:
    """Type every figure into its field; a table longer than the form's empty rows gets more rows by saving the
    draft (as a person would). Returns how many times the draft was saved."""
    left, saves = dict(values), 0
    while left:
        shown = dict(page.evaluate("() => [...document.querySelectorAll('input[id], select[id]')]"
                                   ".map(e => [e.id, e.tagName])"))
        for name in [n for n in left if n in shown]:
            field = page.locator(f'[id="{name}"]')
            if shown[name] == "SELECT":
                field.select_option(left.pop(name))
            else:
                field.fill(left.pop(name)[0])
        if left:
            assert saves < 8, f"no field for {sorted(left)[:5]}"
            page.get_by_role("button", name="Сохранить черновик").click()
            expect(page.get_by_role("status")).to_contain_text("Черновик сохранён")
            saves += 1
    return saves


def test_the_economist_computes_the_head_approves_and_signs_the_protocol(
        stack: tuple[Stack, str], organisation: dict[str, Any], frozen_protocol: str, page: Page,
        look: Look) -> None:
    s, _ = stack
    console = s.console.url if s.console else ""
    org, cid = organisation["id"], frozen_protocol

    # The economist types the normalisation; tables longer than the empty rows grow as the draft is saved.
    sign_in(page, console, ECONOMIST)  # the economist starts on the price lists, not on the specialists' children
    expect(page.get_by_role("heading", name="Прейскуранты организации")).to_be_visible()
    expect(page.get_by_role("cell", name="Прейскурантов пока нет.")).to_be_visible()
    look(page, "economist-price-lists-empty")
    page.get_by_role("link", name="Заполнить нормализацию").click()
    expect(page.get_by_role("heading", name="Нормализация затрат")).to_be_visible()
    look(page, "economist-normalisation-empty")
    values = example()
    assert type_normalisation(page, values) >= 2  # the plan's 14 rows need the form to grow
    # A figure typed in words: nothing is computed, the field is named in Russian and marked.
    page.get_by_label(re.compile("^Начисления на оплату труда")).fill("тридцать процентов")
    page.get_by_role("button", name="Рассчитать прейскурант").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Данные не приняты")
    expect(alert).to_contain_text("Поле «начисления на оплату труда (доля)»")
    expect(page.locator("#accruals_rate")).to_have_attribute("aria-invalid", "true")
    look(page, "economist-normalisation-refused")
    alert.get_by_role("link", name=re.compile("начисления на оплату труда")).click()
    expect(page.locator("#accruals_rate")).to_be_focused()
    page.locator("#accruals_rate").fill(values["accruals_rate"][0])
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_role("status")).to_contain_text("Черновик сохранён")

    # The draft survives leaving the page; computing it makes version 1, a draft for the head.
    page.get_by_role("link", name="Прейскуранты", exact=True).click()
    expect(page.get_by_text("Есть черновик")).to_be_visible()
    page.get_by_role("link", name="Продолжить черновик").click()
    expect(page.locator("#accruals_rate")).to_have_value(values["accruals_rate"][0])
    expect(page.locator("#plan-13-children")).to_have_value(values["plan-13-children"][0])
    page.get_by_role("button", name="Рассчитать прейскурант").click()
    expect(page.get_by_role("heading", name="Прейскурант, версия 1")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text("Прейскурант рассчитан")
    expect(page.get_by_role("button", name="Утвердить прейскурант")).to_have_count(0)  # four eyes
    # Any figure's derivation is one click away.
    prices = page.get_by_role("table", name=re.compile("^Цены мероприятий"))
    first = prices.locator("details").first
    expect(first.get_by_text(re.compile("^цена: "))).to_be_hidden()
    first.locator("summary").click()
    expect(first.get_by_text(re.compile("^цена: .* руб\\.$"))).to_be_visible()
    expect(first.get_by_text(re.compile("^труд: "))).to_be_visible()
    look(page, "economist-price-list-derivation")

    # The downloads are the real documents, of this organisation's list.
    for fmt in ("xlsx", "pdf"):
        r = page.request.get(f"{console}/org/price-lists/1/document.{fmt}", timeout=330_000)
        assert r.status == 200 and "attachment" in r.headers.get("content-disposition", ""), (
            fmt, r.status, page.evaluate("t => new DOMParser().parseFromString(t, 'text/html').body.innerText",
                                         r.text())[:600])
    with page.expect_download(timeout=330_000) as got:  # costing renders the documents on request
        page.get_by_role("link", name="Скачать XLSX").click(timeout=330_000)
    assert got.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()), read_only=True)
    cells = " ".join(str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c)
    assert values["organisation_name"][0] in cells
    with page.expect_download(timeout=330_000) as got:
        page.get_by_role("link", name="Скачать PDF").click(timeout=330_000)
    pdf = Path(got.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and got.value.suggested_filename.endswith(".pdf")
    assert values["organisation_name"][0] in " ".join(pdf_text(pdf).split())

    # A forced approval by the economist is refused by the console, and costing keeps the list a draft.
    csrf = page.locator("input[name=csrf]").first.get_attribute("value") or ""
    forced = page.request.post(console + "/org/price-lists/1/approve", form={
        "csrf": csrf, "order_number": "1-ОД", "order_date": today_msk().isoformat()}, max_redirects=0)
    assert forced.status == 403 and "Страница не для вашей роли" in forced.text()  # not a stale form (CSRF)
    kept = httpx.get(f"{s.url('costing')}/v1/organisations/{org}/price-lists/1?group=-",
                     headers=token("x", "provider_head", org=org), timeout=10).json()
    assert kept["status"] == "draft"
    page.get_by_role("button", name="Выйти").click()

    # The head: the start page says a protocol awaits signature; the price list is approved by an order.
    sign_in(page, console, HEAD)
    expect(page.get_by_role("heading", name="Прейскуранты организации")).to_be_visible()
    expect(page.get_by_text("Ждут вашей подписи: 1.")).to_be_visible()
    look(page, "head-start")
    page.get_by_role("link", name="Версия 1").click()
    order_day = today_msk()
    page.get_by_label("Номер приказа").fill("17-ОД")
    page.get_by_label("Дата приказа").fill(order_day.isoformat())
    page.get_by_label("Дата начала действия цен").fill((order_day - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Утвердить прейскурант").click()
    expect(page.get_by_role("alert")).to_contain_text("Поле «дата начала действия»")
    look(page, "head-approve-refused")
    page.get_by_label("Дата начала действия цен").fill(order_day.isoformat())
    page.get_by_role("button", name="Утвердить прейскурант").click()
    expect(page.get_by_role("status")).to_contain_text("Прейскурант утверждён приказом")
    expect(page.get_by_text(f"приказ № 17-ОД от {order_day:%d.%m.%Y}")).to_be_visible()
    expect(page.get_by_role("button", name="Утвердить прейскурант")).to_have_count(0)
    look(page, "head-approved")

    # The head reads the protocol (content, hashes, the exact bytes) and signs what was shown.
    page.get_by_role("link", name="Подпись протоколов").click()
    look(page, "head-protocols-to-sign")
    page.get_by_role("link", name=f"Протокол курса {cid}").click()
    expect(page.get_by_role("heading", name="Протокол контрольной оценки")).to_be_visible()
    expect(page.get_by_text("ребёнок спокоен", exact=True)).to_be_visible()
    page.get_by_text("Точный текст подписываемого документа").click()
    expect(page.locator("pre.document")).to_contain_text(cid)
    look(page, "head-protocol-review")
    page.get_by_role("button", name="Подписать показанный протокол").click()
    expect(page.get_by_role("status")).to_contain_text("Протокол подписан")
    look(page, "head-protocol-signed")
    page.get_by_role("link", name="Подпись протоколов").click()
    expect(page.get_by_role("cell", name="Протоколов, ждущих подписи, нет.")).to_be_visible()
    # The signed protocol reached the MSE bureau over Kafka: signing drafted its conclusion.
    wait(lambda: conclusions_of(s.url("signing"), {cid}), 60)
    page.get_by_role("button", name="Выйти").click()

    # Another organisation's economist: none of this organisation's lists, drafts, documents or protocols.
    sign_in(page, console, OTHER_ECONOMIST)
    page.get_by_role("link", name="Прейскуранты", exact=True).click()
    expect(page.get_by_role("cell", name="Прейскурантов пока нет.")).to_be_visible()
    expect(page.get_by_text("17-ОД")).to_have_count(0)
    look(page, "other-economist-price-lists")
    page.goto(console + "/org/normalisation")
    expect(page.locator("#organisation_name")).to_have_value("")
    for path, status in (("/org/price-lists/1", 404), ("/org/price-lists/1/document.pdf", 404),
                         ("/org/price-lists/1/document.xlsx", 404), ("/head/protocols", 403),
                         (f"/head/protocols/{cid}", 403), (f"/head/protocols/{cid}/document.json", 403)):
        response = page.goto(console + path)
        assert response is not None and response.status == status, path
        expect(page.get_by_text(cid)).to_have_count(0)
    look(page, "other-economist-refused")
    assert organisation["other"] != org
