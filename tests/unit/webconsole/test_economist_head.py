"""The economist's and the head's pages over fake services: drafts kept, field errors named, four eyes, the head
signs only the protocol shown (and with a real GOST signature from the dev PKI)."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import yaml

from kria_console.domain import normalisation_form as nf
from kria_costing.api.costs import standard_view
from kria_costing.config.loader import load_catalogue
from kria_gost import init_dev_pki

from .fakes import Services, body_of, client, csrf_of, sign_in

ORG = "org-66-1"
PROVIDERS = [{"organisation_id": ORG, "name": "Центр «Радуга»", "region": "66"},
             {"organisation_id": "org-66-2", "name": "Центр «Другой»", "region": "66"}]
SUMMARY = {"organisation_id": ORG, "version": 1, "status": "draft", "standards_version": "s", "lines": 2,
           "created_at": "2026-11-23T12:25:51+00:00", "created_by": f"economist-{ORG}", "approved_at": None,
           "approved_by": None}
DERIVATION: dict[str, Any] = {
    "standards_version": "s", "course_days": 21, "standards": [{"group": "2", "derived": False}],
    "specialists": [{"code": "psychologist", "title": "Психолог", "hourly_cost_rub": "565.3779",
                     "computation": "52000.00 × 12 × (1 + 0.302) / 1437.00 = 565.3779"}],
    "overhead": {"overhead_rate": {"semi_inpatient": "0.35"}, "admin_support_annual_rub": "1",
                 "direct_annual_labour_rub": "2",
                 "admin_support_rate": "0.2", "premises_annual_rub": {"semi_inpatient": "3"},
                 "direct_by_form_rub": {"semi_inpatient": "4"}, "premises_rate": {"semi_inpatient": "0.15"}},
    "prices": [{"group": "2", "form": "semi_inpatient", "direction": "adaptive_pe", "activity_type": "practical",
                "delivery": "group", "ages": None, "minutes": 45, "group_size": 5, "specialists": [
                    {"code": "afk_instructor", "computation": "500.1420 × 45/60 / 5 = 75.0213"}],
                "labour_rub": "75.0213", "materials": [], "direct_rub": "75.0213", "overhead_rate": "0.35",
                "territorial_coefficient": "1.00", "unit_price_kopecks": 12746,
                "computation": "(75.0213 + 0) × (1 + 0.35) × 1.00 = 101.28 → 101.28"}],
    "course_totals": [{"group": "2", "form": "semi_inpatient", "age_band": "до 14", "ages": "7-13",
                       "companion": False, "activities": 120, "course_kopecks": 3974060, "days": 21,
                       "per_day_kopecks": 127000, "accompanying_kopecks": 2667000, "total_kopecks": 6641060}],
    "accompanying_per_day": {}, "accompanying": {"meals": [], "accommodation": {}}, "rounding": "half-up",
}


def example() -> dict[str, Any]:
    text = resources.files("kria_costing").joinpath("config/examples/normalisation_example.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def services() -> Services:
    s = Services()
    s.on("GET", r"/v1/providers", lambda r: httpx.Response(200, json=PROVIDERS))
    catalogue = load_catalogue()
    s.json("GET", r"/v1/standards", 200, {"version": "s", "standards": [standard_view(x) for x in
                                                                          catalogue.standards.values()]})
    s.json("GET", rf"/v1/organisations/{ORG}/price-lists", 200, {"current_version": None, "price_lists": [SUMMARY]})
    s.json("GET", rf"/v1/organisations/{ORG}/price-lists/1", 200,
           {**SUMMARY, "inputs": example(), "derivation": DERIVATION})
    return s


def form_of(values: dict[str, list[str]], csrf: str, action: str) -> dict[str, Any]:
    """The form as a browser posts it (a multiple choice sends its field several times)."""
    pairs = [("csrf", csrf), ("action", action)] + [(k, x) for k, vs in values.items() for x in vs]
    return {"content": urlencode(pairs), "headers": {"content-type": "application/x-www-form-urlencoded"}}


def test_a_draft_is_kept_and_a_bad_figure_is_named_then_the_list_is_computed(tmp_path: Path) -> None:
    svc = services()
    svc.json("POST", rf"/v1/organisations/{ORG}/price-lists", 201, {**SUMMARY, "course_totals": []})
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, f"economist-{ORG}")
        form = c.get("/org/normalisation?from=1")
        assert form.status_code == 200 and "исходные данные прейскуранта версии 1" in form.text
        values = nf.values_of(example())
        values["spec-0-salary"] = ["много"]
        r = c.post("/org/normalisation", **form_of(values, csrf_of(form.text), "compute"))
        assert r.status_code == 422
        assert "Поле «Специалисты, строка 1: оклад в месяц, руб.»: нужно число" in r.text
        assert 'id="spec-0-salary" name="spec-0-salary" value="много"' in r.text
        assert not svc.made("POST", f"/v1/organisations/{ORG}/price-lists")
        again = c.get("/org/normalisation")  # the refused input was kept as the draft
        assert 'value="много"' in again.text and "черновик от" in again.text
        values["spec-0-salary"] = ["52 000"]
        r = c.post("/org/normalisation", **form_of(values, csrf_of(again.text), "compute"))
        assert r.status_code == 200 and "Прейскурант рассчитан" in r.text
        sent = body_of(svc.made("POST", f"/v1/organisations/{ORG}/price-lists")[0])
        assert sent["specialists"]["psychologist"]["monthly_salary_rub"] == "52000"
        assert "черновик от" not in c.get("/org/normalisation").text


def test_the_economist_has_no_approve_action_and_the_head_approves_with_an_order(tmp_path: Path) -> None:
    svc = services()
    svc.json("POST", rf"/v1/organisations/{ORG}/price-lists/1/approve", 200, {**SUMMARY, "status": "approved"})
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, f"economist-{ORG}")
        page = c.get("/org/price-lists/1?group=2&form=semi_inpatient")
        assert page.status_code == 200 and "Утвердить прейскурант" not in page.text
        assert "500.1420 × 45/60 / 5 = 75.0213" in page.text and "66\u00a0410,60\u00a0₽" in page.text
        refused = c.post("/org/price-lists/1/approve", data={"csrf": csrf_of(page.text), "order_number": "1"})
        assert refused.status_code == 403
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, f"head-{ORG}")
        page = c.get("/org/price-lists/1")
        bad = c.post("/org/price-lists/1/approve", data={"csrf": csrf_of(page.text), "order_number": "17-п",
                                                          "order_date": "2026-02-10", "effective_from": "2026-02-01"})
        assert bad.status_code == 422 and "Поле «дата начала действия»: не раньше даты приказа." in bad.text
        ok = c.post("/org/price-lists/1/approve", data={"csrf": csrf_of(page.text), "order_number": "17-п",
                                                         "order_date": "2026-02-10", "effective_from": ""})
        assert "Прейскурант утверждён приказом." in ok.text
    assert body_of(svc.made("POST", f"/v1/organisations/{ORG}/price-lists/1/approve")[0]) == {
        "order_number": "17-п", "order_date": "2026-02-10", "effective_from": "2026-02-10"}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("pki")
    init_dev_pki(d, now=datetime.now(UTC))
    return d


def test_the_head_signs_only_the_protocol_shown(tmp_path: Path, pki: Path) -> None:
    svc = services()
    document = [b'{"kind":"kria.assessment.protocol/1","protocol_id":"p-1","target_group":"2"}']
    svc.on("GET", r"/v1/courses/cert-1/protocol", lambda r: httpx.Response(
        200, content=document[0], headers={"content-type": "application/json"}))
    svc.json("POST", r"/v1/courses/cert-1/protocol/signature", 202, {"duplicate": False})
    with client(svc, var_dir=tmp_path, dev_pki_dir=pki) as c:
        sign_in(c, f"head-{ORG}")
        shown = c.get("/head/protocols/cert-1")
        assert hashlib.sha256(document[0]).hexdigest() in shown.text and "p-1" in shown.text
        document[0] = document[0].replace(b'"2"', b'"3"')  # changed after it was shown: nothing is signed
        changed = c.post("/head/protocols/cert-1/sign", data={"csrf": csrf_of(shown.text),
                                                              "sha256": hashlib.sha256(b"x").hexdigest()})
        assert changed.status_code == 409 and not svc.made("POST", "/v1/courses/cert-1/protocol/signature")
        shown = c.get("/head/protocols/cert-1")
        ok = c.post("/head/protocols/cert-1/sign", data={"csrf": csrf_of(shown.text),
                                                         "sha256": hashlib.sha256(document[0]).hexdigest()})
        assert "Протокол подписан" in ok.text
    cms = base64.b64decode(body_of(svc.made("POST", "/v1/courses/cert-1/protocol/signature")[0])["signature"])
    assert cms[:1] == b"\x30" and len(cms) > 500
    with client(svc, var_dir=tmp_path) as c:  # the organisation's economist cannot reach the head's pages
        sign_in(c, f"economist-{ORG}")
        assert c.get("/head/protocols/cert-1").status_code == 403


def test_the_head_finds_the_protocols_awaiting_signature_from_the_start_page(tmp_path: Path) -> None:
    svc = services()
    brief = {"certificate_id": "cert-7", "organisation_id": ORG, "target_group": "2", "age_years": 9,
             "form": "semi_inpatient", "start_date": "2026-11-02", "planned_end_date": "2026-11-22",
             "state": "closed", "outcome": "completed", "end_date": "2026-11-22", "planned_total": 120,
             "delivered_total": 118, "protocol_submitted": True, "protocol_signed": False}
    svc.json("GET", r"/v1/courses", 200, {"courses": [brief], "limit": 100, "offset": 0})
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, f"head-{ORG}")
        start = c.get("/", follow_redirects=True)
        assert "Ждут вашей подписи: 1." in start.text and 'href="/head/protocols"' in start.text
        listed = c.get("/head/protocols")
        assert 'href="/head/protocols/cert-7"' in listed.text and "118 из 120" in listed.text
    asked = [x for x in svc.calls if x[1] == "/v1/courses"]
    assert len(asked) == 2  # the start page's count and the list, both scoped by the head's own token
    with client(services(), var_dir=tmp_path) as c:  # assessment unreachable: said so, not an empty list
        sign_in(c, f"head-{ORG}")
        assert "Список протоколов сейчас недоступен." in c.get("/org/price-lists").text
        assert "Список протоколов недоступен" in c.get("/head/protocols").text


def test_the_economist_is_not_shown_the_heads_protocols(tmp_path: Path) -> None:
    svc = services()
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, f"economist-{ORG}")
        assert "Протоколы на подпись" not in c.get("/org/price-lists").text
        assert c.get("/head/protocols").status_code == 403
    assert not [x for x in svc.calls if x[1] == "/v1/courses"]


def test_the_economist_lands_on_the_price_lists_and_keeps_only_their_own_rights(tmp_path: Path) -> None:
    """The economist shares the specialists' role: the start page leads to the price lists, not to the children,
    and nothing more is allowed than the role and organisation allow (the head's pages stay closed)."""
    svc = services()
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, f"economist-{ORG}")
        start = c.get("/", follow_redirects=False)
        assert start.status_code == 303 and start.headers["location"] == "/org/price-lists"
        assert c.get("/head/protocols").status_code == 403
        sign_in(c, "specialist-1")  # a specialist of the same organisation still starts on the children
        assert c.get("/", follow_redirects=False).headers["location"] == "/specialist"
        sign_in(c, f"head-{ORG}")
        assert c.get("/", follow_redirects=False).headers["location"] == "/org/price-lists"


def test_the_sign_in_pages_staff_belong_to_the_organisation_the_specialist_works_for(tmp_path: Path) -> None:
    """One organisation's economist, head and first specialist; the other economist and specialist of another."""
    svc = Services()
    fitting = [{"organisation_id": "org-66-5", "name": "Центр «Подходящий»", "region": "66"}]
    svc.on("GET", r"/v1/providers", lambda r: httpx.Response(
        200, json=fitting if r.url.params.get("target_group") else PROVIDERS))
    with client(svc, var_dir=tmp_path) as c:
        page = c.get("/signin").text
    for key in ("economist-org-66-5", "head-org-66-5", "economist-org-66-1"):
        assert f'value="{key}"' in page, key
    assert "economist-org-66-2" not in page and "head-org-66-1" not in page
    assert "Специалист 1 (Центр «Подходящий»)" in page and "Специалист 2 (Центр «Радуга»)" in page
