"""The office's register, settlements and monitoring, and the federal bureau's list and progress, over fake services:
each call carries the person's token, each refusal is a Russian sentence naming the field, nothing typed is lost."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from kria_console.domain.monitoring import monitoring_query
from kria_console.domain.register_form import addition_body, change_body

from .fakes import Services, body_of, client, csrf_of, sign_in

ORG: dict[str, Any] = {
    "organisation_id": "org-abc", "name": "Центр «Надежда»", "region": "58", "status": "active",
    "status_on": "2026-11-20", "configured": False, "forms": ["semi_inpatient"], "capacity": 20,
    "lines": [{"target_group": "6", "municipality": "Пенза", "coverage": "named", "age_band": "до 14",
               "since": "2026-11-02"}],
    "history": [{"change_id": "ch-1", "kind": "added", "effective_on": "2026-11-02", "reason": "приказ № 1",
                 "actor": "sfr:officer", "recorded_at": "2026-11-01T09:00:00+00:00"}],
}
ADD = {"name": "Центр «Надежда»", "region": "58", "coverage": "named", "municipality": "Пенза",
       "target_group": ["6", "7"], "age_band": ["до 14"], "forms": ["semi_inpatient"], "capacity": "20",
       "effective_on": "2026-11-02", "reason": "приказ № 1"}


def office() -> Services:
    s = Services()
    s.json("GET", r"/v1/providers", 200, [{"organisation_id": "org-abc", "name": "Центр «Надежда»", "region": "58",
                                            "target_groups": ["6"], "municipalities": ["Пенза"],
                                            "age_bands": ["до 14"], "generated": False}])
    s.json("GET", r"/v1/register/organisations/org-abc", 200, ORG)
    return s


def test_the_office_adds_an_organisation_every_group_by_age_band_with_its_own_token() -> None:
    services = office()
    services.json("POST", r"/v1/register/organisations", 201, ORG)
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        form = c.get("/office/register")
        r = c.post("/office/register", data={"csrf": csrf_of(form.text), **ADD})
    assert r.history and r.history[0].headers["location"] == "/office/register/org-abc?done=added"
    assert "Организация включена в реестр." in r.text and "приказ № 1" in r.text
    sent = services.made("POST", "/v1/register/organisations")[0]
    assert sent[2] and sent[2].startswith("Bearer ")
    assert body_of(sent) == {
        "name": "Центр «Надежда»", "region": "58", "forms": ["semi_inpatient"], "capacity": 20,
        "effective_on": "2026-11-02", "reason": "приказ № 1",
        "lines": [{"target_group": g, "municipality": "Пенза", "coverage": "named", "age_band": "до 14"}
                  for g in ("6", "7")]}


def test_a_refused_addition_names_the_field_and_keeps_what_was_typed() -> None:
    services = office()
    services.json("POST", r"/v1/register/organisations", 422, {
        "error": "region_not_in_pilot", "message": "region 99", "details": {"field": "region"}})
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        form = c.get("/office/register")
        r = c.post("/office/register", data={"csrf": csrf_of(form.text), **ADD, "region": "99"})
        empty = c.post("/office/register", data={"csrf": csrf_of(form.text), **ADD, "target_group": []})
    assert r.status_code == 422
    assert "Поле «регион»: регион не участвует в пилотном проекте." in r.text
    assert 'value="99" inputmode="numeric" required aria-invalid="true"' in r.text
    assert 'id="add-name" name="name" value="Центр «Надежда»"' in r.text
    assert 'value="7" checked' in r.text and 'value="приказ № 1"' in r.text
    assert empty.status_code == 422 and "Поле «целевая группа»: отметьте хотя бы одну группу ЦРГ." in empty.text
    assert len(services.made("POST", "/v1/register/organisations")) == 1  # the empty one never left the console


def test_the_office_suspends_an_organisation_and_a_refused_change_keeps_its_date_and_reason() -> None:
    services = office()
    services.json("POST", r"/v1/register/organisations/org-abc/suspend", 200, {**ORG, "status": "suspended"})
    services.json("POST", r"/v1/register/organisations/org-abc/withdraw", 422, {
        "error": "effective_date_before_last_change", "message": "…", "details": {"field": "effective_on"}})
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        page = c.get("/office/register/org-abc")
        assert "Приостановить" in page.text and "Возобновить" not in page.text  # only what its status admits
        assert "включена" in page.text and "01.11.2026 12:00\u00a0МСК" in page.text
        done = c.post("/office/register/org-abc/suspend", data={"csrf": csrf_of(page.text),
                                                               "effective_on": "2026-11-21", "reason": "письмо 7"})
        refused = c.post("/office/register/org-abc/withdraw", data={"csrf": csrf_of(page.text),
                                                                   "effective_on": "2026-10-01", "reason": "акт"})
    assert "Организация приостановлена." in done.text
    assert body_of(services.made("POST", "/v1/register/organisations/org-abc/suspend")[0]) == {
        "effective_on": "2026-11-21", "reason": "письмо 7"}
    assert refused.status_code == 422
    assert "Поле «дата вступления в силу»: дата не может быть раньше последнего изменения организации." in refused.text
    assert 'value="2026-10-01" required aria-invalid="true"' in refused.text and 'value="акт"' in refused.text


def test_only_the_office_changes_the_register() -> None:
    services = office()
    with client(services) as c:
        sign_in(c, "platform-operator")
        page = c.get("/office/register/org-abc")
        assert "Приостановить" not in page.text and "Включить в реестр" not in c.get("/office/register").text
        r = c.post("/office/register/org-abc/suspend", data={"csrf": csrf_of(page.text),
                                                            "effective_on": "2026-11-21", "reason": "x"})
    assert r.status_code == 403 and not services.made("POST", "/v1/register/organisations/org-abc/suspend")


def test_settlements_list_each_act_and_payment_with_the_periods_totals() -> None:
    services = Services()
    act = {"act_id": "act-1", "certificate_id": "cert-1", "settled_on": "2026-11-25", "region": "58",
           "organisation_id": "org-abc", "act": {"target_group": "6", "form": "semi_inpatient",
                                                 "outcome": "completed", "start_date": "2026-11-02",
                                                 "end_date": "2026-11-22", "days_used": 21, "estimate_id": "e-1",
                                                 "delivered": [], "activities_kopecks": 9000000, "accompanying": {},
                                                 "actual_kopecks": 10000050},
           "payment": {"payee_organisation_id": "org-abc", "value_kopecks": 11539500, "to_pay_kopecks": 10000050,
                       "released_kopecks": 1539450}}
    services.json("GET", r"/v1/settlements", 200, {"count": 1, "totals": {
        "acts": 1, "value_kopecks": 11539500, "actual_kopecks": 10000050, "to_pay_kopecks": 10000050,
        "released_kopecks": 1539450}, "items": [act]})
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        r = c.get("/office/settlements?from=2026-11-01&to=2026-11-30&organisation_id=org-abc")
        bad = c.get("/office/settlements?to=30.11.2026")
    assert "act-1" in r.text and "100\u00a0000,50\u00a0₽" in r.text and "15\u00a0394,50\u00a0₽" in r.text
    assert "завершён полностью" in r.text
    sent = services.made("GET", "/v1/settlements")
    assert len(sent) == 1
    assert "Поле «дата конца периода»: нужна дата в виде ГГГГ-ММ-ДД." in bad.text and 'value="30.11.2026"' in bad.text


REPORT_FIGURES = {"issued": 6, "used": 4, "expired": 0, "annulled": 1, "children_served": 4, "completed": 3,
                  "ended_early": 1, "conclusions_signed": 4, "effective": 3, "ineffective": 1,
                  "effective_share": {"effective": 3, "signed": 4, "percent": 75.0},
                  "ineffective_by_reason": {"child_health": 1}, "reserved_kopecks": 46158000,
                  "settled_kopecks": 40000000, "released_kopecks": 6158000}


def test_the_monitoring_report_is_a_table_with_its_xlsx_passed_through() -> None:
    services = Services()
    services.json("GET", r"/v1/reports/monitoring", 200, {
        "period": {"year": 2026, "kind": "h1", "from": "2026-01-01", "to": "2026-06-30"}, "region": None,
        "total": REPORT_FIGURES, "by_region": [{"region": "58", **REPORT_FIGURES}], "by_target_group": [],
        "by_organisation": [{"organisation_id": "org-abc", "name": "Центр", **REPORT_FIGURES}]})
    services.on("GET", r"/v1/reports/monitoring/xlsx", lambda r: httpx.Response(
        200, content=b"PK\x03\x04book", headers={"content-type": "application/vnd.openxmlformats-officedocument"
                                                                 ".spreadsheetml.sheet"}))
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        r = c.get("/office/monitoring?year=2026&period=h1")
        book = c.get("/office/monitoring.xlsx?year=2026&period=h1")
        bad = c.get("/office/monitoring?year=26&period=h1&region=58")
    assert "Выдано сертификатов" in r.text and "75.0 % (3 из 4)" in r.text and "461\u00a0580,00\u00a0₽" in r.text
    assert "Неэффективна: состояние здоровья ребёнка" in r.text
    assert 'href="/office/monitoring.xlsx?year=2026&amp;period=h1"' in r.text
    assert book.content == b"PK\x03\x04book" and "monitoring-2026-h1.xlsx" in book.headers["content-disposition"]
    called = services.made("GET", "/v1/reports/monitoring/xlsx")[0]
    assert called[2] and called[2].startswith("Bearer ")
    assert bad.status_code == 422 and "Поле «год»: нужен год из четырёх цифр" in bad.text and 'value="26"' in bad.text
    assert len(services.made("GET", "/v1/reports/monitoring")) == 1


def test_the_federal_bureau_lists_the_conclusions_in_its_window_paginated() -> None:
    services = Services()
    item = {"conclusion_id": "c-1234567890", "certificate_id": "cert-1", "organisation_id": "org-abc",
            "state": "submitted", "verdict": "ineffective", "total_points": 3, "region": "58",
            "reason": "family_refused_course", "submitted_at": "2026-11-20T09:00:00+00:00",
            "federal_access_until": "2026-11-30T21:00:00+00:00"}
    seen: list[dict[str, list[str]]] = []

    def listing(request: httpx.Request) -> httpx.Response:
        seen.append(parse_qs(urlsplit(str(request.url)).query))
        return httpx.Response(200, json={"items": [item] * 20, "total": 25, "limit": 20, "offset": 20})
    services.on("GET", r"/v1/federal/conclusions", listing)
    with client(services) as c:
        sign_in(c, "federal-mse")
        r = c.get("/federal?region=58&verdict=ineffective&reason=family_refused_course&page=2")
    assert "c-123456…" in r.text and "отказ семьи от курса" in r.text and "Страница 2 из 2" in r.text
    assert "01.12.2026 00:00\u00a0МСК" in r.text
    assert seen == [{"region": ["58"], "verdict": ["ineffective"], "reason": ["family_refused_course"],
                     "limit": ["20"], "offset": ["20"]}]


def test_the_pilots_progress_and_a_refused_period_named() -> None:
    services = Services()
    services.json("GET", r"/v1/federal/progress", 200, {
        "conclusions": 4, "by_verdict": {"effective": 3, "ineffective": 1},
        "effective_share": {"effective": 3, "of": 4, "percent": 75.0}, "ineffective_by_reason": {"other": 1},
        "by_region": [{"region": "58", "conclusions": 4, "effective": 3, "ineffective": 1,
                       "ineffective_by_reason": {"other": 1}, "effective_share": {"effective": 3, "of": 4,
                                                                                  "percent": 75.0}},
                      {"region": "unknown", "conclusions": 0, "effective": 0, "ineffective": 0,
                       "ineffective_by_reason": {}, "effective_share": None}]})
    services.json("GET", r"/v1/federal/conclusions", 422, {
        "error": "bad_period", "message": "…", "details": {"field": "from"}})
    with client(services) as c:
        sign_in(c, "federal-mse")
        r = c.get("/federal/progress?from=2026-01-01")
        refused = c.get("/federal?from=2026-12-01&to=2026-11-01")
    assert "75.0 % (3 из 4)" in r.text and "иная причина" in r.text
    assert '<th scope="row">не известен</th>' in r.text and "unknown" not in r.text  # region not yet known
    assert refused.status_code == 422
    assert "Поле «дата начала периода»: начало периода позже его конца." in refused.text
    assert 'value="2026-12-01" aria-invalid="true"' in refused.text


def test_the_register_forms_read_into_the_services_bodies() -> None:
    assert change_body("2026-11-21", "  письмо ").body == {"effective_on": "2026-11-21", "reason": "письмо"}
    assert (change_body("21.11.2026", "x").refused or object()).field == "effective_on"  # type: ignore[union-attr]
    assert (change_body("2026-11-21", " ").refused or object()).field == "reason"  # type: ignore[union-attr]
    whole = addition_body({**{k: v for k, v in ADD.items() if isinstance(v, str)}, "coverage": "whole_region",
                           "municipality": "", "capacity": ""}, ["6"], ["до 14", "14-17"], ["inpatient"])
    assert whole.body and whole.body["capacity"] is None and len(whole.body["lines"]) == 2
    assert whole.body["lines"][0]["coverage"] == "whole_region"
    for typed, field in (({"capacity": "0"}, "capacity"), ({"region": "5"}, "region"), ({"name": "ab"}, "name"),
                         ({"municipality": ""}, "municipality")):
        got = addition_body({**{k: v for k, v in ADD.items() if isinstance(v, str)}, **typed}, ["6"], ["до 14"],
                            ["inpatient"])
        assert got.refused and got.refused.field == field, typed
    assert monitoring_query("2026", "h1", "").params == {"year": "2026", "period": "h1"}
    assert monitoring_query("", "", "").refused is None and monitoring_query("", "", "").params is None
    assert (monitoring_query("2026", "q3", "").refused or object()).field == "period"  # type: ignore[union-attr]


def test_a_closed_window_answered_as_an_unknown_id_is_said_as_closed_not_as_missing() -> None:
    services = Services()
    services.json("GET", r"/v1/conclusions/c-9", 404, {"error": "not_found", "message": "…", "details": {}})
    with client(services) as c:
        sign_in(c, "federal-mse")
        r = c.get("/federal/conclusions/c-9")
    assert r.status_code == 404 and "Доступ закрыт" in r.text and "10 календарных дней" in r.text
    assert "Такой записи нет" not in r.text
