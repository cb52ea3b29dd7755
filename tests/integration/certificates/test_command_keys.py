"""An optional Idempotency-Key on lifecycle commands: a retry is answered from the state, never applied again."""

from __future__ import annotations

from pathlib import Path

import pytest

from .flow import PENZA_ORG, estimate, issue_penza_child
from .support import operator, provider, service

pytestmark = pytest.mark.kafka

RESERVATION = {"organisation_id": PENZA_ORG, "form": "inpatient", "companion": True}


async def test_a_retried_command_with_its_key_is_answered_even_after_the_state_moved_on(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1)
        url, mine = f"/v1/certificates/{cid}/reservation", provider(PENZA_ORG)
        first = await svc.client.post(url, json=RESERVATION, headers=mine | {"Idempotency-Key": "r-1"})
        assert (first.status_code, first.json()["state"]) == (202, "reservation_pending")
        await svc.feed(estimate(cid, 9_000_000))
        await svc.wait_state(cid, "reserved")

        retried = await svc.client.post(url, json=RESERVATION, headers=mine | {"Idempotency-Key": "r-1"})
        assert (retried.status_code, retried.json()["state"]) == (202, "reserved"), retried.text
        unkeyed = await svc.client.post(url, json=RESERVATION, headers=mine)
        assert (unkeyed.status_code, unkeyed.json()["error"]) == (409, "illegal_transition")
        other_body = await svc.client.post(url, json=RESERVATION | {"companion": False},
                                           headers=mine | {"Idempotency-Key": "r-1"})
        assert (other_body.status_code, other_body.json()["error"]) == (409, "idempotency_key_reused")
        other_command = await svc.client.post(f"/v1/certificates/{cid}/reservation/cancel",
                                              headers=operator() | {"Idempotency-Key": "r-1"})
        assert (other_command.status_code, other_command.json()["error"]) == (409, "idempotency_key_reused")
        assert len(await svc.outbox("ReservationRequested", cid)) == 1
        history = (await svc.certificate(cid))["history"]
        assert [h["command"] for h in history] == ["issue", "reserve", "confirm_reservation"]
        bad_key = await svc.client.post(url, json=RESERVATION, headers=mine | {"Idempotency-Key": "x" * 201})
        assert bad_key.status_code == 422 and "Idempotency-Key" in bad_key.text
