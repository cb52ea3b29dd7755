"""The rehabilitation organisation's specialist and the family in a real Chromium against the real stack.

The family chooses an organisation with consent; its specialist reserves with the individual plan, keeps a
21-day journal day by day (a copied day, a missed activity, an offline spell sent once), rates, fills the
parental questionnaire, ends the course and previews the protocol; the rest of the pilot (the head's signature,
the bureau's) is driven over HTTP; the family then reads the conclusion. A specialist of another organisation
is refused the child everywhere, without a count.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any

import httpx
import pytest
import yaml
from playwright.sync_api import Page, Request, expect

from kria_cli.stack import Stack
from kria_console.people import DEMO_FAMILIES
from kria_gost import load_dev_pki, organisation_backend
from kria_shared.auth.tokens import mint_dev_token
from tests.integration.certificates.support import export_file, export_row

from .conftest import Look
from .support import OPS, running_stack, wait

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.kafka]
SERVICES = [f"kria-{s}" for s in ("certificates", "costing", "assessment", "signing")]
START = date(2026, 11, 2)  # the example export's children were decided on 2026-10-15
END = START + timedelta(days=20)


def token(subject: str, *roles: str, org: str | None = None, snils: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + mint_dev_token(subject=subject, roles=roles, audience=SERVICES,
                                                        organisation_id=org, signer_snils=snils)}


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    with running_stack(tmp_path_factory.mktemp("care-stack"), kafka_bootstrap) as s:
        yield s


@pytest.fixture(scope="module")
def pilot(stack: tuple[Stack, str]) -> dict[str, Any]:
    """Over HTTP: a child issued from an export, its representative recorded by the office, the price lists of the
    two organisations the dev sign-in's specialists work for approved by their heads."""
    s, _ = stack
    sfr = token("sfr-1", "sfr_operator")
    csv = export_file([export_row(4242)], reverse_columns=False)
    r = httpx.post(f"{s.url('certificates')}/v1/mse-imports", files={"file": ("e.csv", csv, "text/csv")},
                   headers=sfr, timeout=30)
    assert r.status_code in (200, 201), r.text
    [issued] = [e for e in r.json()["entries"] if e.get("certificate_id")]
    cid = issued["certificate_id"]
    family_snils = DEMO_FAMILIES[0][2]
    r = httpx.put(f"{s.url('certificates')}/v1/certificates/{cid}/representative", json={"snils": family_snils},
                  headers=sfr, timeout=10)
    assert r.status_code == 200, r.text
    orgs = httpx.get(f"{s.url('certificates')}/v1/providers", params={
        "region": "66", "target_group": "6", "municipality": "Екатеринбург", "age_band": "14-17"},
        headers=OPS, timeout=10).json()[:1]
    orgs += [o for o in httpx.get(f"{s.url('certificates')}/v1/providers", params={"region": "66"}, headers=OPS,
                                  timeout=10).json() if o["organisation_id"] != orgs[0]["organisation_id"]][:1]
    text = resources.files("kria_costing").joinpath("config/examples/normalisation_example.yaml").read_text("utf-8")
    today = datetime.now(UTC).date().isoformat()
    for n, o in enumerate(orgs, start=1):
        org = o["organisation_id"]
        draft = httpx.post(f"{s.url('costing')}/v1/organisations/{org}/price-lists", json=yaml.safe_load(text),
                           headers=token(f"eco-{org}", "provider", org=org), timeout=60)
        assert draft.status_code == 201, draft.text
        r = httpx.post(f"{s.url('costing')}/v1/organisations/{org}/price-lists/{draft.json()['version']}/approve",
                       json={"order_number": f"{n}-ОД", "order_date": today, "effective_from": today},
                       headers=token(f"head-{org}", "provider_head", org=org), timeout=60)
        assert r.status_code in (200, 201), r.text
    return {"cid": cid, "orgs": orgs}


def sign_in(page: Page, console: str, who: str | re.Pattern[str]) -> None:
    page.goto(console + "/signin")
    page.get_by_role("button", name=who).click()


