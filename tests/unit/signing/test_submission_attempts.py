"""A conclusion the ЕЦП keeps refusing is tried a bounded number of times, then left in submission_failed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from kria_shared.auth import Principal, Role
from kria_shared.clock import AdjustableClock
from kria_shared.envelope import Envelope
from kria_shared.errors import Conflict, NotFound
from kria_shared.metrics import registry
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.adapters.ecp_sinks import Submission, SubmissionRefused
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.authority import SignerRegister
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.handlers import ProtocolHandlers
from kria_signing.schemas import conclusion_detail
from kria_signing.store import conclusions as store
from kria_signing.usecases.conclusion_acts import ConclusionActs
from kria_signing.usecases.drafting import compose
from kria_signing.usecases.submission import Submitter

from .builders import HEAD, VERIFIED, particulars, protocol, signing_deps

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
LEASE = timedelta(seconds=120)


class RefusingSink:
    name = "refusing"

    def __init__(self) -> None:
        self.calls = 0

    async def submit(self, item: Submission) -> str:
        self.calls += 1
        raise SubmissionRefused("HTTP 400 invalid_document")


async def signed_conclusion(uows: UnitOfWorkFactory, clock: AdjustableClock) -> str:
    payload = protocol("p-ecp", "c-ecp")
    envelope = Envelope(event_id=uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                        subject="c-ecp", correlation_id="t", data=payload.model_dump(mode="json"))
    async with uows() as uow:
        handlers = ProtocolHandlers(signing_deps(clock, "1027700000008"), gate=VERIFIED)
        await handlers.on_protocol_submitted(uow, envelope, payload)
        row = await store.by_protocol(uow.session, "p-ecp")
        assert row is not None
        document = compose(row, "1027700000008", particulars(), HEAD)
        await store.transition(uow.session, row.id, ConclusionState.READY_TO_SIGN, state=ConclusionState.SIGNED,
                               document=document, document_streebog256=row.document_streebog256, signature=b"cms",
                               signature_source="upload", signer_role="head", signed_at=NOW)
    return row.id


def gave_up() -> float:
    return registry.get_sample_value("kria_signing_submissions_total", {"sink": "refusing", "outcome": "gave_up"}) or 0


async def test_after_the_allowed_attempts_the_conclusion_is_left_in_submission_failed(
        uows: UnitOfWorkFactory) -> None:
    clock = AdjustableClock(frozen_at=NOW)
    conclusion_id = await signed_conclusion(uows, clock)
    sink = RefusingSink()
    submitter = Submitter(signing_deps(clock, uows=uows), sink, lease_s=LEASE.total_seconds(), max_attempts=3)
    before = gave_up()
    for _ in range(3):
        assert await submitter.run_once() == 0
        assert await submitter.run_once() == 0  # within the lease: not tried again
        clock.advance(LEASE + timedelta(seconds=1))
    assert sink.calls == 3
    async with uows() as uow:
        row = await store.get(uow.session, conclusion_id)
    assert row is not None and row.state == ConclusionState.SUBMISSION_FAILED
    view = conclusion_detail(row).model_dump(mode="json")
    assert view["state"] == "submission_failed" and view["allowed_actions"] == ["resubmit"]
    assert view["submission_attempts"] == {"made": 3, "last_error": "SubmissionRefused: HTTP 400 invalid_document"}
    assert gave_up() == before + 1
    assert registry.get_sample_value("kria_signing_submission_failed_conclusions") == 1

    clock.advance(timedelta(days=1))
    await submitter.run_once()
    assert sink.calls == 3  # never offered to the platform again unless an operator resubmits it


async def test_a_failure_below_the_cap_keeps_the_conclusion_signed_for_the_next_lease(
        uows: UnitOfWorkFactory) -> None:
    clock = AdjustableClock(frozen_at=NOW)
    conclusion_id = await signed_conclusion(uows, clock)
    submitter = Submitter(signing_deps(clock, uows=uows), RefusingSink(), max_attempts=3)
    await submitter.run_once()
    async with uows() as uow:
        row = await store.get(uow.session, conclusion_id)
    assert row is not None and row.state == ConclusionState.SIGNED and row.submit_attempts == 1


class AcceptingSink:
    name = "accepting"

    def __init__(self) -> None:
        self.received: list[str] = []

    async def submit(self, item: Submission) -> str:
        self.received.append(item.conclusion_id)
        return f"ecp-{len(self.received)}"


def acts(uows: UnitOfWorkFactory, clock: AdjustableClock, woken: list[bool]) -> ConclusionActs:
    setup = SigningSetup(trust=None, root_pem=b"", register=SignerRegister("t", "1027700000008", ()))
    return ConclusionActs(signing_deps(clock, uows=uows), setup, None, on_signed=lambda: woken.append(True))  # type: ignore[arg-type]


async def test_an_operator_resubmits_a_failed_conclusion_once_and_it_is_then_submitted(
        uows: UnitOfWorkFactory) -> None:
    clock = AdjustableClock(frozen_at=NOW)
    conclusion_id = await signed_conclusion(uows, clock)
    await Submitter(signing_deps(clock, uows=uows), RefusingSink(), max_attempts=1).run_once()
    woken: list[bool] = []
    operator = Principal(subject="ops-1", roles=frozenset({Role.PLATFORM_OPERATOR}))
    await acts(uows, clock, woken).resubmit(conclusion_id, operator)
    async with uows() as uow:
        row = await store.get(uow.session, conclusion_id)
    assert row is not None and row.state == ConclusionState.SIGNED and woken == [True]
    assert conclusion_detail(row).model_dump(mode="json")["submission_attempts"] == {"made": 0, "last_error": None}
    assert row.signature == b"cms"  # the signed bytes stay as they were: nothing is re-signed

    sink = AcceptingSink()
    submitter = Submitter(signing_deps(clock, uows=uows), sink, max_attempts=1)
    assert await submitter.run_once() == 1  # at once: the lease of the failed attempts does not hold it back
    assert sink.received == [conclusion_id]
    with pytest.raises(Conflict) as refused:
        await acts(uows, clock, woken).resubmit(conclusion_id, operator)
    assert refused.value.details["state"] == "submitted"  # never sent twice
    assert await submitter.run_once() == 0 and sink.received == [conclusion_id]


async def test_only_a_submission_failed_conclusion_can_be_resubmitted(uows: UnitOfWorkFactory) -> None:
    clock = AdjustableClock(frozen_at=NOW)
    conclusion_id = await signed_conclusion(uows, clock)
    operator = Principal(subject="ops-1", roles=frozenset({Role.PLATFORM_OPERATOR}))
    with pytest.raises(Conflict) as refused:
        await acts(uows, clock, []).resubmit(conclusion_id, operator)
    assert refused.value.details == {"state": "signed", "allowed": ["submit"]}
    with pytest.raises(NotFound):
        await acts(uows, clock, []).resubmit("no-such-conclusion", operator)
