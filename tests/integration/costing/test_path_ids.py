"""Ids in the path with control characters are refused by name (PostgreSQL cannot even store a NUL byte)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kria_shared.testing.service import bearer, running

from .support import Costing

pytestmark = pytest.mark.kafka


@pytest.mark.parametrize("bad", ["x%00", "x%01y", "%1f"])
async def test_a_control_character_in_a_path_id_is_a_422_naming_it(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, bad: str
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    sfr = bearer("costing", "sfr_operator")
    async with running(costing.app) as client:
        for url, parameter in ((f"/v1/organisations/{bad}/price-lists", "organisation_id"),
                               (f"/v1/organisations/{bad}/price-lists/1", "organisation_id"),
                               (f"/v1/certificates/{bad}/costs", "certificate_id")):
            r = await client.get(url, headers=sfr)
            assert r.status_code == 422, (url, r.status_code, r.text)
            assert r.json()["detail"][0]["loc"] == ["path", parameter]
        # printable ids still reach the store: an unknown one is simply not found
        assert (await client.get("/v1/certificates/x-01/costs", headers=sfr)).status_code == 404
        assert (await client.get("/v1/organisations/x-01/price-lists", headers=sfr)).status_code == 200