def test_family_chooses_specialist_keeps_the_journal_family_reads_the_conclusion(
        stack: tuple[Stack, str], pilot: dict[str, Any], page: Page, look: Look) -> None:
    s, _ = stack
    console = s.console.url if s.console else ""
    cid, mine, other = pilot["cid"], pilot["orgs"][0], pilot["orgs"][1]

    # The family: its certificate, the organisations that fit, the choice refused without consent, then made.
    sign_in(page, console, re.compile(r"Смирнова Мария Викторовна"))
    expect(page.get_by_role("heading", name="Мои дети и сертификаты")).to_be_visible()
    look(page, "family-children")
    page.locator("main ul.cards a").first.click()
    expect(page.get_by_text("Выберите организацию и дайте согласие")).to_be_visible()
    look(page, "family-child-choose")
    page.get_by_label(mine["name"], exact=True).check()
    page.get_by_role("button", name="Выбрать организацию").click()
    expect(page.get_by_role("alert")).to_contain_text("Поле «согласие»")
    page.get_by_label(mine["name"], exact=True).check()
    page.get_by_label("Я, законный представитель, согласен", exact=False).check()
    page.get_by_role("button", name="Выбрать организацию").click()
    expect(page.get_by_role("status")).to_contain_text("Выбор сохранён")
    look(page, "family-chose")
    page.get_by_role("button", name="Выйти").click()

    # The specialist: the chosen child, the plan with the standard's ranges and the running total.
    sign_in(page, console, re.compile(r"Специалист 1 "))
    expect(page.get_by_role("heading", name="Дети организации")).to_be_visible()
    look(page, "specialist-children")
    page.get_by_role("link", name=re.compile("Забронировать")).click()
    total = page.locator("#plan-total strong")
    before = int(total.inner_text())
    assert before >= 120
    first = page.locator("input.plan-count").nth(3)
    low, high = int(first.get_attribute("min") or 0), int(first.get_attribute("max") or 0)
    was = int(first.input_value())
    first.fill(str(high))
    expect(total).to_have_text(str(before - was + high))
    first.fill(str(high + 5))  # the browser's own check would stop it: the server's refusal is what is tested
    page.locator("#plan-form").evaluate("f => { f.noValidate = true; }")
    page.get_by_role("button", name="Забронировать курс").click()
    expect(page.get_by_role("alert")).to_contain_text("вне диапазона стандарта")
    look(page, "specialist-plan-refused")
    page.locator("input.plan-count").nth(3).fill(str(low if low else high))
    page.get_by_role("button", name="Забронировать курс").click()
    expect(page.get_by_role("status")).to_contain_text("Бронирование отправлено")

    def reserved() -> bool:
        page.reload()
        return page.get_by_role("button", name="Начать курс").count() == 1
    wait(reserved, 60)
    look(page, "specialist-reserved")
    page.get_by_label("Дата начала курса").fill(START.isoformat())
    page.get_by_role("button", name="Начать курс").click()
    expect(page.get_by_role("status")).to_contain_text("Курс начат")

    def course_open() -> bool:
        page.reload()
        return page.get_by_role("link", name="Журнал курса по дням").count() == 1
    wait(course_open, 60)
    fill_scores(page, "baseline", START, {"self_care": 3, "mobility": 2, "orientation": 2, "communication": 3,
                                          "behaviour_control": 2, "learning": 3, "work_play": 2})
    fill_questionnaire(page, "before", START, 1)
    look(page, "specialist-course")

    sent: Counter[str] = Counter()

    def count(req: Request) -> None:
        if req.method == "POST" and req.url.endswith("/journal/batches"):
            sent[str(req.post_data_json["batch_id"])] += 1
    page.on("request", count)

    # Day 1 typed, with the standard's minutes shown while typing; day 2 copied; day 3 with a missed activity.
    page.get_by_role("link", name="Журнал курса по дням").click()
    row(page, 0, "social_pedagogical", "practical", "individual", "ped-04", "40")
    expect(page.locator("#limit-0")).to_have_text("30–45 мин")
    page.get_by_label("Минут, строка 1", exact=True).fill("90")
    expect(page.locator("#limit-0")).to_contain_text("вне стандарта")
    page.get_by_label("Минут, строка 1", exact=True).fill("40")
    row(page, 1, "adaptive_pe", "training", "group", "afk-02", "45")
    look(page, "specialist-journal-day-1")
    record_day(page)
    for n in range(1, 21):
        day = START + timedelta(days=n)
        page.goto(f"{console}/specialist/children/{cid}/journal?day={day.isoformat()}&copy=1")
        expect(page.get_by_label("Специалист, строка 1", exact=True)).to_have_value("ped-04")
        if n == 2:
            page.get_by_label("Состоялось, строка 2", exact=True).select_option("missed")
            page.get_by_label("Причина пропуска, строка 2", exact=True).select_option("child_health")
            look(page, "specialist-journal-missed")
        if n == 5:  # the network drops: the day is kept in the browser and sent once it is back
            page.context.set_offline(True)
            page.get_by_role("button", name="Записать день").click()
            expect(page.locator("#queue-status")).to_contain_text("Нет связи")
            look(page, "specialist-journal-offline", axe=False)
            page.context.set_offline(False)
            expect(page.locator("#queue-status")).to_contain_text("отправлен", timeout=15_000)
            continue
        record_day(page)
    page.goto(f"{console}/specialist/children/{cid}/journal?day={END.isoformat()}")
    look(page, "specialist-journal-day-21")
    course = httpx.get(f"{s.url('assessment')}/v1/courses/{cid}", headers=token("x", "provider", org=mine[
        "organisation_id"]), timeout=10).json()
    batches = Counter(e["batch_id"] for e in course["journal"])
    assert len(batches) == 21 and set(batches.values()) == {2}, batches  # each day recorded once, whole
    assert len({e["on"] for e in course["journal"]}) == 21
    assert sum(1 for e in course["journal"] if e["status"] == "missed") == 1
    assert set(sent.values()) == {1} and len(sent) == 21, sent  # each day posted once by the page

    # End, control ratings, the questionnaire after, the protocol's preview.
    page.goto(f"{console}/specialist/children/{cid}")
    page.get_by_label("Дата окончания").fill(END.isoformat())
    page.get_by_role("button", name="Закончить курс").click()
    expect(page.get_by_role("status")).to_contain_text("Курс закончен")

    def closed() -> bool:
        page.reload()
        return page.get_by_role("button", name="Сформировать протокол").count() == 1
    wait(closed, 60)
    fill_scores(page, "control", END, {"self_care": 2, "mobility": 1, "orientation": 1, "communication": 2,
                                       "behaviour_control": 1, "learning": 2, "work_play": 2})
    fill_questionnaire(page, "after", END, 3)
    page.get_by_role("button", name="Сформировать протокол").click()
    expect(page.get_by_role("heading", name="Протокол контрольной оценки")).to_be_visible()
    expect(page.get_by_role("table", name="Направления")).to_be_visible()
    look(page, "specialist-protocol-preview")
    page.get_by_role("button", name="Выйти").click()

    sign_the_rest(s, cid, mine["organisation_id"])

    # The family reads the conclusion in plain words.
    sign_in(page, console, re.compile(r"Смирнова Мария Викторовна"))
    page.goto(f"{console}/family/children/{cid}")
    expect(page.get_by_role("status")).to_contain_text("бюро признало курс эффективным")
    look(page, "family-conclusion")
    page.get_by_role("button", name="Выйти").click()

    # A specialist of the other organisation: nothing of the child, not even a count.
    sign_in(page, console, re.compile(r"Специалист 2 "))
    expect(page.get_by_role("cell", name="Нет детей, ждущих бронирования.")).to_be_visible()
    expect(page.get_by_text(cid)).to_have_count(0)
    look(page, "other-specialist-children")
    for path in (f"/specialist/children/{cid}", f"/specialist/children/{cid}/journal",
                 f"/specialist/reserve/{cid}", f"/specialist/children/{cid}/protocol"):
        response = page.goto(console + path)
        assert response is not None and response.status == 404, path
        expect(page.get_by_text("Смирнов")).to_have_count(0)
    look(page, "other-specialist-refused")
    assert other["organisation_id"] != mine["organisation_id"]


