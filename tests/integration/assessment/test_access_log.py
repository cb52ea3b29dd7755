"""Issue 20, item 9: the assessment service access-logs refused cross-organisation reads of a child's course and
protocol, as certificates and costing do (answered 404 like a missing course; logged as ``allowed: false``)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from kria_shared.testing.service import running

from .support import OTHER_PROVIDER, course_dates, make_app, publish, started, wait_for_state

pytestmark = pytest.mark.kafka


async def test_refused_cross_organisation_reads_are_access_logged(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    app, prefix = make_app(kafka_bootstrap, database_url, tmp_path)
    start, end = course_dates(app)
    cid = "cert-" + uuid.uuid4().hex[:8]
    async with running(app) as client:
        await publish(kafka_bootstrap, prefix, started(cid, start, end))
        await wait_for_state(client, cid, "open")
        assert (await client.get(f"/v1/courses/{cid}", headers=OTHER_PROVIDER)).status_code == 404
        assert (await client.get(f"/v1/courses/{cid}/protocol", headers=OTHER_PROVIDER)).status_code == 404
        assert (await client.get("/v1/courses/cert-none", headers=OTHER_PROVIDER)).status_code == 404
    text = (tmp_path / "log" / "assessment-access.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    refused = [(e["record"], e["record_id"], e["allowed"]) for e in lines if e["who"] == "tester"
               and e["record_id"] == cid and not e["allowed"]]
    assert refused == [("assessment_course", cid, False), ("assessment_protocol", cid, False)]
    assert all(e["record_id"] != "cert-none" for e in lines), "a missing course is not a read of personal data"
