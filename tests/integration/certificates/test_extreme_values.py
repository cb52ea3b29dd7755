"""Extreme values against the running service on both stores: each is a 422 naming the field, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import decision_json, mse, operator, platform, service

pytestmark = pytest.mark.kafka


async def test_extreme_values_are_422s_naming_the_field(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        far = await svc.client.post("/v1/mse-decisions", headers=mse(),
                                    json=decision_json(1, decided_on="9999-12-31",
                                                       disability_established_on="9999-12-30"))
        assert (far.status_code, far.json()["error"], far.json()["details"]["field"]) == (
            422, "bad_date", "decided_on"), far.text

        for offset in [2**63, 2**64, 2**31]:  # the kit bounds offsets at 2^31 - 1
            r = await svc.client.get(f"/v1/certificates?offset={offset}", headers=operator())
            assert r.status_code == 422 and "offset" in r.text, r.text
        assert (await svc.client.get("/v1/certificates?offset=1000000000", headers=operator())).status_code == 200

        for body in [{"advance_days": 2**63}, {"advance_seconds": 10**20}, {"set_to": "9999-12-31T00:00:00Z"},
                     {"advance_days": True}]:
            r = await svc.client.post("/v1/dev/clock", json=body, headers=platform())
            assert r.status_code == 422 and next(iter(body)) in r.text, r.text
        beyond = await svc.client.post("/v1/dev/clock", json={"set_to": "2100-06-01T00:00:00Z", "advance_days": 365},
                                       headers=platform())
        assert (beyond.status_code, beyond.json()["details"]["field"]) == (422, "advance_days"), beyond.text
        clock = await svc.client.get("/v1/dev/clock", headers=platform())
        assert clock.json()["now"].startswith("2026-11-02")  # a refused move does not move the clock

        nul = await svc.client.post("/v1/mse-imports", headers=mse(),
                                    files={"file": ("zeros.csv", b"\x00" * 4096, "text/csv")})
        assert (nul.status_code, nul.json()["error"], nul.json()["details"]["field"]) == (
            422, "unreadable_file", "file"), nul.text
        assert "не CSV" in nul.json()["message"]
