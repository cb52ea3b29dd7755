"""The personal-data access log: each read of a child's data, allowed or denied, with who, what and the outcome."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .flow import PENZA_ORG, issue_penza_child, reserve
from .support import operator, platform, provider, service

pytestmark = pytest.mark.kafka

STRANGER = "org-0000000000"


async def test_allowed_and_denied_reads_of_a_certificate_are_logged_without_personal_data(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1)
        await reserve(svc, cid)
        assert (await svc.client.get(f"/v1/certificates/{cid}", headers=provider(STRANGER))).status_code == 404
        assert (await svc.client.get(f"/v1/certificates/{cid}/travel",
                                     headers=provider(STRANGER))).status_code == 404
        assert (await svc.client.get(f"/v1/certificates/{cid}", headers=provider(PENZA_ORG))).status_code == 200
        assert (await svc.client.get(f"/v1/certificates/{cid}", headers=operator())).status_code == 200
        assert (await svc.client.get(f"/v1/certificates/{cid}", headers=platform())).status_code == 200  # no child
        assert (await svc.client.get("/v1/certificates/cert-none", headers=provider(STRANGER))).status_code == 404
    text = (tmp_path / "log" / "certificates-access.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if cid in line]
    assert [(e["who"], e["record"], e["record_id"], e["allowed"]) for e in lines] == [
        (f"staff-of-{STRANGER}", "certificate", cid, False),
        (f"staff-of-{STRANGER}", "certificate", cid, False),
        (f"staff-of-{PENZA_ORG}", "certificate", cid, True),
        ("operator-1", "certificate", cid, True),
    ]
    assert "Тестов" not in text and "birth" not in text and "snils" not in text.lower()
