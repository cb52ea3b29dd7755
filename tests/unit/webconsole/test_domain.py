"""The console's pure rules: money, Moscow time, refusals in Russian, pages, the worklist, criteria, the window."""

from __future__ import annotations

from datetime import UTC, datetime

from kria_console.domain import formats, window, worklist
from kria_console.domain.criteria import why
from kria_console.domain.paging import Page, Pager, slice_page
from kria_console.domain.refusals import refusal


def test_money_is_roubles_with_kopecks_from_integer_kopecks() -> None:
    assert formats.roubles(11539500) == "115\u00a0395,00\u00a0₽"
    assert formats.roubles(1) == "0,01\u00a0₽"
    assert formats.roubles(-250) == "−2,50\u00a0₽"
    assert formats.roubles(None) == "—"


def test_instants_are_shown_on_moscow_time_and_dates_day_first() -> None:
    assert formats.moscow_time("2026-11-20T21:30:00+00:00") == "21.11.2026 00:30\u00a0МСК"
    assert formats.moscow_time("2026-11-20T09:30:00Z") == "20.11.2026 12:30\u00a0МСК"
    assert formats.day("2026-03-02") == "02.03.2026"
    assert formats.moscow_time(None) == formats.day(None) == "—"
    assert formats.age_days("2026-11-19T22:00:00+00:00", datetime(2026, 11, 21, 12, tzinfo=UTC)) == 1


def test_a_rule_refusal_names_its_field_in_russian() -> None:
    r = refusal(422, {"error": "reason_text_required", "message": "text required", "details": {"field": "text"}})
    assert r.field == "text"
    assert r.message == "Поле «текст причины»: для иной причины нужно написать её текстом."


def test_a_shape_refusal_names_the_field_of_its_loc() -> None:
    r = refusal(422, {"detail": [{"loc": ["body", "reason"], "msg": "Input should be ...", "type": "enum"}]})
    assert r.field == "reason" and "«причина неэффективности»" in r.message


def test_a_transition_refusal_says_the_state_in_russian_and_an_outage_asks_to_retry() -> None:
    r = refusal(409, {"error": "illegal_transition", "details": {"state": "submitted", "allowed": []}})
    assert "принято ЕЦП" in r.message and r.message.endswith(".")
    assert "повторите попытку" in refusal(503, None).message
    assert refusal(403, {"error": "federal_access_closed"}).message.startswith("Срок доступа федерального бюро")
    assert refusal(418, {"error": "something_new"}).message == "Запрос не выполнен."


def test_pages_parse_safely_and_know_their_neighbours() -> None:
    assert Page.parse("x").number == Page.parse("-3").number == 1
    assert Page.parse("99999999").number == 10_000
    items, pager = slice_page(list(range(45)), Page(3))
    assert items == list(range(40, 45)) and pager.has_previous and not pager.has_next and pager.pages == 3
    assert Pager(Page(1), 20, None).has_next and not Pager(Page(1), 7, None).has_next


def test_the_worklist_keeps_drafts_by_filter_oldest_first() -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    items = [
        {"conclusion_id": "a", "state": "ready_to_sign", "verdict": "effective", "organisation_id": "org-1",
         "drafted_at": "2026-11-29T09:00:00+00:00"},
        {"conclusion_id": "b", "state": "awaiting_reason", "verdict": "ineffective", "organisation_id": "org-2",
         "drafted_at": "2026-11-20T09:00:00+00:00"},
        {"conclusion_id": "c", "state": "submitted", "verdict": "effective", "organisation_id": "org-1",
         "drafted_at": "2026-11-01T09:00:00+00:00"},
    ]
    assert [c["conclusion_id"] for c in worklist.select(items, worklist.Filters(), now)] == ["b", "a"]
    waiting = worklist.Filters.parse({"waiting": "1"})
    assert [c["conclusion_id"] for c in worklist.select(items, waiting, now)] == ["b"]
    old = worklist.Filters.parse({"older_than_days": "5", "verdict": "bogus"})
    assert old.verdict == "" and [c["age_days"] for c in worklist.select(items, old, now)] == [10]
    assert [c["conclusion_id"] for c in worklist.select(items, worklist.Filters(organisation="ORG-1"), now)] == ["a"]


def test_every_criterion_is_explained_in_russian_from_its_inputs() -> None:
    assert why({"code": "comprehensiveness", "points": 0, "inputs": {
        "required_directions": ["social_household", "adaptive_pe"], "missing": ["adaptive_pe"]}}) == \
        "Не оказаны обязательные направления: адаптивная физическая культура."
    assert why({"code": "activity_count", "points": 2, "inputs": {
        "delivered_total": 100, "planned_total": 120, "percent_of_plan_floor": 83}}).endswith("объём достаточен.")
    assert why({"code": "rehabilitation_effect", "points": 1, "inputs": {
        "assessed_domains": 7, "improved": ["d0"], "worsened": []}}) == \
        "Улучшение в 1 из 7 оценённых доменов: не большинство."
    assert why({"code": "parental_competence", "points": 0, "inputs": {"before": 20, "max": 40}}).startswith(
        "Анкета после курса не заполнена")


def test_the_federal_window_sentences() -> None:
    assert "10 календарных дней" in window.closed_sentence(None)
    # submitted 1 Nov: readable through 11 Nov, closed from 12 Nov 00:00 Moscow time (signing's API.md)
    text = window.open_sentence("2026-11-11T21:00:00+00:00")
    assert text == "Доступно для чтения по 11.11.2026 включительно (доступ закрывается 12.11.2026 00:00\u00a0МСК)."
