"""The console in a real Chromium against the real stack: each role's main tasks, axe on every page, screenshots.

An expert fills a reason, the head signs a batch (and one more on its own), the ЕЦП receives them; the federal
bureau finds one by its number and in its window's list, reads the pilot's progress and is refused on day 11; the
office imports an MSE export, reads what it issued, adds an organisation to the register and suspends it (a
reservation by it is then refused), reads the settlements and the monitoring report and downloads its XLSX.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from kria_cli.stack import Stack
from kria_console.domain.refusals import refusal
from kria_shared.auth.tokens import mint_dev_token
from kria_shared.clock import MOSCOW

from .conftest import Look
from .support import (
    OPS,
    conclusions_of,
    issued_certificates,
    move_signing_clock,
    protocol,
    publish_protocols,
    run_async,
    running_stack,
    signed_by_organisation,
    wait,
)

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
    cids = issued_certificates(s.url("certificates"))
    assert len(cids) >= 3, cids
    protocols = {"waiting": protocol(effective=False, certificate_id=cids[0]),
                 "effective": protocol(effective=True, certificate_id=cids[1]),
                 "prefilled": protocol(effective=False, missed_by_reason={"child_health": 3}, certificate_id=cids[2])}
    protocols = {k: signed_by_organisation(p, s.var_dir / "pki") for k, p in protocols.items()}
    run_async(publish_protocols(kafka_bootstrap, prefix, list(protocols.values())))
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

    # The list of the window's conclusions finds it too, searched by verdict; the pilot's progress counts it.
    page.goto(f"{console}/federal")
    page.get_by_label("Вывод").select_option("effective")
    page.get_by_role("button", name="Показать список").click()
    expect(page.get_by_role("table", name=re.compile("Заключения в окне доступа"))).to_be_visible()
    expect(page.get_by_role("link", name=f"{cid[:8]}…")).to_be_visible()
    look(page, "federal-list")
    page.get_by_role("link", name="Ход пилотного проекта").click()
    expect(page.get_by_role("term").filter(has_text="Заключений")).to_be_visible()
    look(page, "federal-progress")
    page.goto(f"{console}/federal/conclusions/{cid}")
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
    register_suspend_and_refuse(page, s, look)

    page.get_by_role("link", name="Расчёты").click()
    expect(page.get_by_role("heading", name="Расчёты, акты и платёжные документы")).to_be_visible()
    look(page, "office-settlements")
    page.get_by_role("link", name="Мониторинг").click()
    page.get_by_label("Год").fill("2026")
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_role("table", name=re.compile("Итого"))).to_be_visible()
    expect(page.get_by_role("rowheader", name="Выдано сертификатов")).to_be_visible()
    look(page, "office-monitoring")
    with page.expect_download() as got:
        page.get_by_role("link", name="Скачать отчёт XLSX").click()
    assert got.value.suggested_filename == "monitoring-2026-year.xlsx"
    assert Path(got.value.path()).read_bytes()[:2] == b"PK"  # a zip: the workbook itself
    page.goto(f"{console}/office/report?from=2020-01-01&to=2030-12-31")
    expect(page.get_by_role("term").filter(has_text="Сертификатов")).to_be_visible()
    look(page, "office-report")


def register_suspend_and_refuse(page: Page, s: Stack, look: Look) -> None:
    """The office adds an organisation for the whole region of an imported certificate (refused first for want of
    a group, the rest kept), suspends it; a reservation by it is then refused with the register's sentence."""
    certificates = httpx.get(f"{s.url('certificates')}/v1/certificates?state=issued&limit=1", headers=OPS,
                             timeout=10).json()["items"]
    cert = certificates[0]
    today = datetime.now(MOSCOW).date().isoformat()
    name = f"Центр реабилитации «Проба {uuid.uuid4().hex[:6]}»"
    page.get_by_label("Наименование организации").fill(name)
    page.get_by_label("Регион организации (код)").fill(cert["region"])
    page.get_by_label("Охват").select_option("whole_region")
    for band in ("до 14", "14-17"):
        page.locator(f'input[name="age_band"][value="{band}"]').check()
    page.locator('input[name="forms"][value="semi_inpatient"]').check()
    page.get_by_label("Вступает в силу").fill(today)
    page.get_by_label("Основание (приказ, письмо)").fill("Приказ отделения № 12")
    page.get_by_role("button", name="Включить в реестр").click()
    expect(page.get_by_role("alert")).to_contain_text("Поле «целевая группа»")
    expect(page.get_by_label("Наименование организации")).to_have_value(name)
    look(page, "office-register-add-refused")
    for group in range(1, 12):
        page.locator(f'input[name="target_group"][value="{group}"]').check()
    page.get_by_role("button", name="Включить в реестр").click()
    expect(page.get_by_role("status")).to_contain_text("Организация включена в реестр")
    look(page, "office-organisation-added")
    org = page.url.split("/office/register/")[1].split("?")[0]

    page.locator("#suspend-effective").fill(today)
    page.locator("#suspend-reason").fill("Письмо о нарушении условий, № 7")
    page.get_by_role("button", name="Приостановить").click()
    expect(page.get_by_role("status")).to_contain_text("Организация приостановлена")
    expect(page.get_by_role("cell", name="Письмо о нарушении условий, № 7")).to_be_visible()
    expect(page.get_by_role("button", name="Возобновить")).to_be_visible()
    look(page, "office-organisation-suspended")

    provider = mint_dev_token(subject="console-test-provider", roles=["provider"], audience="kria-certificates",
                              organisation_id=org)
    r = httpx.post(f"{s.url('certificates')}/v1/certificates/{cert['certificate_id']}/reservation",
                   json={"organisation_id": org, "form": "semi_inpatient", "companion": False},
                   headers={"Authorization": f"Bearer {provider}"}, timeout=10)
    assert r.status_code == 422 and r.json()["error"] == "organisation_suspended", r.text
    assert refusal(r.status_code, r.json()).message.startswith(
        "Поле «организация»: организация приостановлена в реестре на эту дату")
