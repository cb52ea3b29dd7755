"""The console in a real Chromium against the real stack: each role's main tasks, axe on every page, screenshots.

An expert fills a reason, the head signs a batch (and one more on its own), the ЕЦП receives them; the federal
bureau finds one and is refused on day 11; the office imports an MSE export and reads what it issued.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from kria_cli.stack import Stack

from .conftest import Look
from .support import conclusions_of, move_signing_clock, protocol, publish_protocols, run_async, running_stack, wait

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.kafka]
# The stack (and the broker, started with asyncio.run) is set up before the browser: every test names it first,
# since Playwright's sync API then runs its own event loop in this thread.


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    with running_stack(tmp_path_factory.mktemp("console-stack"), kafka_bootstrap) as s:
        yield s


@pytest.fixture(scope="module")
def drafts(stack: tuple[Stack, str], kafka_bootstrap: str) -> dict[str, dict[str, Any]]:
    """Three drafts: one waiting for the expert's reason, one effective, one whose missed reason was prefilled."""
    s, prefix = stack
    protocols = {"waiting": protocol(effective=False), "effective": protocol(effective=True),
                 "prefilled": protocol(effective=False, missed_by_reason={"child_health": 3})}
    run_async(publish_protocols(kafka_bootstrap, prefix, list(protocols.values()), s.var_dir / "pki"))
    by_cert = {p.certificate_id: k for k, p in protocols.items()}
    found = wait(lambda: (c := conclusions_of(s.url("signing"), set(by_cert))) and len(c) == 3 and c)
    return {by_cert[cid]: c for cid, c in found.items()}


def sign_in(page: Page, console: str, who: str | re.Pattern[str], look: Look | None = None) -> None:
    page.goto(console + "/")
    expect(page).to_have_url(re.compile(r"/signin"))
    if look is not None:
        look(page, "signin")
    page.get_by_role("button", name=who).click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(re.compile(r"/signin$"))


