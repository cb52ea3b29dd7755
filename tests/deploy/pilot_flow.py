"""One child through the whole pilot over the four services' HTTP APIs (their API.md), so every metric exists.

Issue → price list → reserve → start → journal, ratings, questionnaire → (clocks +20 days) → complete →
protocol → settlement → conclusion → a refused upload → signature → submission. Each step waits for the
events it depends on; a step that does not happen in time fails naming it.
"""

from __future__ import annotations

import asyncio
import base64
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from kria_gost import load_dev_pki, organisation_backend
from kria_shared.auth.tokens import mint_dev_token

SERVICES = ("certificates", "costing", "assessment", "signing")
AUDIENCE = [f"kria-{s}" for s in SERVICES]


def token(*roles: str, org: str | None = None, snils: str | None = None, subject: str = "e2e") -> dict[str, str]:
    jwt = mint_dev_token(subject=subject, roles=roles, audience=AUDIENCE, organisation_id=org, signer_snils=snils)
    return {"Authorization": f"Bearer {jwt}"}


def valid_snils(number: int) -> str:
    digits = f"{number:09d}"
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {check:02d}"


async def until(what: str, probe: Callable[[], Awaitable[Any]], timeout_s: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = await probe()
        if result:
            return result
        await asyncio.sleep(0.3)
    raise AssertionError(f"pilot flow: {what} did not happen in {timeout_s:.0f} s")


def ok(response: httpx.Response, *expected: int) -> dict[str, Any]:
    assert response.status_code in expected, f"{response.request.method} {response.request.url}: " \
                                             f"{response.status_code} {response.text[:500]}"
    return response.json() if response.content else {}  # type: ignore[no-any-return]


class Pilot:
    def __init__(self, urls: dict[str, str], pki_dir: Path) -> None:
        self.http = {s: httpx.AsyncClient(base_url=u, timeout=30) for s, u in urls.items()}
        self.pki_dir = pki_dir  # the signing service's dev PKI: it issues the organisation head's certificate
        self.ops = token("platform_operator")
        self.sfr = token("sfr_operator")

    async def close(self) -> None:
        for client in self.http.values():
            await client.aclose()

    async def today(self) -> date:
        body = ok(await self.http["certificates"].get("/v1/dev/clock", headers=self.ops), 200)
        return date.fromisoformat(body["now"][:10])

    async def advance_clocks(self, days: int) -> None:
        for client in self.http.values():
            ok(await client.post("/v1/dev/clock", json={"advance_days": days}, headers=self.ops), 200)

    async def issue(self, today: date) -> str:
        body = {"protocol_number": f"{random.randint(1, 99999)}.1.58/{today.year}",
                "decided_on": (today - timedelta(days=3)).isoformat(), "last_name": "Тестов", "first_name": "Тест",
                "patronymic": "Тестович", "snils": valid_snils(random.randint(2_000_000, 998_999_999)),
                "birth_date": today.replace(year=today.year - 10).isoformat(), "sex": "МУЖ",
                "municipality": "Пенза", "disability_established_on": (today - timedelta(days=7)).isoformat(),
                "target_group": "2", "additional_target_groups": [], "medical_indications": True,
                "contraindications": False, "first_time": True}
        issued = ok(await self.http["certificates"].post("/v1/mse-decisions", json=body, headers=self.sfr), 201)
        return str(issued["certificate_id"])

    async def approve_price_list(self, org: str) -> None:
        from kria_costing.config.loader import EXAMPLE_NORMALISATION

        provider = token("provider", org=org)
        normalisation = yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8"))
        path = f"/v1/organisations/{org}/price-lists"
        draft = ok(await self.http["costing"].post(path, json=normalisation, headers=provider), 201)
        head = token("provider_head", org=org, subject=f"head-of-{org}")  # four eyes: not the drafter
        today = date.today().isoformat()
        order = {"order_number": "1-ОД", "order_date": today, "effective_from": today}
        ok(await self.http["costing"].post(f"{path}/{draft['version']}/approve", json=order, headers=head), 200)

    async def state_of(self, cid: str) -> str:
        body = ok(await self.http["certificates"].get(f"/v1/certificates/{cid}", headers=self.sfr), 200)
        return str(body["state"])

    async def run(self) -> str:
        """The whole flow for one child; returns its certificate id."""
        today = await self.today()
        cid = await self.issue(today)
        providers = ok(await self.http["certificates"].get("/v1/providers", params={"region": "58"},
                                                           headers=self.sfr), 200)
        org = providers[0]["organisation_id"]
        provider = token("provider", org=org)
        await self.approve_price_list(org)
        reserve = {"organisation_id": org, "form": "semi_inpatient", "companion": False}
        ok(await self.http["certificates"].post(f"/v1/certificates/{cid}/reservation", json=reserve,
                                                headers=provider), 202)
        await until("reservation confirmed by costing", lambda: self._state_is(cid, "reserved"))
        ok(await self.http["certificates"].post(f"/v1/certificates/{cid}/course/start",
                                                json={"start_date": today.isoformat()}, headers=provider), 200)
        await self.first_days(cid, today, provider)
        await self.advance_clocks(20)
        end = today + timedelta(days=20)
        await self.last_days(cid, end, provider)
        ok(await self.http["certificates"].post(f"/v1/certificates/{cid}/course/complete",
                                                json={"end_date": end.isoformat()}, headers=provider), 200)
        await until("course closed in assessment", lambda: self._course_closed(cid, provider))
        ok(await self.http["assessment"].post(f"/v1/courses/{cid}/protocol", json={"notes": "e2e"},
                                              headers=provider), 201)
        await self.head_signs_protocol(cid, org)
        await until("settlement by costing", lambda: self._state_is(cid, "settled"))
        await self.sign(cid)
        return cid

    async def head_signs_protocol(self, cid: str, org: str) -> None:
        head = token("provider_head", org=org)
        document = await self.http["assessment"].get(f"/v1/courses/{cid}/protocol", headers=head)
        assert document.status_code == 200, document.text
        now = datetime.now(UTC).replace(microsecond=0)
        signer = organisation_backend(load_dev_pki(self.pki_dir), org, now=now)
        cms = signer.sign_detached_sync(document.content, signing_time=now)
        ok(await self.http["assessment"].post(f"/v1/courses/{cid}/protocol/signature", headers=head,
                                              json={"signature": base64.b64encode(cms).decode()}), 202)

    async def _state_is(self, cid: str, state: str) -> bool:
        return await self.state_of(cid) == state

    async def _course_closed(self, cid: str, provider: dict[str, str]) -> bool:
        r = await self.http["assessment"].get(f"/v1/courses/{cid}", headers=provider)
        return r.status_code == 200 and r.json()["state"] == "closed"

    async def first_days(self, cid: str, start: date, provider: dict[str, str]) -> None:
        assessment = self.http["assessment"]
        await until("course opened in assessment",
                    lambda: self._status(assessment.get(f"/v1/courses/{cid}", headers=provider), 200))
        entries = [
            {"direction": "social_household", "activity_type": "diagnostics_primary", "delivery": "individual",
             "on": start.isoformat(), "minutes": 50, "specialist": "sw-01"},
            {"direction": "adaptive_pe", "activity_type": "training", "delivery": "group",
             "on": start.isoformat(), "minutes": 45, "specialist": "afk-02"},
            {"direction": "social_pedagogical", "activity_type": "practical", "delivery": "individual",
             "on": start.isoformat(), "status": "missed", "missed_reason": "child_health", "specialist": "ped-04"},
        ]
        ok(await assessment.post(f"/v1/courses/{cid}/activities", json={"batch_id": str(uuid.uuid4()),
                                                                        "entries": entries}, headers=provider), 201)
        await self._rate(cid, "baseline", "before", start, 3, 1, provider)

    async def last_days(self, cid: str, end: date, provider: dict[str, str]) -> None:
        await self._rate(cid, "control", "after", end, 2, 2, provider)

    async def _rate(self, cid: str, stage: str, when: str, on: date, level: int, answer: int,
                    provider: dict[str, str]) -> None:
        domains = ("self_care", "mobility", "orientation", "communication", "behaviour_control", "learning",
                   "work_play")
        items = ("knows_goals", "daily_routine", "self_care_support", "communication_support",
                 "behaviour_management", "home_exercises", "assistive_devices", "learning_support",
                 "rights_and_services", "own_resources")
        assessment = self.http["assessment"]
        ok(await assessment.put(f"/v1/courses/{cid}/ratings/{stage}", headers=provider, json={
            "scale_version": "icf-7-v1", "assessed_on": on.isoformat(), "ratings": dict.fromkeys(domains, level)}),
           200)
        ok(await assessment.put(f"/v1/courses/{cid}/questionnaire/{when}", headers=provider, json={
            "questionnaire_version": "parental-competence-v1", "answered_on": on.isoformat(),
            "answers": dict.fromkeys(items, answer)}), 200)

    @staticmethod
    async def _status(request: Awaitable[httpx.Response], status: int) -> bool:
        return (await request).status_code == status

    async def sign(self, cid: str) -> None:
        signing = self.http["signing"]
        expert = token("mse_expert")

        async def drafted() -> dict[str, Any] | None:
            items = ok(await signing.get("/v1/conclusions", headers=expert), 200)["items"]
            return next((c for c in items if c["certificate_id"] == cid), None)

        conclusion = await until("conclusion drafted by signing", drafted)
        cid_url = f"/v1/conclusions/{conclusion['conclusion_id']}"
        if conclusion["state"] == "awaiting_reason":
            ok(await signing.put(f"{cid_url}/reason", json={"reason": "child_health"}, headers=expert), 200)
        signers = ok(await signing.get("/v1/signers", headers=self.ops), 200)["signers"]
        head = next(s for s in signers if s["role"] == "head" and s["signing_key_here"])
        head_token = token("mse_head", snils=head["snils"])
        # A signature that fails verification is refused (and counted) before the real one is made.
        bogus = await signing.post(f"{cid_url}/signature", content=bytes.fromhex("3003020100"),
                                   headers={**head_token, "content-type": "application/pkcs7-signature"})
        assert bogus.status_code == 422, bogus.text
        ok(await signing.post(f"{cid_url}/sign", headers=head_token), 200)

        async def submitted() -> bool:
            return ok(await signing.get(cid_url, headers=expert), 200)["state"] == "submitted"

        await until("submission to the ЕЦП (file sink)", submitted)
