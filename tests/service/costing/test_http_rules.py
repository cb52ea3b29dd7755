"""The costing service's rules on the broker-free harness, one behaviour per test: the price-list refusals over
HTTP, and the answer to a reservation delivered through the service's own consumer path. Delivery over the
broker, the duplicate and both stores stay in tests/integration/costing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kria_costing.app import create_app
from kria_costing.store import price_lists as store
from kria_shared.contracts.common import ServiceForm
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from kria_shared.testing.service import bearer
from tests.integration.costing.support import ORDER, example_normalisation, head, provider, reservation

ORG = "org-penza-2"
URL = f"/v1/organisations/{ORG}/price-lists"


@pytest.fixture
async def costing(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("costing", tmp_path))) as h:
        yield h


async def post(h: Harness, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return await h.client.post(URL, json=body, headers=headers or provider(ORG))


async def approved(h: Harness) -> None:
    assert (await post(h, example_normalisation())).status_code == 201
    assert (await h.client.post(f"{URL}/1/approve", json=ORDER, headers=head(ORG))).status_code == 200


async def test_a_missing_specialist_is_refused_naming_it(costing: Harness) -> None:
    body = example_normalisation()
    del body["specialists"]["psychologist"]
    r = await post(costing, body)
    assert (r.status_code, r.json()["error"], r.json()["details"]["field"]) == (
        422, "missing_specialist", "specialists.psychologist")


async def test_a_negative_price_is_refused_by_validation_naming_it(costing: Harness) -> None:
    body = example_normalisation()
    body["materials"][1]["unit_price_rub"] = -24.5
    r = await post(costing, body)
    assert (r.status_code, r.json()["detail"][0]["loc"]) == (422, ["body", "materials", 1, "unit_price_rub"])


@pytest.mark.parametrize(("groups", "field", "code"), [(["2", "2", "7"], "target_groups[1]", "duplicate_target_group"),
                                                      ([], "target_groups", "no_target_groups")])
async def test_target_groups_are_checked(costing: Harness, groups: list[str], field: str, code: str) -> None:
    r = await post(costing, {**example_normalisation(), "target_groups": groups})
    assert (r.status_code, r.json()["error"], r.json()["details"]["field"]) == (422, code, field)


async def test_a_provider_drafts_only_for_its_own_organisation(costing: Harness) -> None:
    r = await post(costing, example_normalisation(), provider("org-other"))
    assert (r.status_code, r.json()["error"]) == (403, "not_your_organisation")


async def test_the_sfr_operator_does_not_draft_price_lists(costing: Harness) -> None:
    assert (await post(costing, example_normalisation(), bearer("costing", "sfr_operator"))).status_code == 403


async def test_a_provider_reads_only_its_own_price_lists(costing: Harness) -> None:
    assert (await costing.client.get(URL, headers=provider("org-other"))).status_code == 403


async def test_an_unknown_version_is_not_found(costing: Harness) -> None:
    assert (await costing.client.get(f"{URL}/7", headers=provider(ORG))).status_code == 404
    assert (await costing.client.post(f"{URL}/7/approve", json=ORDER, headers=head(ORG))).status_code == 404


async def test_version_zero_is_refused_by_validation(costing: Harness) -> None:
    assert (await costing.client.get(f"{URL}/0", headers=provider(ORG))).status_code == 422


async def test_an_organisation_without_price_lists_lists_none(costing: Harness) -> None:
    listing = (await costing.client.get(URL, headers=provider(ORG))).json()
    assert listing == {"current_version": None, "price_lists": []}


async def test_a_draft_for_replaced_standards_cannot_be_approved(costing: Harness) -> None:
    assert (await post(costing, example_normalisation())).status_code == 201
    async with costing.runtime.uows() as uow:
        draft = await store.price_list(uow.session, ORG, 1)
        assert draft is not None
        draft.standards_version = "kria-standards-2025.9"
        uow.session.add(draft)
    stale = await costing.client.post(f"{URL}/1/approve", json=ORDER, headers=head(ORG))
    assert (stale.status_code, stale.json()["error"], stale.json()["details"]["allowed"]) == (
        409, "standards_changed", ["create_draft"])


async def test_approving_twice_is_a_conflict_with_nothing_allowed(costing: Harness) -> None:
    await approved(costing)
    again = await costing.client.post(f"{URL}/1/approve", json=ORDER, headers=head(ORG))
    assert (again.status_code, again.json()["details"]) == (409, {"state": "approved", "allowed": []})


async def test_approval_emits_price_list_approved(costing: Harness) -> None:
    await approved(costing)
    [event] = await costing.outbox("PriceListApproved", ORG)
    assert event.data["version"] == "1"


async def test_a_reservation_is_answered_with_an_estimate_caused_by_it(costing: Harness) -> None:
    await approved(costing)
    request = reservation("cert-1", ORG, age=15, companion=True)
    assert await costing.deliver(request) == []
    [estimate] = await costing.outbox("EstimateCalculated", "cert-1")
    assert estimate.causation_id == str(request.event_id)
    assert estimate.data["total_kopecks"] <= estimate.data["value_kopecks"]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"form": ServiceForm.SEMI_INPATIENT, "value": 3_000_000}, "exceeds_certificate_value"),
    ({"group": "12"}, "standard_not_covered"),
    ({"days": 0}, "invalid_course_days"),
])
async def test_a_reservation_that_cannot_be_priced_is_rejected_with_its_reason(
    costing: Harness, changes: dict[str, Any], reason: str
) -> None:
    await approved(costing)
    assert await costing.deliver(reservation("cert-1", ORG, **changes)) == []  # answered, never dead-lettered
    [rejected] = await costing.outbox("EstimateRejected", "cert-1")
    assert rejected.data["reason"] == reason


async def test_a_reservation_without_an_approved_price_list_is_rejected(costing: Harness) -> None:
    await costing.deliver(reservation("cert-1", "org-without-prices"))
    [rejected] = await costing.outbox("EstimateRejected", "cert-1")
    assert rejected.data["reason"] == "no_approved_price_list"


async def test_the_estimate_is_read_by_its_organisation_only(costing: Harness) -> None:
    await approved(costing)
    await costing.deliver(reservation("cert-1", ORG))
    assert (await costing.client.get("/v1/certificates/cert-1/costs", headers=provider(ORG))).status_code == 200
    assert (await costing.client.get("/v1/certificates/cert-1/costs",
                                     headers=provider("org-other"))).status_code == 404


async def test_a_price_lists_times_are_answered_in_utc(costing: Harness) -> None:
    await approved(costing)
    body = (await costing.client.get(f"{URL}/1", headers=head(ORG))).json()
    assert [datetime.fromisoformat(body[k]).utcoffset() for k in ("created_at", "approved_at")] == [timedelta(0)] * 2


async def test_a_price_list_keeps_its_fields_and_their_form_under_its_schema(costing: Harness) -> None:
    await approved(costing)
    body = (await costing.client.get(f"{URL}/1", headers=head(ORG))).json()
    assert list(body) == ["organisation_id", "version", "status", "standards_version", "created_at", "created_by",
                          "approved_at", "approved_by", "order", "lines", "inputs", "derivation"]
    assert body["created_at"].endswith("+00:00") and body["approved_at"].endswith("+00:00")  # not pydantic's "Z"
    assert body["order"] == {"number": "17-п", "date": "2026-02-10", "effective_from": "2026-02-20"}


async def test_a_certificates_costs_keep_their_fields_under_their_schema(costing: Harness) -> None:
    await approved(costing)
    await costing.deliver(reservation("cert-1", ORG))
    body = (await costing.client.get("/v1/certificates/cert-1/costs", headers=provider(ORG))).json()
    assert (list(body), body["settlement"]) == (["certificate_id", "estimates", "settlement"], None)
    [estimate] = body["estimates"]
    assert list(estimate) == [
        "estimate_id", "organisation_id", "outcome", "reason", "price_list_version", "standard_version",
        "target_group", "age_years", "form", "companion", "days", "plan", "course_kopecks", "per_day",
        "per_day_kopecks", "accompanying_kopecks", "total_kopecks", "value_kopecks", "created_at"]
    assert estimate["created_at"].endswith("+00:00") and isinstance(estimate["total_kopecks"], int)
