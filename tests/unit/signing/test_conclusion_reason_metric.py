"""The pilot dashboard's "ineffective by reason": drafted conclusions counted by verdict and reason code."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from kria_shared.clock import AdjustableClock
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.envelope import Envelope
from kria_shared.metrics import registry
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.config.loader import load_methodology
from kria_signing.domain.reason import IneffectiveReason
from kria_signing.handlers import ProtocolHandlers

from .builders import VERIFIED, ineffective_figures, protocol

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def count(verdict: str, reason: str) -> float | None:
    return registry.get_sample_value("kria_signing_conclusions_total", {"verdict": verdict, "reason": reason})


async def draft(uows: UnitOfWorkFactory, payload: ProtocolSubmitted) -> None:
    env = Envelope(event_id=uuid.uuid4(), type="ProtocolSubmitted", source="kria/assessment",
                   subject=payload.certificate_id, correlation_id="test", data=payload.model_dump(mode="json"))
    async with uows() as uow:
        await ProtocolHandlers(load_methodology(), AdjustableClock(frozen_at=NOW), gate=VERIFIED) \
            .on_protocol_submitted(uow, env, payload)


def test_every_reason_series_exists_at_zero_from_start_up() -> None:
    # Without these series the dashboard panel has no data (and increase() misses the first conclusion).
    assert count("effective", "none") is not None
    for reason in [*IneffectiveReason, "awaiting_expert"]:
        assert count("ineffective", str(reason)) is not None, reason


async def test_a_prefilled_reason_is_the_label_and_an_effective_one_is_none(uows: UnitOfWorkFactory) -> None:
    family, awaiting, effective = (count("ineffective", "family_refused_activities"),
                                   count("ineffective", "awaiting_expert"), count("effective", "none"))
    assert family is not None and awaiting is not None and effective is not None
    await draft(uows, protocol("p-family", "c-family",
                               figures=ineffective_figures({"family_refused_activities": 30, "child_health": 2})))
    await draft(uows, protocol("p-mixed", "c-mixed",
                               figures=ineffective_figures({"family_refused_activities": 10, "child_health": 10})))
    await draft(uows, protocol("p-fine", "c-fine"))
    assert count("ineffective", "family_refused_activities") == family + 1
    assert count("ineffective", "awaiting_expert") == awaiting + 1  # no dominant reason: the expert gives it
    assert count("effective", "none") == effective + 1
