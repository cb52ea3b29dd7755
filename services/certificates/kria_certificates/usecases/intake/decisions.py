"""Take one MSE decision: validate, check eligibility, issue or refuse; always record and answer an outcome.

A decision already taken (same protocol number and SNILS) is answered with its first outcome and
changes nothing: resending a decision or importing the same file twice issues nothing new.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import asdict, astuple, dataclass

from kria_certificates import metrics
from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.domain import snils as snils_rules
from kria_certificates.domain.access import Actor
from kria_certificates.domain.dates import age_in_full_years
from kria_certificates.domain.decision import Decision, Invalid, RawDecision, parse
from kria_certificates.domain.eligibility import certificate_valid_until, refusal
from kria_certificates.domain.face_values import FaceValues, NoFaceValue
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.municipality import from_address
from kria_certificates.domain.outcomes import HoldCode, Outcome, RefusalCode
from kria_certificates.domain.pilot import PilotStatus
from kria_certificates.store import repository as store
from kria_certificates.store.models import (
    CertificateRow,
    ChildRow,
    DecisionRow,
    HeldDecisionRow,
    HistoryRow,
    MseFormRow,
)
from kria_certificates.usecases import Deps
from kria_certificates.usecases.intake.conflicts import retry_on_conflict
from kria_shared.clock import Clock
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import ServiceForm
from kria_shared.uow import UnitOfWork

log = logging.getLogger("kria.certificates.intake")


@dataclass(frozen=True)
class DecisionResult:
    decision_id: str
    outcome: Outcome
    code: str | None
    snils_masked: str
    certificate_id: str | None = None
    field: str | None = None
    reason: str | None = None
    replayed: bool = False


def decision_key(d: Decision) -> str:
    """A valid decision is identified by its protocol number and the child's SNILS."""
    return hashlib.sha256(f"{d.protocol_number}|{d.snils}".encode()).hexdigest()


def raw_key(raw: RawDecision, problem: Invalid | None = None) -> str:
    """An invalid decision is identified by its exact content (a corrected resend is a new decision)."""
    content = repr(astuple(raw)) if problem is None else repr((astuple(raw), problem))
    return "raw:" + hashlib.sha256(content.encode()).hexdigest()


