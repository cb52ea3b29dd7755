"""Signed conclusions by verdict and final reason: the reason an expert gives or changes after drafting is counted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kria_shared.auth import Principal, Role
from kria_shared.clock import AdjustableClock
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.envelope import Envelope
from kria_shared.errors import Conflict
from kria_shared.metrics import registry
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole
from kria_signing.domain.reason import IneffectiveReason
from kria_signing.domain.signature_acceptance import CheckedSignature
from kria_signing.handlers import ProtocolHandlers
from kria_signing.store import conclusions as store
from kria_signing.usecases.composition import DocumentComposer
from kria_signing.usecases.conclusion_acts import ConclusionActs
from kria_signing.usecases.drafting import conclusion_id_for

from .builders import VERIFIED, Certificates, ineffective_figures, protocol, signing_deps

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HEAD = "11223344595"
OGRN = "1027700000008"
HEAD_PRINCIPAL = Principal(subject="head", roles=frozenset({Role.MSE_HEAD}), signer_snils=HEAD)


def signed(verdict: str, reason: str) -> float | None:
    return registry.get_sample_value("kria_signing_signed_conclusions_total", {"verdict": verdict, "reason": reason})


def drafted(verdict: str, reason: str) -> float:
    return registry.get_sample_value("kria_signing_conclusions_total", {"verdict": verdict, "reason": reason}) or 0.0


class _Passing:
    async def check(self, content: bytes, cms: bytes, *, at: datetime | None = None) -> CheckedSignature:
        return CheckedSignature(True, None, HEAD, NOW, {"signing_time": NOW.isoformat()})


REGISTER = SignerRegister("t", OGRN, (AuthorisedSigner("Head", HEAD, SignerRole.HEAD),))


async def opened_by_head(uows: UnitOfWorkFactory, cid: str) -> None:
    """The head opens the conclusion to sign it: its document is composed in the head's name."""
    composer = DocumentComposer(signing_deps(AdjustableClock(frozen_at=NOW), uows=uows), REGISTER, Certificates())
    await composer.for_signer(
        cid, HEAD_PRINCIPAL, "Bearer head")


def acts(uows: UnitOfWorkFactory) -> ConclusionActs:
    register = REGISTER
    setup = SigningSetup(trust=None, root_pem=b"", register=register)
    return ConclusionActs(signing_deps(AdjustableClock(frozen_at=NOW), uows=uows), setup, _Passing())  # type: ignore[arg-type]


async def draft(uows: UnitOfWorkFactory, payload: ProtocolSubmitted) -> str:
    env = Envelope(event_id=uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                   subject=payload.certificate_id, correlation_id="test", data=payload.model_dump(mode="json"))
    async with uows() as uow:
        await ProtocolHandlers(signing_deps(AdjustableClock(frozen_at=NOW), OGRN), gate=VERIFIED) \
            .on_protocol_submitted(uow, env, payload)
    return conclusion_id_for(payload.protocol_id)


def test_every_signed_series_exists_at_zero_from_start_up() -> None:
    assert signed("effective", "none") is not None
    for reason in IneffectiveReason:
        assert signed("ineffective", str(reason)) is not None, reason
    assert signed("ineffective", "awaiting_expert") is None  # never signed without a reason


async def test_the_experts_late_reason_is_counted_at_signing(uows: UnitOfWorkFactory) -> None:
    health_before = signed("ineffective", "child_health") or 0.0
    awaiting_before = drafted("ineffective", "awaiting_expert")
    cid = await draft(uows, protocol("p-late", "c-late",
                                     figures=ineffective_figures({"family_refused_activities": 10,
                                                                  "child_health": 10})))
    assert drafted("ineffective", "awaiting_expert") == awaiting_before + 1
    await acts(uows).set_reason(cid, IneffectiveReason.CHILD_HEALTH, None)
    assert signed("ineffective", "child_health") == health_before  # a reason alone is not a signed conclusion
    await opened_by_head(uows, cid)
    await acts(uows).upload(cid, b"cms", HEAD_PRINCIPAL)
    assert signed("ineffective", "child_health") == health_before + 1


async def test_a_changed_prefilled_reason_counts_under_the_final_one(uows: UnitOfWorkFactory) -> None:
    family_before = signed("ineffective", "family_refused_activities") or 0.0
    organisation_before = signed("ineffective", "organisation_failure") or 0.0
    cid = await draft(uows, protocol("p-changed", "c-changed",
                                     figures=ineffective_figures({"family_refused_activities": 30, "child_health": 2})))
    await acts(uows).set_reason(cid, IneffectiveReason.ORGANISATION_FAILURE, None)
    await opened_by_head(uows, cid)
    await acts(uows).upload(cid, b"cms", HEAD_PRINCIPAL)
    assert signed("ineffective", "organisation_failure") == organisation_before + 1
    assert signed("ineffective", "family_refused_activities") == family_before


async def test_an_effective_conclusion_counts_once_and_a_refused_second_signature_not_at_all(
        uows: UnitOfWorkFactory) -> None:
    before = signed("effective", "none") or 0.0
    cid = await draft(uows, protocol("p-effective", "c-effective"))
    await opened_by_head(uows, cid)
    await acts(uows).upload(cid, b"cms", HEAD_PRINCIPAL)
    with pytest.raises(Conflict):
        await acts(uows).upload(cid, b"cms", HEAD_PRINCIPAL)
    assert signed("effective", "none") == before + 1


async def test_a_signature_over_a_document_rewritten_meanwhile_is_refused(uows: UnitOfWorkFactory) -> None:
    # The head loaded the draft with one reason; the expert changed it before the signature was stored.
    cid = await draft(uows, protocol("p-race", "c-race",
                                     figures=ineffective_figures({"family_refused_activities": 30, "child_health": 2})))
    await opened_by_head(uows, cid)
    async with uows() as uow:
        stale = await store.get(uow.session, cid)
        assert stale is not None
        uow.session.expunge(stale)
    await acts(uows).set_reason(cid, IneffectiveReason.CHILD_HEALTH, None)
    before = signed("ineffective", "family_refused_activities") or 0.0
    with pytest.raises(Conflict, match="reason changed"):
        async with uows() as uow:
            await acts(uows)._accept(uow, stale, b"cms", "upload", HEAD_PRINCIPAL)
    async with uows() as uow:
        row = await store.get(uow.session, cid)
        assert row is not None and row.state == "ready_to_sign" and row.signature is None
    assert signed("ineffective", "family_refused_activities") == before