def row(page: Page, n: int, direction: str, kind: str, delivery: str, who: str, minutes: str) -> None:
    i = n + 1
    page.get_by_label(f"Направление, строка {i}", exact=True).select_option(direction)
    page.get_by_label(f"Вид, строка {i}", exact=True).select_option(kind)
    page.get_by_label(f"Форма, строка {i}", exact=True).select_option(delivery)
    page.get_by_label(f"Специалист, строка {i}", exact=True).fill(who)
    page.get_by_label(f"Минут, строка {i}", exact=True).fill(minutes)


def record_day(page: Page) -> None:
    page.get_by_role("button", name="Записать день").click()
    expect(page.locator("#queue-status")).to_contain_text("отправлен в журнал")


def fill_scores(page: Page, stage: str, on: date, ratings: dict[str, int]) -> None:
    page.locator(f"#{stage}-on").fill(on.isoformat())
    for d, v in ratings.items():
        page.locator(f"#{stage}-{d}").fill(str(v))
    title = "исходная оценка" if stage == "baseline" else "контрольная оценка"
    page.get_by_role("button", name=f"Сохранить: {title}").click()
    expect(page.get_by_role("status")).to_contain_text("Оценки сохранены")


def fill_questionnaire(page: Page, stage: str, on: date, score: int) -> None:
    page.locator(f"#{stage}-qon").fill(on.isoformat())
    for field in page.locator(f"input[id^='{stage}-'][name^='q-']").all():
        field.fill(str(score))
    page.locator(f"form[action$='questionnaire-{stage}'] button").click()
    expect(page.get_by_role("status")).to_contain_text("Анкета сохранена")