class DecisionIntake:
    def __init__(self, config: CertificatesConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock

    async def take(self, uow: UnitOfWork, raw: RawDecision, *, channel: str, actor: Actor,
                   problem: Invalid | None = None, form_columns: dict[str, str] | None = None) -> DecisionResult:
        """``problem``: the decision is already known to be invalid (an export record that could not be read).

        ``form_columns``: the export's columns the MSE documents print, kept with an issued certificate.
        """
        municipality = (raw.municipality or "").strip() or from_address(raw.address or "")
        parsed = problem or parse(raw, self.config.catalogue, municipality)
        masked = snils_rules.masked(raw.snils or "")
        key = raw_key(raw, problem) if isinstance(parsed, Invalid) else decision_key(parsed)
        earlier = await store.decision_by_key(uow.session, key)
        if earlier is not None:
            return DecisionResult(earlier.id, Outcome(earlier.outcome), earlier.code, masked,
                                  earlier.certificate_id, earlier.field, replayed=True)
        if isinstance(parsed, Invalid):
            return self._record(uow, channel, masked, Outcome.INVALID, parsed.code.value, region="", key=key,
                                field=parsed.field, reason=parsed.reason)
        if self.config.pilot.status(parsed.region, parsed.decided_on.year) is PilotStatus.NOT_CONFIGURED:
            return self._hold(uow, raw, parsed, channel, masked, key, actor)
        return await self._decide(uow, parsed, channel, masked, key, actor, form_columns=form_columns)

    async def retake(self, uow: UnitOfWork, held: HeldDecisionRow, actor: Actor) -> DecisionResult | None:
        """Decide a held decision once its year's list is configured (None: still not configured)."""
        decision = await uow.session.get(DecisionRow, held.decision_id)
        raw = RawDecision(**held.raw)
        municipality = (raw.municipality or "").strip() or from_address(raw.address or "")
        parsed = parse(raw, self.config.catalogue, municipality)
        if decision is None or isinstance(parsed, Invalid):  # valid when held; the catalogue may have changed
            problem = parsed if isinstance(parsed, Invalid) else None
            log.error("held decision %s cannot be taken up: %s", held.decision_id,
                      problem.code.value if problem else "its decision row is missing")
            return None
        if self.config.pilot.status(parsed.region, parsed.decided_on.year) is PilotStatus.NOT_CONFIGURED:
            return None
        await uow.session.delete(held)
        return await self._decide(uow, parsed, decision.channel, decision.snils_masked, decision.key, actor,
                                  existing=decision)

    def _hold(self, uow: UnitOfWork, raw: RawDecision, d: Decision, channel: str, masked: str, key: str,
              actor: Actor) -> DecisionResult:
        year = d.decided_on.year
        result = self._record(uow, channel, masked, Outcome.HELD, HoldCode.PILOT_REGIONS_NOT_CONFIGURED.value,
                              region=d.region, key=key, field="decided_on",
                              reason=f"no pilot region list is configured for {year}: the decision is kept and "
                                     "taken up once the list is configured")
        uow.session.add(HeldDecisionRow(decision_id=result.decision_id, year=year, region=d.region, raw=asdict(raw),
                                        actor=actor.label, held_at=self.clock.now()))
        log.warning("MSE decision held: no pilot region list configured for year %s (region %s, config %s); "
                    "add the year to pilot_regions.yaml", year, d.region, self.config.pilot.version)
        return result

    async def _decide(self, uow: UnitOfWork, parsed: Decision, channel: str, masked: str, key: str | None,
                      actor: Actor, existing: DecisionRow | None = None,
                      form_columns: dict[str, str] | None = None) -> DecisionResult:
        child = await store.child_by_snils(uow.session, parsed.snils)
        active = child is not None and await store.has_active_certificate(uow.session, child.child_id)
        used_before = child is not None and not active and await store.has_any_certificate(uow.session, child.child_id)
        values = self._face_values(parsed)
        refused = refusal(parsed, self.config.eligibility, self.config.pilot, has_active_certificate=active,
                          face_value_known=values is not None, has_earlier_certificate=used_before)
        if refused is not None or values is None:  # values is None only with the refusal no_face_value
            code = (refused or RefusalCode.NO_FACE_VALUE).value
            return self._record(uow, channel, masked, Outcome.REFUSED, code, region=parsed.region, key=key,
                                existing=existing)
        child = child or self._new_child(uow, parsed)
        cid = f"cert-{uuid.uuid4().hex[:20]}"
        result = self._record(uow, channel, masked, Outcome.ISSUED, None, region=parsed.region, key=key, cid=cid,
                              existing=existing)
        self._issue(uow, parsed, child, cid, result.decision_id, values, actor)
        if form_columns:
            uow.session.add(MseFormRow(certificate_id=cid, columns=dict(form_columns)))
        return result

    def _face_values(self, d: Decision) -> FaceValues | None:
        try:
            return self.config.face_values.lookup(d.region, d.decided_on.year)
        except NoFaceValue:
            return None

    def _new_child(self, uow: UnitOfWork, d: Decision) -> ChildRow:
        child = ChildRow(child_id=f"child-{uuid.uuid4().hex[:20]}", snils=d.snils, last_name=d.last_name,
                         first_name=d.first_name, patronymic=d.patronymic, birth_date=d.birth_date, sex=d.sex,
                         representative=d.representative)
        uow.session.add(child)
        return child

    def _issue(self, uow: UnitOfWork, d: Decision, child: ChildRow, cid: str, decision_id: str,
               values: FaceValues, actor: Actor) -> None:
        now = self.clock.now()
        face = {form.value: v for form, v in values.kopecks.items()}
        valid_until = certificate_valid_until(d, self.config.eligibility)
        row = CertificateRow(
            id=cid, child_id=child.child_id, decision_id=decision_id, protocol_number=d.protocol_number,
            act_number=d.act_number, ipra_number=d.ipra_number, region=d.region, municipality=d.municipality,
            main_group=d.main_group, additional_groups=list(d.additional_groups), decided_on=d.decided_on,
            disability_established_on=d.disability_established_on, mse_limitations=dict(d.limitations),
            valid_until=valid_until, face_values=face,
            face_values_assumed=values.assumed, value_table_version=self.config.face_values.version,
            rules_version=self.config.eligibility.version, state=State.ISSUED.value, state_since=now,
        )
        uow.session.add(row)
        envelope = uow.emit(ev.CertificateIssued(
            certificate_id=cid, child_id=child.child_id, region=d.region, municipality=d.municipality,
            target_groups=ev.TargetGroups(main=d.main_group, additional=list(d.additional_groups)),
            age_years=age_in_full_years(d.birth_date, d.decided_on), decided_on=d.decided_on,
            disability_established_on=d.disability_established_on, valid_until=valid_until,
            face_values_kopecks={ServiceForm(f): v for f, v in face.items()},
            value_table_version=self.config.face_values.version, mse_limitations=dict(d.limitations) or None,
        ), subject=cid)
        uow.session.add(HistoryRow(certificate_id=cid, at=now, actor=actor.label, command="issue", from_state=None,
                                   to_state=State.ISSUED.value, event=envelope.type, event_id=str(envelope.event_id)))
        metrics.after_commit(uow, lambda: metrics.count_face_value(d.region, face))

    def _record(self, uow: UnitOfWork, channel: str, masked: str, outcome: Outcome, code: str | None, *,
                region: str, key: str | None = None, cid: str | None = None, field: str | None = None,
                reason: str | None = None, existing: DecisionRow | None = None) -> DecisionResult:
        """Record the outcome: a new decision row, or the held one (``existing``) now decided."""
        if existing is None:
            decision_id = f"dec-{uuid.uuid4().hex[:20]}"
            uow.session.add(DecisionRow(id=decision_id, key=key, channel=channel, received_at=self.clock.now(),
                                        region=region, snils_masked=masked, outcome=outcome.value, code=code,
                                        field=field, certificate_id=cid))
        else:
            decision_id = existing.id
            existing.outcome, existing.code, existing.field, existing.certificate_id = outcome.value, code, field, cid
        if outcome in (Outcome.REFUSED, Outcome.INVALID):
            refused = ev.DecisionRefused.model_validate(
                {"decision_id": decision_id, "region": region, "outcome": outcome.value, "code": code or ""})
            uow.emit(refused, subject=decision_id)
        metrics.after_commit(uow, lambda: metrics.DECISIONS.labels(channel, outcome.value, code or "").inc())
        return DecisionResult(decision_id, outcome, code, masked, cid, field, reason)


async def take_one(deps: Deps, raw: RawDecision, *, channel: str, actor: Actor) -> DecisionResult:
    """One decision in its own unit of work, taken again if it lost a race with a concurrent one."""
    intake = DecisionIntake(deps.config, deps.clock)

    async def attempt() -> DecisionResult:
        async with deps.uows() as uow:
            return await intake.take(uow, raw, channel=channel, actor=actor)

    return await retry_on_conflict(attempt)
