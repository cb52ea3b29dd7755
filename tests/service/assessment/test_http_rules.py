"""The assessment service's HTTP rules on the broker-free harness, one behaviour per test.

The course is opened by delivering CourseStarted through the service's own consumer path; delivery over the
broker, ordering and both stores stay in tests/integration/assessment."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kria_assessment.app import create_app
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from tests.integration.assessment.support import (
    HEAD,
    OTHER_HEAD,
    OTHER_PROVIDER,
    PROVIDER,
    Token,
    answers_body,
    completed,
    course_dates,
    day_of_journal,
    ratings_body,
    started,
)

CID = "cert-rules-1"


@pytest.fixture
async def course(tmp_path: Path) -> AsyncIterator[tuple[Harness, date, date]]:
    """An open course that ended yesterday (Moscow): every course day can be journaled."""
    app = create_app(broker_free_settings("assessment", tmp_path))
    start, end = course_dates(app)
    async with broker_free(app) as h:
        assert await h.deliver(started(CID, start, end)) == []
        yield h, start, end


async def post_day(h: Harness, body: dict[str, Any], headers: Any = PROVIDER) -> Any:
    return await h.client.post(f"/v1/courses/{CID}/activities", json=body, headers=headers)


async def test_course_started_opens_the_case_for_its_organisation(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    listed = (await h.client.get("/v1/courses?state=open", headers=PROVIDER)).json()["courses"]
    assert [c["certificate_id"] for c in listed] == [CID]


async def test_another_organisation_does_not_see_the_course(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    assert (await h.client.get("/v1/courses?state=open", headers=OTHER_PROVIDER)).json()["courses"] == []
    assert (await h.client.get(f"/v1/courses/{CID}", headers=OTHER_PROVIDER)).status_code == 404


async def test_another_organisation_cannot_journal_the_course(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    assert (await post_day(h, day_of_journal(start), OTHER_PROVIDER)).status_code == 404


async def test_a_day_sent_twice_is_recorded_once_and_answered_the_same(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    day = day_of_journal(start + timedelta(days=1), missed=2)
    first, again = await post_day(h, day), await post_day(h, day)
    assert (first.status_code, again.status_code, again.json()["duplicate"]) == (201, 200, True)
    assert again.json()["entry_ids"] == first.json()["entry_ids"]


async def test_a_batch_id_reused_for_other_entries_is_a_conflict(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    day = day_of_journal(start)
    await post_day(h, day)
    reused = await post_day(h, {**day, "entries": day["entries"][:1]})
    assert (reused.status_code, reused.json()["error"]) == (409, "batch_id_reused")


async def test_a_bad_entry_refuses_the_batch_naming_the_entry(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    bad = day_of_journal(start + timedelta(days=2))
    bad["entries"][2]["minutes"] = 90
    refused = await post_day(h, bad)
    assert (refused.status_code, refused.json()["details"]["field"]) == (422, "entries[2].minutes")


async def test_career_guidance_is_refused_for_a_child_under_14(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    career = day_of_journal(start)
    career["entries"][0]["direction"] = "career_guidance"
    assert (await post_day(h, career)).json()["details"]["reason"] == "direction_excluded_by_age"


async def test_an_unknown_direction_is_refused_by_validation(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    refused = await post_day(h, {"batch_id": str(uuid.uuid4()), "entries": [{"direction": "cooking"}]})
    assert refused.status_code == 422
    assert ["body", "entries", 0, "direction"] in [e["loc"] for e in refused.json()["detail"]]


async def test_a_nul_in_a_specialist_is_refused_naming_the_field(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    nul = day_of_journal(start)
    nul["entries"][0]["specialist"] = "sw\u0000"
    refused = await post_day(h, nul)
    assert (refused.status_code, refused.json()["detail"][0]["loc"]) == (422, ["body", "entries", 0, "specialist"])


async def test_a_nul_in_the_course_id_is_refused(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    assert (await h.client.get("/v1/courses/cert%00x", headers=PROVIDER)).status_code == 422


async def test_a_rating_given_as_text_is_refused_by_validation(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    text = ratings_body([1] * 7, start)
    text["ratings"]["mobility"] = "1"
    r = await h.client.put(f"/v1/courses/{CID}/ratings/baseline", headers=PROVIDER, json=text)
    assert (r.status_code, r.json()["detail"][0]["loc"]) == (422, ["body", "ratings", "mobility"])


async def test_a_rating_off_the_scale_is_refused_naming_the_domain(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    r = await h.client.put(f"/v1/courses/{CID}/ratings/baseline", headers=PROVIDER,
                           json=ratings_body([1, 5, 1, 1, 1, 1, 1], start))
    assert (r.status_code, r.json()["details"]["field"]) == (422, "ratings.mobility")


async def test_a_rating_stage_that_does_not_exist_is_refused(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    r = await h.client.put(f"/v1/courses/{CID}/ratings/midterm", headers=PROVIDER, json=ratings_body([1] * 7, start))
    assert r.status_code == 422


async def test_an_unknown_questionnaire_version_is_refused_naming_it(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    r = await h.client.put(f"/v1/courses/{CID}/questionnaire/before", headers=PROVIDER,
                           json={**answers_body(1, start), "questionnaire_version": "parental-v9"})
    assert (r.status_code, r.json()["details"]["field"]) == (422, "questionnaire_version")


async def test_refused_input_records_nothing(course: tuple[Harness, date, date]) -> None:
    h, start, _ = course
    await h.client.put(f"/v1/courses/{CID}/ratings/baseline", headers=PROVIDER,
                       json=ratings_body([1, 5, 1, 1, 1, 1, 1], start))
    detail = (await h.client.get(f"/v1/courses/{CID}", headers=PROVIDER)).json()
    assert detail["ratings"] == {"baseline": None, "control": None}
    assert await h.outbox() == []


async def test_a_protocol_before_the_course_ended_names_what_is_missing(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    early = await h.client.post(f"/v1/courses/{CID}/protocol", json={}, headers=PROVIDER)
    assert early.status_code == 409
    assert early.json()["details"]["missing"] == ["course_end", "baseline_ratings", "control_ratings",
                                                  "questionnaire_before", "questionnaire_after"]


async def test_the_journal_of_a_closed_course_takes_no_entries(course: tuple[Harness, date, date]) -> None:
    h, _, end = course
    assert await h.deliver(completed(CID, end)) == []
    late = await post_day(h, day_of_journal(end))
    assert (late.status_code, late.json()["details"]["state"]) == (409, "closed")
    assert "submit_protocol" in late.json()["details"]["allowed"]


async def test_the_head_lists_its_own_protocols_awaiting_signature(course: tuple[Harness, date, date]) -> None:
    h, start, end = course
    awaiting = "/v1/courses?state=all&protocol=awaiting_signature"
    assert (await h.client.get(awaiting, headers=HEAD)).json()["courses"] == []  # nothing frozen yet
    for path, body in (("ratings/baseline", ratings_body([3, 3, 2, 2, 1, 4, 0], start)),
                       ("questionnaire/before", answers_body(1, start))):
        assert (await h.client.put(f"/v1/courses/{CID}/{path}", json=body, headers=PROVIDER)).status_code == 200
    assert await h.deliver(completed(CID, end)) == []
    for path, body in (("ratings/control", ratings_body([2, 3, 2, 1, 1, 3, 0], end)),
                       ("questionnaire/after", answers_body(2, end))):
        assert (await h.client.put(f"/v1/courses/{CID}/{path}", json=body, headers=PROVIDER)).status_code == 200
    assert (await h.client.post(f"/v1/courses/{CID}/protocol", json={}, headers=PROVIDER)).status_code == 201

    listed = (await h.client.get(awaiting, headers=HEAD)).json()["courses"]
    assert [(c["certificate_id"], c["protocol_submitted"], c["protocol_signed"]) for c in listed] == [
        (CID, True, False)]
    assert (await h.client.get("/v1/courses?state=open&protocol=awaiting_signature", headers=HEAD)).json()[
        "courses"] == []  # the filters combine: the course is closed
    # another organisation's head, or its staff, learn nothing of it, not even that it exists
    assert (await h.client.get(awaiting, headers=OTHER_HEAD)).json()["courses"] == []
    assert (await h.client.get(awaiting, headers=OTHER_PROVIDER)).json()["courses"] == []
    # the head lists; the journal's detail stays with the staff who keep it
    assert (await h.client.get(f"/v1/courses/{CID}", headers=HEAD)).status_code == 403


async def test_a_head_token_without_an_organisation_cannot_list_courses(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    r = await h.client.get("/v1/courses?state=all", headers=Token("provider_head"))
    assert r.status_code == 403


async def test_an_unknown_protocol_filter_is_refused_naming_it(course: tuple[Harness, date, date]) -> None:
    h, _, _ = course
    r = await h.client.get("/v1/courses?protocol=signed", headers=HEAD)
    assert r.status_code == 422 and "protocol" in r.text
