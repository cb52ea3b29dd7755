"""The pages over fake services: refusals in Russian with nothing typed lost, signing only what was shown."""

from __future__ import annotations

from typing import Any

import httpx

from .fakes import Services, body_of, client, csrf_of, sign_in

CONCLUSION: dict[str, Any] = {
    "conclusion_id": "c-1", "certificate_id": "cert-1", "protocol_id": "p-1", "organisation_id": "org-1",
    "state": "awaiting_reason", "verdict": "ineffective", "effective": False, "total_points": 1,
    "methodology_version": "2026.1-default", "criteria": [
        {"number": 3, "code": "rehabilitation_effect", "points": 1,
         "inputs": {"assessed_domains": 7, "improved": ["d0"], "worsened": []}, "why": "english"}],
    "reason": None, "reason_text": None, "reason_source": None, "allowed_actions": ["set_reason"],
    "protocol": {"outcome": "terminated_early", "target_group": "2", "protocol_sha256": "ab" * 32, "figures": {}},
    "signature": None, "submission": None, "submission_attempts": {"made": 0, "last_error": None},
    "drafted_at": "2026-11-20T09:30:00+00:00", "signed_at": None, "submitted_at": None,
}


def bureau() -> Services:
    s = Services()
    s.json("GET", r"/v1/conclusions/c-1", 200, CONCLUSION)
    s.json("GET", r"/v1/courses/cert-1/protocol", 404, {"error": "not_found", "details": {}})
    return s


def test_a_refused_reason_is_a_russian_sentence_and_the_typed_choice_stays() -> None:
    services = bureau()
    services.json("PUT", r"/v1/conclusions/c-1/reason", 422, {
        "error": "reason_text_required", "message": "text is required for other", "details": {"field": "text"}})
    with client(services) as c:
        sign_in(c)
        page = c.get("/bureau/conclusions/c-1")
        assert "Улучшение в 1 из 7 оценённых доменов: не большинство." in page.text and "english" not in page.text
        r = c.post("/bureau/conclusions/c-1/reason", data={"csrf": csrf_of(page.text), "reason": "other",
                                                           "text": "   "})
    assert r.status_code == 422
    assert "Поле «текст причины»: для иной причины нужно написать её текстом." in r.text
    assert 'value="other" checked' in r.text and 'aria-invalid="true"' in r.text
    assert body_of(services.made("PUT", "/v1/conclusions/c-1/reason")[0]) == {"reason": "other"}


def test_a_saved_reason_returns_to_the_conclusion_with_a_notice() -> None:
    services = bureau()
    services.json("PUT", r"/v1/conclusions/c-1/reason", 200, {**CONCLUSION, "state": "ready_to_sign"})
    with client(services) as c:
        sign_in(c)
        page = c.get("/bureau/conclusions/c-1")
        r = c.post("/bureau/conclusions/c-1/reason",
                   data={"csrf": csrf_of(page.text), "reason": "other", "text": "Госпитализация"})
        assert r.history and r.history[0].headers["location"] == "/bureau/conclusions/c-1?done=reason"
        assert "Причина сохранена" in r.text
    assert body_of(services.made("PUT", "/v1/conclusions/c-1/reason")[0]) == {"reason": "other",
                                                                              "text": "Госпитализация"}


def test_the_head_signs_only_the_document_that_was_shown() -> None:
    services = bureau()
    hashes = iter(["aa" * 32, "bb" * 32])  # the review, then the moment of signing: an expert changed it
    services.on("GET", r"/v1/conclusions/c-1/document", lambda r: httpx.Response(
        200, content=b'{"conclusion_id":"c-1"}', headers={"content-type": "application/json",
                                                          "x-document-streebog256": next(hashes)}))
    services.json("POST", r"/v1/conclusions/c-1/sign", 200, {**CONCLUSION, "state": "signed"})
    with client(services) as c:
        sign_in(c, "mse-head")
        listing = c.get("/bureau/sign")
        review = c.post("/bureau/sign/review", data={"csrf": csrf_of(listing.text), "conclusion_id": "c-1"})
        assert "aa" * 32 in review.text and "&#34;conclusion_id&#34;: &#34;c-1&#34;" in review.text
        done = c.post("/bureau/sign/batch", data={"csrf": csrf_of(review.text), "conclusion_id": "c-1",
                                                  "streebog": "aa" * 32})
    assert "Документ изменился" in done.text
    assert not services.made("POST", "/v1/conclusions/c-1/sign")