def test_the_bureau_fills_a_reason_signs_a_batch_and_the_ecp_receives_it(
        stack: tuple[Stack, str], drafts: dict[str, dict[str, Any]], page: Page, look: Look) -> None:
    s, _ = stack
    console = s.console.url if s.console else ""
    waiting, effective, prefilled = (drafts[k]["conclusion_id"] for k in ("waiting", "effective", "prefilled"))
    assert drafts["waiting"]["state"] == "awaiting_reason"

    sign_in(page, console, "Войти: Ершов Павел Андреевич", look)
    expect(page.get_by_role("heading", name="Проекты заключений")).to_be_visible()
    page.keyboard.press("Tab")  # the first stop is the link past the navigation
    expect(page.get_by_role("link", name="Перейти к содержимому")).to_be_focused()
    look(page, "expert-worklist")
    page.get_by_label("Только ждущие причину").check()
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("link", name=f"{waiting[:8]}…")).to_be_visible()
    expect(page.get_by_role("link", name=f"{effective[:8]}…")).to_have_count(0)
    look(page, "expert-worklist-waiting")
    page.get_by_role("link", name=f"{waiting[:8]}…").click()
    expect(page.get_by_role("cell", name="Не оказаны обязательные направления: социально-бытовая", exact=False)
           ).to_be_visible()
    look(page, "expert-conclusion")

    # "Other" without its text, by keyboard: refused with a sentence naming the field; the choice is still there.
    page.get_by_label("иная причина (указать текстом)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Сохранить причину").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Поле «текст причины»")
    expect(page.get_by_label("иная причина (указать текстом)")).to_be_checked()
    look(page, "expert-reason-refused")
    page.get_by_label("Текст причины").fill("Ребёнок был госпитализирован на время курса")
    page.get_by_role("button", name="Сохранить причину").click()
    expect(page.get_by_role("status")).to_contain_text("Причина сохранена")
    expect(page.locator("dd", has_text="Ребёнок был госпитализирован на время курса")).to_be_visible()
    look(page, "expert-reason-saved")
    sign_out(page)

    sign_in(page, console, re.compile(r"\(руководитель\)"))
    expect(page.get_by_role("heading", name="К подписи")).to_be_visible()
    look(page, "head-ready-to-sign")
    for cid in (waiting, effective):
        page.locator(f"#pick-{cid}").check()
    page.get_by_role("button", name="Просмотреть отмеченные перед подписью").click()
    expect(page.get_by_role("heading", name="Что будет подписано")).to_be_visible()
    expect(page.locator("code.hash")).to_have_count(2)
    look(page, "head-review-batch")
    page.get_by_role("button", name="Подписать показанные документы (2)").click()
    expect(page.get_by_text("подписано, отправляется в ЕЦП")).to_have_count(2)
    look(page, "head-batch-signed")

    # One by one: the conclusion with its document and hash, signed from its own page.
    page.goto(f"{console}/bureau/conclusions/{prefilled}")
    expect(page.get_by_role("heading", name="Что будет подписано")).to_be_visible()
    look(page, "head-sign-one")
    page.get_by_role("button", name="Подписать", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Заключение подписано")

    wanted = {drafts[k]["certificate_id"] for k in drafts}
    wait(lambda: all(c["state"] == "submitted" for c in conclusions_of(s.url("signing"), wanted).values()))
    page.goto(f"{console}/bureau/submissions?state=submitted")
    for cid in (waiting, effective, prefilled):
        expect(page.get_by_role("link", name=f"{cid[:8]}…")).to_be_visible()
    look(page, "head-submissions-received")
    page.get_by_role("link", name=f"{waiting[:8]}…").click()
    expect(page.get_by_text("получено", exact=False).first).to_be_visible()
    look(page, "head-conclusion-received")


def test_the_federal_bureau_reads_inside_its_window_and_is_refused_on_day_11(
        stack: tuple[Stack, str], drafts: dict[str, dict[str, Any]], page: Page, look: Look) -> None:
    s, _ = stack
    console = s.console.url if s.console else ""
    cid = drafts["effective"]["conclusion_id"]
    wait(lambda: conclusions_of(s.url("signing"), {drafts["effective"]["certificate_id"]}
                                ).get(drafts["effective"]["certificate_id"], {}).get("state") == "submitted", 60)
    sign_in(page, console, "Войти: Фёдорова Мария Олеговна")
    look(page, "federal-search")
    page.get_by_label("Номер заключения").fill(cid)
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("heading", name="Заключение (только чтение)")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("включительно")
    expect(page.get_by_role("button", name=re.compile("Подписать|Сохранить"))).to_have_count(0)
    look(page, "federal-conclusion")
    move_signing_clock(s.url("signing"), 11)
    try:
        page.reload()
        expect(page.get_by_role("heading", name="Доступ закрыт")).to_be_visible()
        expect(page.get_by_text("10 календарных дней", exact=False)).to_be_visible()
        look(page, "federal-closed-day-11")
    finally:
        move_signing_clock(s.url("signing"), -11)


def test_the_office_imports_an_mse_export_and_reads_certificates_and_register(
        stack: tuple[Stack, str], page: Page, browser: Browser, look: Look, tmp_path: Path) -> None:
    s, _ = stack
    console = s.console.url if s.console else ""
    export = tmp_path / "export.csv"
    export.write_bytes(resources.files("kria_certificates").joinpath("examples/mse_export_example.csv").read_bytes())
    sign_in(page, console, "Войти: Соколова Анна Викторовна")
    expect(page.get_by_role("heading", name="Загрузка выгрузки МСЭ")).to_be_visible()
    look(page, "office-import")
    page.get_by_label("Файл выгрузки МСЭ").set_input_files(str(export))
    page.get_by_role("button", name="Загрузить").click()
    expect(page).to_have_url(re.compile(r"/office/import/report"))
    expect(page.get_by_text("Файл export.csv", exact=False)).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    look(page, "office-import-report")

    # Without JavaScript the same form posts the file and lands on the report: the rows were taken already.
    bare = browser.new_context(java_script_enabled=False, locale="ru-RU")
    try:
        plain = bare.new_page()
        sign_in(plain, console, "Войти: Соколова Анна Викторовна")
        plain.get_by_label("Файл выгрузки МСЭ").set_input_files(str(export))
        plain.get_by_role("button", name="Загрузить").click()
        expect(plain).to_have_url(re.compile(r"/office/import/report"))
        expect(plain.get_by_text("уже загружались ранее: 6", exact=False)).to_be_visible()
        look(plain, "office-import-report-without-javascript", axe=False)
    finally:
        bare.close()

    page.get_by_role("link", name="Сертификаты").click()
    expect(page.get_by_role("heading", name="Сертификаты")).to_be_visible()
    look(page, "office-certificates")
    page.locator("table tbody tr a").first.click()
    expect(page.get_by_role("table", name="История")).to_be_visible()
    look(page, "office-certificate")
    page.get_by_role("link", name="Реестр").click()
    page.get_by_label("Регион (код)").fill("66")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("table")).to_be_visible()
    look(page, "office-register")
    page.get_by_role("link", name="Расчёты").click()
    look(page, "office-settlements")
    page.goto(f"{console}/office/report?from=2020-01-01&to=2030-12-31")
    expect(page.get_by_role("term").filter(has_text="Сертификатов")).to_be_visible()
    look(page, "office-report")
