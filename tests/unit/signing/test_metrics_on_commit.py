"""Domain counters move only when the unit of work commits: a rolled-back batch, replayed, counts once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord

from kria_shared.auth import Principal, Role
from kria_shared.clock import AdjustableClock
from kria_shared.consumer import EventConsumer
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.dlq import DeadLetterPublisher
from kria_shared.envelope import Envelope
from kria_shared.metrics import registry
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole
from kria_signing.domain.conclusion_document import Particulars
from kria_signing.domain.signature_acceptance import CheckedSignature
from kria_signing.handlers import ProtocolHandlers
from kria_signing.store import conclusions as store
from kria_signing.usecases.composition import DocumentComposer
from kria_signing.usecases.conclusion_acts import ConclusionActs

from .builders import VERIFIED, particulars, protocol, signing_deps

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HEAD = "11223344595"
OGRN = "1027700000008"


def value(name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def drafted(verdict: str = "effective") -> float:
    return sum(s.value for m in registry.collect() if m.name == "kria_signing_conclusions"
               for s in m.samples if s.name.endswith("_total") and s.labels["verdict"] == verdict)


def signed() -> float:
    return value("kria_signing_signatures_made_total", source="upload")


def handlers() -> ProtocolHandlers:
    return ProtocolHandlers(signing_deps(AdjustableClock(frozen_at=NOW), OGRN), gate=VERIFIED)


def envelope(payload: ProtocolSubmitted) -> Envelope:
    return Envelope(event_id=uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                    subject=payload.certificate_id, correlation_id="test", data=payload.model_dump(mode="json"))


async def test_a_rolled_back_draft_counts_nothing(uows: UnitOfWorkFactory) -> None:
    before, points_before = drafted(), value("kria_signing_criterion_points_total", criterion="activity_count",
                                             points="2")
    payload = protocol("p-rollback", "c-rollback")
    with pytest.raises(RuntimeError):
        async with uows() as uow:
            await handlers().on_protocol_submitted(uow, envelope(payload), payload)
            raise RuntimeError("the batch failed after this record")
    assert drafted() == before
    assert value("kria_signing_criterion_points_total", criterion="activity_count", points="2") == points_before
    async with uows() as uow:
        await handlers().on_protocol_submitted(uow, envelope(payload), payload)
    assert drafted() == before + 1
    assert value("kria_signing_criterion_points_total", criterion="activity_count", points="2") == points_before + 1


class _NoDlq(DeadLetterPublisher):
    def __init__(self) -> None:
        super().__init__(None, "kria-signing", "signing")
        self.sent: list[str] = []

    async def send(self, record: ConsumerRecord[Any, Any], reason: str, detail: str) -> None:
        self.sent.append(reason)


def record(offset: int, payload: ProtocolSubmitted) -> ConsumerRecord[Any, Any]:
    raw = envelope(payload).to_bytes()
    return ConsumerRecord("assessment", 0, offset, 0, 0, b"k", raw, None, 1, len(raw), [])


async def test_a_batch_replayed_record_by_record_counts_each_conclusion_once(uows: UnitOfWorkFactory) -> None:
    real = handlers()

    async def poisoned(uow: UnitOfWork, env: Envelope, payload: ProtocolSubmitted) -> None:
        await real.on_protocol_submitted(uow, env, payload)
        if payload.protocol_id == "p-poison":
            raise ValueError("a poison record after a good one")

    dlq = _NoDlq()
    consumer = EventConsumer("signing", "kria-signing", {"ProtocolSubmitted": poisoned}, uows, dlq)
    before = drafted()
    await consumer.process([record(1, protocol("p-good", "c-good")), record(2, protocol("p-poison", "c-poison"))])
    assert len(dlq.sent) == 1
    assert drafted() == before + 1  # the good record: drafted once, counted once (not once per attempt)


class _Certificates:
    """What the certificates service answers (its HTTP boundary is tested in tests/service/signing)."""

    async def particulars(self, certificate_id: str, authorization: str) -> Particulars:
        return particulars()


class _Passing:
    async def check(self, content: bytes, cms: bytes, *, at: datetime | None = None) -> CheckedSignature:
        return CheckedSignature(True, None, HEAD, NOW, {"signing_time": NOW.isoformat()})


async def test_an_accepted_signature_rolled_back_counts_nothing(uows: UnitOfWorkFactory) -> None:
    payload = protocol("p-sign", "c-sign")
    async with uows() as uow:
        await handlers().on_protocol_submitted(uow, envelope(payload), payload)
        conclusion_id = (await store.by_protocol(uow.session, "p-sign")).id  # type: ignore[union-attr]
    register = SignerRegister("t", OGRN, (AuthorisedSigner("Head", HEAD, SignerRole.HEAD),))
    setup = SigningSetup(trust=None, root_pem=b"", register=register)
    acts = ConclusionActs(signing_deps(AdjustableClock(frozen_at=NOW), uows=uows), setup, _Passing())  # type: ignore[arg-type]
    head = Principal(subject="head", roles=frozenset({Role.MSE_HEAD}), signer_snils=HEAD)
    composer = DocumentComposer(signing_deps(AdjustableClock(frozen_at=NOW), uows=uows), register, _Certificates())
    await composer.for_signer(
        conclusion_id, head, "Bearer head")
    before = signed()
    with pytest.raises(RuntimeError):
        async with uows() as uow:
            row = await store.get(uow.session, conclusion_id)
            assert row is not None
            await acts._accept(uow, row, b"cms", "upload", head)
            raise RuntimeError("the commit did not happen")
    assert signed() == before
    await acts.upload(conclusion_id, b"cms", head)
    assert signed() == before + 1
