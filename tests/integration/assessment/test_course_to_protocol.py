"""The assessment service against the real broker and both stores: a course case from CourseStarted to the
published protocol, with the journal's idempotency and refusals as a provider would meet them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from kria_gost import DevPki, init_dev_pki
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.testing.kafka import read_topic
from kria_shared.testing.service import running

from .support import (
    HEAD,
    MSE_EXPERT,
    OTHER_HEAD,
    PROVIDER,
    answers_body,
    completed,
    course_dates,
    day_of_journal,
    head_signs,
    make_app,
    outbox_types,
    publish,
    ratings_body,
    started,
    terminated,
    wait_for_state,
)

pytestmark = pytest.mark.kafka


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    return init_dev_pki(tmp_path_factory.mktemp("org-pki"), now=datetime.now(UTC))


async def test_a_completed_course_from_journal_to_published_protocol(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, pki: DevPki
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, end = course_dates(app)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, end))
        await wait_for_state(client, cid, "open")
        # The HTTP refusals (other organisation, bad entries, reused batch) are in tests/service/assessment.
        # One day's journal, sent twice (a client retry): recorded once, answered the same.
        day = day_of_journal(start + timedelta(days=1), missed=2)
        first = await client.post(f"/v1/courses/{cid}/activities", json=day, headers=PROVIDER)
        assert first.status_code == 201, first.text
        again = await client.post(f"/v1/courses/{cid}/activities", json=day, headers=PROVIDER)
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert again.json()["entry_ids"] == first.json()["entry_ids"] and len(first.json()["entry_ids"]) == 8

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

        # frozen, not yet published: the organisation's head signs it first
        assert await outbox_types(app) == ["ActivitiesRecorded"]
        _, signature, signed = await head_signs(client, cid, pki)
        assert signed.status_code == 202, signed.text
        assert signed.json()["sha256"] == submitted.json()["sha256"]
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
        # the event carries the exact signed bytes and the head's CMS, for signing to verify before drafting
        assert protocol["protocol_document"].encode() == document.content
        assert protocol["organisation_signature"] == signature

        metrics = (await client.get("/metrics")).text
        assert 'kria_assessment_protocols_submitted_total{outcome="completed"}' in metrics


async def test_a_terminated_course_is_submitted_with_what_was_done(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, pki: DevPki
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
        assert (await head_signs(client, cid, pki))[2].status_code == 202

        records = await read_topic(kafka_bootstrap, prefix + Topics.ASSESSMENT, expect=1)
        event = Envelope.from_bytes(records[0].value)
        assert event.type == "ProtocolSubmitted" and event.data["outcome"] == "terminated_early"
        parsed = ProtocolSubmitted.model_validate(event.data)  # as signing and costing read it
        assert parsed.parental_after is None and {r.control for r in parsed.ratings} == {None}
        assert parsed.parental_before == 10 and [r.baseline for r in parsed.ratings] == [2] * 7


async def test_only_the_head_of_the_courses_organisation_signs_and_a_repeat_publishes_nothing(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, pki: DevPki
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, planned_end = course_dates(app)
    end = start + timedelta(days=6)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, planned_end), terminated(cid, end, 7))
        await wait_for_state(client, cid, "closed")
        await client.put(f"/v1/courses/{cid}/ratings/baseline", headers=PROVIDER,
                         json=ratings_body([2, 2, 2, 2, 2, 2, 2], start))
        await client.put(f"/v1/courses/{cid}/questionnaire/before", headers=PROVIDER, json=answers_body(1, start))
        unsigned = await client.post(f"/v1/courses/{cid}/protocol/signature", json={"signature": "MAA="},
                                     headers=HEAD)
        assert unsigned.status_code == 404  # nothing frozen yet to sign
        assert (await client.post(f"/v1/courses/{cid}/protocol", headers=PROVIDER)).status_code == 201
        document, signature, first = await head_signs(client, cid, pki)  # reads the bytes (provider_head may)
        assert first.status_code == 202, first.text
        body = {"signature": signature}
        by_provider = await client.post(f"/v1/courses/{cid}/protocol/signature", json=body, headers=PROVIDER)
        assert by_provider.status_code == 403  # the provider's staff may not sign for the organisation
        by_other = await client.post(f"/v1/courses/{cid}/protocol/signature", json=body, headers=OTHER_HEAD)
        assert by_other.status_code == 404  # another organisation's head: the course is not disclosed
        garbage = await client.post(f"/v1/courses/{cid}/protocol/signature", json={"signature": "не base64"},
                                    headers=HEAD)
        assert garbage.status_code == 422 and garbage.json()["details"]["field"] == "signature"
        repeat = await client.post(f"/v1/courses/{cid}/protocol/signature", json=body, headers=HEAD)
        assert repeat.status_code == 200 and repeat.json()["duplicate"] is True
        assert repeat.json()["signed_at"] == first.json()["signed_at"]  # the first signature's moment, in UTC
        assert await outbox_types(app) == ["ProtocolSubmitted"]  # once, the first accepted signature
        assert hashlib.sha256(document).hexdigest() == repeat.json()["sha256"]


async def test_a_day_beyond_the_standard_and_the_childs_time_is_refused_naming_the_entry(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, end = course_dates(app)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, end))
        await wait_for_state(client, cid, "open")
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