def test_the_head_signs_a_batch_whose_documents_did_not_change() -> None:
    services = bureau()
    for cid in ("c-1", "c-2"):
        services.on("GET", rf"/v1/conclusions/{cid}/document", lambda r: httpx.Response(
            200, content=b"{}", headers={"content-type": "application/json", "x-document-streebog256": "cc" * 32}))
        services.json("POST", rf"/v1/conclusions/{cid}/sign", 200, {**CONCLUSION, "state": "signed"})
    services.json("POST", r"/v1/conclusions/c-2/sign", 409, {"error": "not_authorised_signer", "details": {}})
    with client(services) as c:
        sign_in(c, "mse-head")
        page = c.get("/signin")
        done = c.post("/bureau/sign/batch", data={"csrf": csrf_of(page.text), "conclusion_id": ["c-1", "c-2"],
                                                  "streebog": ["cc" * 32, "cc" * 32]})
    assert done.text.count("подписано, отправляется в ЕЦП") == 1
    assert "не подписано: Вы не значитесь в реестре подписантов бюро на сегодня." in done.text


def test_the_federal_bureau_is_told_why_a_conclusion_is_closed() -> None:
    services = Services()
    services.json("GET", r"/v1/conclusions/c-9", 403, {"error": "federal_access_closed", "message": "closed",
                                                       "details": {}})
    with client(services) as c:
        sign_in(c, "federal-mse")
        r = c.get("/federal?q=c-9")
    assert r.status_code == 403 and "10 календарных дней" in r.text and "Доступ закрыт" in r.text


def test_an_import_report_gives_each_rows_reason_in_words_and_its_field() -> None:
    services = Services()
    report = {"source": "export.csv", "rows": 2, "totals": {"issued": 1, "refused": 0, "invalid": 1}, "replayed": 0,
              "entries": [{"row": 1, "snils_masked": "***-***-*00 70", "outcome": "issued", "code": None,
                           "certificate_id": "cert-1"},
                          {"row": 2, "snils_masked": None, "outcome": "invalid", "code": "bad_date",
                           "field": "birth_date", "certificate_id": None}]}
    services.json("POST", r"/v1/mse-imports", 200, report)
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        form = c.get("/office/import")
        r = c.post("/office/import", data={"csrf": csrf_of(form.text)},
                   files={"file": ("export.csv", "№ протокола;...\n".encode(), "text/csv")})
    assert "Выдано: 1, отказов: 0, ошибок: 1" in r.text
    assert "неверная дата (поле «birth_date»)" in r.text
    sent = services.made("POST", "/v1/mse-imports")[0]
    assert b'filename="export.csv"' in sent[3]


def test_an_import_without_a_file_names_the_field() -> None:
    with client(Services()) as c:
        sign_in(c, "sfr-operator-1")
        form = c.get("/office/import")
        r = c.post("/office/import", data={"csrf": csrf_of(form.text)}, files={"file": ("", b"", "text/csv")})
    assert r.status_code == 422 and "Поле «файл выгрузки МСЭ»" in r.text