def sign_the_rest(s: Stack, cid: str, org: str) -> None:
    """The organisation's head signs the protocol (dev PKI), the MSE bureau's head signs the conclusion."""
    head = token(f"head-{org}", "provider_head", org=org)
    doc = httpx.get(f"{s.url('assessment')}/v1/courses/{cid}/protocol", headers=head, timeout=10)
    assert doc.status_code == 200, doc.text
    now = datetime.now(UTC).replace(microsecond=0)
    cms = organisation_backend(load_dev_pki(s.var_dir / "pki"), org, now=now).sign_detached_sync(
        doc.content, signing_time=now)
    r = httpx.post(f"{s.url('assessment')}/v1/courses/{cid}/protocol/signature", headers=head, timeout=10,
                   json={"signature": base64.b64encode(cms).decode()})
    assert r.status_code in (200, 202), r.text
    signers = httpx.get(f"{s.url('signing')}/v1/signers", headers=OPS, timeout=10).json()["signers"]
    snils = next(x["snils"] for x in signers if x.get("role") == "head" and x.get("signing_key_here"))
    bureau = token("mse-head", "mse_head", snils=snils)

    def drafted() -> dict[str, Any] | None:
        items = httpx.get(f"{s.url('signing')}/v1/conclusions?limit=500", headers=bureau, timeout=10).json()["items"]
        return next((c for c in items if c["certificate_id"] == cid and c["state"] == "ready_to_sign"), None)
    c = wait(drafted, 60)
    r = httpx.post(f"{s.url('signing')}/v1/conclusions/{c['conclusion_id']}/sign", headers=bureau, timeout=30)
    assert r.status_code == 200, r.text

    def seen() -> bool:
        got = httpx.get(f"{s.url('certificates')}/v1/family/children/{cid}", timeout=10,
                        headers=token("esia-1", "legal_representative", snils=DEMO_FAMILIES[0][2]))
        return got.status_code == 200 and got.json()["conclusion"] is not None
    wait(seen, 60)
