"""The browser tests' stack: a real broker, the four service processes, the console process, protocols to score.

Protocols reach the bureau as the assessment service publishes them (`ProtocolSubmitted` on its topic), so the
MSE bureau has drafts to work on without playing 21 days of courses first (the e2e tests do that).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import httpx
import rfc8785
from aiokafka import AIOKafkaProducer

from kria_cli.stack import Stack
from kria_gost import load_dev_pki, organisation_backend
from kria_shared.auth.tokens import mint_dev_token
from kria_shared.contracts.assessment import DirectionSummary, DomainRating, ProtocolSubmitted
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.topic_admin import ensure_topics

T = TypeVar("T")

# ЦРГ 2 standard (DOMAIN.md §4): planned (min..max) per direction; career guidance only for 14-17.
STANDARD = {
    "social_household": (20, 14, 26), "social_environmental": (20, 14, 26), "social_pedagogical": (22, 14, 30),
    "social_psychological": (14, 11, 17), "sociocultural": (19, 14, 24), "career_guidance": (9, 7, 11),
    "adaptive_pe": (16, 12, 20),
}
OPS = {"Authorization": "Bearer " + mint_dev_token(subject="console-test-ops", roles=["platform_operator"],
                                                    audience=[f"kria-{s}" for s in ("certificates", "costing",
                                                                                    "assessment", "signing")])}


def protocol(effective: bool, missed_by_reason: dict[str, int] | None = None,
             certificate_id: str | None = None) -> ProtocolSubmitted:
    """An effective course (all directions, 5 of 7 domains better, parents +10 of 40) or one cut short."""
    delivered = ({d: p for d, (p, _, _) in STANDARD.items()} if effective
                 else {"social_household": 0, "social_environmental": 2, "adaptive_pe": 1})
    ratings = ([DomainRating(domain=f"d{i}", baseline=3, control=2 if i < 5 else 3) for i in range(7)] if effective
               else [DomainRating(domain=f"d{i}", baseline=3, control=3) for i in range(7)])
    directions = [DirectionSummary(direction=d, required=True, planned=p, min=lo, max=hi,
                                   delivered=delivered.get(d, 0), missed=0) for d, (p, lo, hi) in STANDARD.items()]
    cid = certificate_id or f"cert-{uuid.uuid4().hex[:10]}"
    return ProtocolSubmitted(
        certificate_id=cid, protocol_id=str(uuid.uuid4()), organisation_id="org-console-test", target_group="2",
        age_years=15, outcome="completed" if effective else "terminated_early", directions=directions,
        planned_total=sum(p for p, _, _ in STANDARD.values()), delivered_total=sum(delivered.values()),
        missed_by_reason=missed_by_reason or {}, scale_version="icf-7-v1", lower_is_better=True, ratings=ratings,
        questionnaire_version="parental-competence-v1", parental_before=20, parental_after=30 if effective else 20,
        parental_max=40, journal_entries=sum(delivered.values()), protocol_sha256=uuid.uuid4().hex * 2)


def signed_by_organisation(p: ProtocolSubmitted, pki_dir: Path) -> ProtocolSubmitted:
    """As assessment publishes it: the protocol's document signed by its organisation's head with a certificate of
    the stack's dev PKI (signing refuses an unsigned protocol)."""
    document = rfc8785.dumps({"kind": "kria.assessment.protocol/1", "protocol_id": p.protocol_id,
                              "certificate_id": p.certificate_id, "organisation_id": p.organisation_id})
    now = datetime.now(UTC).replace(microsecond=0)
    cms = organisation_backend(load_dev_pki(pki_dir), p.organisation_id, now=now).sign_detached_sync(
        document, signing_time=now)
    return p.model_copy(update={"protocol_document": document.decode(),
                                "protocol_sha256": hashlib.sha256(document).hexdigest(),
                                "organisation_signature": base64.b64encode(cms).decode()})


async def publish_protocols(bootstrap: str, prefix: str, protocols: list[ProtocolSubmitted]) -> None:
    await ensure_topics(bootstrap, prefix)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for p in protocols:
            e = Envelope(event_id=uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                         subject=p.certificate_id, correlation_id="console-test", data=p.model_dump(mode="json"))
            await producer.send_and_wait(prefix + Topics.ASSESSMENT, value=e.to_bytes(), key=e.key)
    finally:
        await producer.stop()


def issued_certificates(certificates_url: str) -> list[str]:
    """Certificates issued from the shipped example export: a conclusion names its child, read from these."""
    office = {"Authorization": "Bearer " + mint_dev_token(subject="console-test-office", roles=["sfr_operator"],
                                                          audience="kria-certificates")}
    example = resources.files("kria_certificates").joinpath("examples/mse_export_example.csv").read_bytes()
    r = httpx.post(f"{certificates_url}/v1/mse-imports", files={"file": ("export.csv", example, "text/csv")},
                   headers=office, timeout=60)
    r.raise_for_status()
    return [e["certificate_id"] for e in r.json()["entries"] if e["outcome"] == "issued"]


def conclusions_of(signing_url: str, certificate_ids: set[str]) -> dict[str, dict[str, Any]]:
    r = httpx.get(f"{signing_url}/v1/conclusions?limit=500", headers=OPS, timeout=10)
    r.raise_for_status()
    return {c["certificate_id"]: c for c in r.json()["items"] if c["certificate_id"] in certificate_ids}


def move_signing_clock(signing_url: str, days: int) -> None:
    httpx.post(f"{signing_url}/v1/dev/clock", json={"advance_days": days}, headers=OPS, timeout=10).raise_for_status()


@contextmanager
def running_stack(var: Path, bootstrap: str) -> Iterator[tuple[Stack, str]]:
    prefix = f"console-{uuid.uuid4().hex[:8]}."
    stack = Stack(var, bootstrap, extra_env={"KRIA_TOPIC_PREFIX": prefix, "KRIA_SIGNING_SUBMIT_EVERY_S": "0.5"},
                  preferred_ports=False)
    try:
        stack.start()
        stack.start_console()
        yield stack, prefix
    finally:
        stack.stop()


def wait(check: Any, timeout_s: float = 40.0) -> Any:
    """Poll ``check()`` until it returns something truthy (plain sleeps: Playwright's loop owns this thread)."""
    deadline = time.monotonic() + timeout_s
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError("the stack did not reach the expected state in time")
        time.sleep(0.3)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on its own loop in another thread: Playwright's sync API already runs one in this thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
