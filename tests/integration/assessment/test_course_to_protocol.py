"""The assessment service against the real broker and both stores: a course case from CourseStarted to the
published protocol, with the journal's idempotency and refusals as a provider would meet them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.testing.kafka import read_topic
from kria_shared.testing.service import running

from .support import (
    MSE_EXPERT,
    OTHER_PROVIDER,
    PROVIDER,
    answers_body,
    completed,
    course_dates,
    day_of_journal,
    make_app,
    outbox_types,
    publish,
    ratings_body,
    started,
    terminated,
    wait_for_state,
)

pytestmark = pytest.mark.kafka


async def test_a_completed_course_from_journal_to_published_protocol(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, end = course_dates(app)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, end))
        await wait_for_state(client, cid, "open")
        listed = (await client.get("/v1/courses?state=open", headers=PROVIDER)).json()["courses"]
        assert [c["certificate_id"] for c in listed] == [cid]
        assert (await client.get("/v1/courses?state=open", headers=OTHER_PROVIDER)).json()["courses"] == []
        assert (await client.get(f"/v1/courses/{cid}", headers=OTHER_PROVIDER)).status_code == 404

        # One day's journal, sent twice (a client retry): recorded once, answered the same.
        day = day_of_journal(start + timedelta(days=1), missed=2)
        first = await client.post(f"/v1/courses/{cid}/activities", json=day, headers=PROVIDER)
        assert first.status_code == 201, first.text
        again = await client.post(f"/v1/courses/{cid}/activities", json=day, headers=PROVIDER)
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert again.json()["entry_ids"] == first.json()["entry_ids"] and len(first.json()["entry_ids"]) == 8
        reused = {**day, "entries": day["entries"][:1]}
        assert (await client.post(f"/v1/courses/{cid}/activities", json=reused, headers=PROVIDER)).status_code == 409
        other_org = await client.post(f"/v1/courses/{cid}/activities", json=day_of_journal(start),
                                      headers=OTHER_PROVIDER)
        assert other_org.status_code == 404

        # A bad entry refuses the whole batch and names the field.
        bad = day_of_journal(start + timedelta(days=2))
        bad["entries"][2]["minutes"] = 90
        refused = await client.post(f"/v1/courses/{cid}/activities", json=bad, headers=PROVIDER)
        assert refused.status_code == 422
        assert refused.json()["details"]["field"] == "entries[2].minutes"
        career = day_of_journal(start + timedelta(days=2))
        career["entries"][0]["direction"] = "career_guidance"
        refused = await client.post(f"/v1/courses/{cid}/activities", json=career, headers=PROVIDER)
        assert refused.json()["details"]["reason"] == "direction_excluded_by_age"
        shapeless = {"batch_id": str(uuid.uuid4()), "entries": [{"direction": "cooking"}]}
        refused = await client.post(f"/v1/courses/{cid}/activities", json=shapeless, headers=PROVIDER)
        assert refused.status_code == 422 and ["body", "entries", 0, "direction"] in [e["loc"] for e in
                                                                                    refused.json()["detail"]]

        assert (await client.put(f"/v1/courses/{cid}/ratings/baseline", headers=PROVIDER,
                                 json=ratings_body([3, 3, 2, 2, 1, 4, 0], start))).status_code == 200
        assert (await client.put(f"/v1/courses/{cid}/questionnaire/before", headers=PROVIDER,
                                 json=answers_body(1, start))).status_code == 200
        early = await client.post(f"/v1/courses/{cid}/protocol", json={}, headers=PROVIDER)
        assert early.status_code == 409
        assert early.json()["details"]["missing"] == ["course_end", "control_ratings", "questionnaire_after"]

        await publish(kafka_bootstrap, prefix, completed(cid, end))
        await wait_for_state(client, cid, "closed")
        late = await client.post(f"/v1/courses/{cid}/activities", json=day_of_journal(end), headers=PROVIDER)
        assert late.status_code == 409 and late.json()["details"]["state"] == "closed"
        assert "submit_protocol" in late.json()["details"]["allowed"]
        incomplete = await client.post(f"/v1/courses/{cid}/protocol", json={}, headers=PROVIDER)
        assert incomplete.status_code == 409  # a completed course still needs its control data
        assert incomplete.json()["details"]["missing"] == ["control_ratings", "questionnaire_after"]

        assert (await client.put(f"/v1/courses/{cid}/ratings/control", headers=PROVIDER,
                                 json=ratings_body([2, 3, 2, 1, 1, 3, 0], end))).status_code == 200
        assert (await client.put(f"/v1/courses/{cid}/questionnaire/after", headers=PROVIDER,
                                 json=answers_body(2, end))).status_code == 200
        submitted = await client.post(f"/v1/courses/{cid}/protocol", json={"notes": "stable"}, headers=PROVIDER)
        assert submitted.status_code == 201, submitted.text
        repeat = await client.post(f"/v1/courses/{cid}/protocol", json={}, headers=PROVIDER)
        assert repeat.status_code == 200 and repeat.json()["duplicate"] is True
        assert repeat.json()["sha256"] == submitted.json()["sha256"]
        frozen = await client.put(f"/v1/courses/{cid}/ratings/control", headers=PROVIDER,
                                  json=ratings_body([0, 0, 0, 0, 0, 0, 0], end))
        assert frozen.status_code == 409

        for reader in (PROVIDER, MSE_EXPERT):
            document = await client.get(f"/v1/courses/{cid}/protocol", headers=reader)
            assert hashlib.sha256(document.content).hexdigest() == submitted.json()["sha256"]
        detail = (await client.get(f"/v1/courses/{cid}", headers=PROVIDER)).json()
        household = next(d for d in detail["progress"]["directions"] if d["direction"] == "social_household")
        assert (household["planned"], household["min"], household["max"], household["delivered"]) == (11, 8, 14, 4)
        assert detail["progress"]["missed_by_reason"]["child_health"] == 2 and len(detail["journal"]) == 8

        assert await outbox_types(app) == ["ActivitiesRecorded", "ProtocolSubmitted"]
        records = await read_topic(kafka_bootstrap, prefix + Topics.ASSESSMENT, expect=2)
        events = [Envelope.from_bytes(r.value) for r in records]
        assert [e.type for e in events] == ["ActivitiesRecorded", "ProtocolSubmitted"]
        assert {r.key for r in records} == {cid.encode()}
        assert len(events[0].data["entries"]) == 8
        protocol = events[1].data
        assert protocol["protocol_sha256"] == submitted.json()["sha256"] and protocol["outcome"] == "completed"
        assert (protocol["planned_total"], protocol["delivered_total"], protocol["journal_entries"]) == (27, 6, 8)
        assert (protocol["parental_before"], protocol["parental_after"], protocol["parental_max"]) == (10, 20, 30)
        assert orjson.loads(document.content)["protocol_id"] == protocol["protocol_id"]

        metrics = (await client.get("/metrics")).text
        assert 'kria_assessment_protocols_submitted_total{outcome="completed"}' in metrics


async def test_a_terminated_course_is_submitted_with_what_was_done(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, planned_end = course_dates(app)
    end = start + timedelta(days=6)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, planned_end), terminated(cid, end, 7))
        await wait_for_state(client, cid, "closed")
        after_end = await client.post(f"/v1/courses/{cid}/activities", json=day_of_journal(end), headers=PROVIDER)
        assert after_end.status_code == 409
        needs = await client.post(f"/v1/courses/{cid}/protocol", headers=PROVIDER)
        assert needs.status_code == 409 and needs.json()["details"]["missing"] == [
            "baseline_ratings", "questionnaire_before"]
        outside = await client.put(f"/v1/courses/{cid}/ratings/control", headers=PROVIDER,
                                   json=ratings_body([2, 2, 2, 2, 2, 2, 2], planned_end))
        assert outside.status_code == 422 and outside.json()["details"]["field"] == "assessed_on"
        await client.put(f"/v1/courses/{cid}/ratings/baseline", headers=PROVIDER,
                         json=ratings_body([2, 2, 2, 2, 2, 2, 2], start))
        await client.put(f"/v1/courses/{cid}/questionnaire/before", headers=PROVIDER, json=answers_body(1, start))
        # Ended before the last days: no control ratings, no after-questionnaire, and it is still submitted.
        submitted = await client.post(f"/v1/courses/{cid}/protocol", headers=PROVIDER)
        assert submitted.status_code == 201, submitted.text
        document = submitted.json()["document"]
        assert document["course"]["outcome"] == "terminated_early" and document["journal"]["delivered_total"] == 0
        assert document["course"]["termination_reason"] == "family_refused_course"
        assert document["ratings"]["control_on"] is None and document["parental"]["after"] is None

        records = await read_topic(kafka_bootstrap, prefix + Topics.ASSESSMENT, expect=1)
        event = Envelope.from_bytes(records[0].value)
        assert event.type == "ProtocolSubmitted" and event.data["outcome"] == "terminated_early"
        parsed = ProtocolSubmitted.model_validate(event.data)  # as signing and costing read it
        assert parsed.parental_after is None and {r.control for r in parsed.ratings} == {None}
        assert parsed.parental_before == 10 and [r.baseline for r in parsed.ratings] == [2] * 7


async def test_malformed_input_is_refused_naming_the_field_and_nothing_is_recorded(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, end = course_dates(app)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, end))
        await wait_for_state(client, cid, "open")
        text = ratings_body([1, 1, 1, 1, 1, 1, 1], start)
        text["ratings"]["mobility"] = "1"
        r = await client.put(f"/v1/courses/{cid}/ratings/baseline", headers=PROVIDER, json=text)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "ratings", "mobility"]
        off_scale = ratings_body([1, 5, 1, 1, 1, 1, 1], start)
        r = await client.put(f"/v1/courses/{cid}/ratings/baseline", headers=PROVIDER, json=off_scale)
        assert r.status_code == 422 and r.json()["details"]["field"] == "ratings.mobility"
        r = await client.put(f"/v1/courses/{cid}/ratings/midterm", headers=PROVIDER, json=off_scale)
        assert r.status_code == 422
        r = await client.put(f"/v1/courses/{cid}/questionnaire/before", headers=PROVIDER,
                             json={**answers_body(1, start), "questionnaire_version": "parental-v9"})
        assert r.status_code == 422 and r.json()["details"]["field"] == "questionnaire_version"
        nul = day_of_journal(start)
        nul["entries"][0]["specialist"] = "sw\u0000"
        r = await client.post(f"/v1/courses/{cid}/activities", headers=PROVIDER, json=nul)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "entries", 0, "specialist"]
        assert (await client.get("/v1/courses/cert%00x", headers=PROVIDER)).status_code == 422
        impossible = {"batch_id": str(uuid.uuid4()), "entries": [
            {"direction": "social_household", "activity_type": "practical", "delivery": "individual",
             "on": start.isoformat(), "minutes": 40, "specialist": "sw-01"}] * 200}  # the batch size limit
        r = await client.post(f"/v1/courses/{cid}/activities", headers=PROVIDER, json=impossible)
        assert r.status_code == 422, r.text
        assert (r.json()["details"]["field"], r.json()["details"]["reason"]) == (
            "entries[4].activity_type", "too_many_of_a_kind_in_a_day")
        assert await outbox_types(app) == []
        second_day = start + timedelta(days=1)
        day = await client.post(f"/v1/courses/{cid}/activities", headers=PROVIDER, json=day_of_journal(second_day))
        assert day.status_code == 201, day.text  # 350 min: within the child's day
        more = await client.post(f"/v1/courses/{cid}/activities", headers=PROVIDER, json=day_of_journal(second_day))
        assert more.status_code == 422 and more.json()["details"]["reason"] in (
            "child_day_exceeded", "too_many_of_a_kind_in_a_day")  # the same day again: counted with what is recorded
        detail = (await client.get(f"/v1/courses/{cid}", headers=PROVIDER)).json()
        assert detail["ratings"] == {"baseline": None, "control": None}
        assert detail["questionnaire"] == {"before": None, "after": None}