def test_certificates_paginate_and_show_money_in_roubles() -> None:
    services = Services()
    item = {"certificate_id": "cert-1", "state": "reserved", "region": "66", "municipality": "Екатеринбург",
            "decided_on": "2026-10-15", "valid_until": "2027-10-11", "value_kopecks": 11539500}
    services.json("GET", r"/v1/certificates", 200, {"items": [item] * 20, "count": 45, "limit": 20, "offset": 20})
    with client(services) as c:
        sign_in(c, "sfr-operator-1")
        r = c.get("/office/certificates?state=reserved&page=2")
        bad = c.get("/office/certificates?from=31.12.2026")
    assert "115\u00a0395,00\u00a0₽" in r.text and "Страница 2 из 3" in r.text
    assert 'href="?state=reserved&amp;page=3"' in r.text and 'href="?state=reserved&amp;page=1"' in r.text
    called = services.made("GET", "/v1/certificates")
    assert len(called) == 1  # the bad date is refused before any call
    assert "Поле «дата начала периода»: нужна дата в виде ГГГГ-ММ-ДД." in bad.text


def test_the_operator_resubmits_a_conclusion_the_ecp_did_not_take() -> None:
    services = bureau()
    failed = {**CONCLUSION, "state": "submission_failed", "verdict": "effective", "allowed_actions": [],
              "submission_attempts": {"made": 30, "last_error": "SubmissionRefused: HTTP 503 unavailable"}}
    services.json("GET", r"/v1/conclusions/c-1", 200, failed)
    services.json("POST", r"/v1/conclusions/c-1/resubmit", 200, {**failed, "state": "signed"})
    with client(services) as c:
        sign_in(c, "mse-expert-1")
        assert "Отправить повторно" not in c.get("/bureau/conclusions/c-1").text  # the operator's act only
        sign_in(c, "platform-operator")
        page = c.get("/bureau/conclusions/c-1")
        assert "Попыток отправки" in page.text and "HTTP 503" in page.text
        r = c.post("/bureau/conclusions/c-1/resubmit", data={"csrf": csrf_of(page.text)})
    assert services.made("POST", "/v1/conclusions/c-1/resubmit")
    assert "снова поставлено в очередь" in r.text


def test_the_protocol_is_shown_beside_the_conclusion_in_russian() -> None:
    services = Services()
    services.json("GET", r"/v1/conclusions/c-1", 200, CONCLUSION)
    services.json("GET", r"/v1/courses/cert-1/protocol", 200, {
        "kind": "kria.assessment.protocol/1", "target_group": "2", "age_years": 10,
        "course": {"start_date": "2026-03-02", "end_date": "2026-03-22", "days_used": 21, "outcome": "completed"},
        "journal": {"planned_total": 27, "delivered_total": 6, "missed_by_reason": {"child_health": 2},
                    "directions": [{"direction": "social_household", "required": True, "planned": 11, "min": 8,
                                    "max": 14, "delivered": 4, "missed": 0, "status": "below_range"}]},
        "ratings": {"domains": [{"domain": "self_care", "baseline": 3, "control": 2, "improved": True}]},
        "parental": {"before": 10, "after": 20, "max": 30}})
    with client(services) as c:
        sign_in(c)
        page = c.get("/bureau/conclusions/c-1").text
    assert "02.03.2026 — 22.03.2026, завершён полностью, дней: 21" in page
    assert "социально-бытовая" in page and "ниже нормы" in page and "самообслуживание" in page
    assert "состояние здоровья ребёнка: 2" in page and "10 → 20 из 30" in page


def test_a_file_over_the_upload_limit_is_refused_before_it_reaches_the_service() -> None:
    services = Services()
    with client(services, upload_limit_bytes=1024 * 1024) as c:
        sign_in(c, "sfr-operator-1")
        form = c.get("/office/import")
        r = c.post("/office/import", data={"csrf": csrf_of(form.text)},
                   files={"file": ("big.csv", b"x" * (1024 * 1024 + 10), "text/csv")})
    assert r.status_code == 413 and "файл больше 1 МБ" in r.text
    assert not services.made("POST", "/v1/mse-imports")
