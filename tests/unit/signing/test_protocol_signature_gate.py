"""Signing drafts a protocol only when the organisation's head signed exactly its document (real GOST crypto,
a real dev PKI, the SQLite store; no broker): each refusal is stored, announced and counted with its reason."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime

import pytest
import rfc8785
from sqlmodel import select

from kria_gost import DevPki, init_dev_pki, load_soft_backend, organisation_backend
from kria_shared.clock import AdjustableClock
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.envelope import Envelope
from kria_shared.metrics import registry
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.adapters.crypto_port import real_crypto
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.config.loader import load_methodology
from kria_signing.domain.authority import SignerRegister
from kria_signing.handlers import ProtocolHandlers
from kria_signing.store import conclusions as store
from kria_signing.usecases.protocol_gate import OrganisationSignatureGate

from .builders import protocol

NOW = datetime.now(UTC).replace(microsecond=0)
OGRN = "1027700000008"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    return init_dev_pki(tmp_path_factory.mktemp("gate-pki"), now=NOW)


def signed(payload: ProtocolSubmitted, pki: DevPki, *, by: str | None = None,
           change_after: bytes | None = None) -> ProtocolSubmitted:
    """The payload with a document naming it, signed by `by`'s head (default: its own organisation's)."""
    document = rfc8785.dumps({"kind": "kria.assessment.protocol/1", "protocol_id": payload.protocol_id,
                              "certificate_id": payload.certificate_id, "organisation_id": payload.organisation_id,
                              "notes": None})
    cms = organisation_backend(pki, by or payload.organisation_id, now=NOW).sign_detached_sync(
        document, signing_time=NOW)
    sent = change_after or document
    return payload.model_copy(update={"protocol_document": sent.decode(),
                                      "protocol_sha256": hashlib.sha256(sent).hexdigest(),
                                      "organisation_signature": base64.b64encode(cms).decode()})


def refused(reason: str) -> float:
    return registry.get_sample_value("kria_signing_protocols_refused_total", {"reason": reason}) or 0.0


async def deliver(uows: UnitOfWorkFactory, pki: DevPki, payload: ProtocolSubmitted) -> str:
    setup = SigningSetup(trust=pki.trust(), root_pem=b"", register=SignerRegister("test", OGRN, ()))
    clock = AdjustableClock(frozen_at=NOW)
    handlers = ProtocolHandlers(load_methodology(), clock,
                                gate=OrganisationSignatureGate(real_crypto(), setup, clock))
    env = Envelope(event_id=uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                   subject=payload.certificate_id, correlation_id="test", data=payload.model_dump(mode="json"))
    async with uows() as uow:
        await handlers.on_protocol_submitted(uow, env, payload)
    async with uows() as uow:
        types = (await uow.session.exec(select(OutboxRecord.type))).all()  # type: ignore[call-overload]
    return ",".join(types)


async def refusal_of(uows: UnitOfWorkFactory, protocol_id: str) -> tuple[bool, list[str]]:
    async with uows() as uow:
        drafted = await store.by_protocol(uow.session, protocol_id) is not None
        return drafted, [r.reason for r in await store.refusals_of(uow.session, protocol_id)]


async def test_a_protocol_signed_by_its_organisations_head_is_drafted(uows: UnitOfWorkFactory, pki: DevPki) -> None:
    assert await deliver(uows, pki, signed(protocol("p-ok"), pki)) == "ConclusionDrafted"
    assert await refusal_of(uows, "p-ok") == (True, [])


@pytest.mark.parametrize(("case", "reason"), [
    ("unsigned", "protocol_unsigned"),
    ("other_organisation", "protocol_signer_other_organisation"),
    ("bytes_changed", "protocol_signature_invalid"),
    ("sha_of_other_bytes", "protocol_document_mismatch"),
    ("bureau_certificate", "protocol_signer_other_organisation"),
])
async def test_a_protocol_not_signed_right_is_refused_with_its_reason(
        uows: UnitOfWorkFactory, pki: DevPki, case: str, reason: str) -> None:
    payload = protocol(f"p-{case}")
    if case == "unsigned":
        sent = payload
    elif case == "other_organisation":
        sent = signed(payload, pki, by="org-2")
    elif case == "bytes_changed":  # the document edited after signing (its sha256 updated to match)
        sent = signed(payload, pki, change_after=rfc8785.dumps({
            "kind": "kria.assessment.protocol/1", "protocol_id": payload.protocol_id,
            "certificate_id": payload.certificate_id, "organisation_id": payload.organisation_id, "notes": "x"}))
    elif case == "sha_of_other_bytes":
        sent = signed(payload, pki).model_copy(update={"protocol_sha256": "ab" * 32})
    else:  # the MSE bureau head's certificate names no organisation
        head = load_soft_backend(pki.head.keystore, pki.head.password, [pki.head.cert, pki.intermediate_cert])
        good = signed(payload, pki)
        assert good.protocol_document is not None
        cms = await head.sign_detached(good.protocol_document.encode(), signing_time=NOW)
        sent = good.model_copy(update={"organisation_signature": base64.b64encode(cms).decode()})
    before = refused(reason)
    assert await deliver(uows, pki, sent) == "ProtocolRefused"
    assert await refusal_of(uows, payload.protocol_id) == (False, [reason])
    assert refused(reason) == before + 1


async def test_a_refused_protocol_signed_again_is_drafted(uows: UnitOfWorkFactory, pki: DevPki) -> None:
    payload = protocol("p-again")
    await deliver(uows, pki, payload)
    assert await deliver(uows, pki, signed(payload, pki)) == "ProtocolRefused,ConclusionDrafted"
    assert await refusal_of(uows, "p-again") == (True, ["protocol_unsigned"])
