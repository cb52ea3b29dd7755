"""What people do to a conclusion: an expert gives the reason, the head (or a deputy) signs or uploads a signature.

Every signature, produced here or uploaded, is verified before it is accepted; the state change is
guarded by the expected state, so two concurrent acts cannot both succeed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from kria_shared.auth import Principal
from kria_shared.clock import Clock, today_moscow
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.errors import Conflict, DomainError, Forbidden, NotFound
from kria_shared.uow import UnitOfWork, UnitOfWorkFactory
from kria_signing.adapters.crypto_port import off_the_loop
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.authority import AuthorisedSigner
from kria_signing.domain.conclusion import Action, ConclusionState, IllegalTransition, apply, require_composed_for
from kria_signing.domain.reason import IneffectiveReason, reason_problem
from kria_signing.metrics import SIGNATURES_MADE, SIGNATURES_REJECTED, SIGNED_CONCLUSIONS, conclusion_reason_label
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases.verification import SignatureChecker

log = logging.getLogger("kria.signing.acts")


class BackendUnavailable(DomainError):
    http_status = 503


# A signingTime ahead of our clock by more than this is refused: a signature cannot be made in the future.
CLOCK_SKEW = timedelta(minutes=5)


def _check(row: ConclusionRow, action: Action) -> ConclusionState:
    try:
        return apply(ConclusionState(row.state), action, row.effective)
    except IllegalTransition as exc:
        raise Conflict("illegal_transition", exc.why, state=str(exc.state),
                       allowed=[str(a) for a in exc.allowed]) from exc


class ConclusionActs:
    def __init__(self, uows: UnitOfWorkFactory, clock: Clock, setup: SigningSetup, checker: SignatureChecker,
                 on_signed: Callable[[], None] = lambda: None) -> None:
        self.uows = uows
        self.clock = clock
        self.setup = setup
        self.checker = checker
        self.on_signed = on_signed

    async def _load(self, uow: UnitOfWork, conclusion_id: str) -> ConclusionRow:
        row = await store.get(uow.session, conclusion_id)
        if row is None:
            raise NotFound("conclusion", conclusion_id)
        return row

    async def set_reason(self, conclusion_id: str, reason: IneffectiveReason, text: str | None) -> None:
        problem = reason_problem(reason, text)
        if problem:
            code, field, message = problem
            raise DomainError(code, message, field=field)
        async with self.uows() as uow:
            row = await self._load(uow, conclusion_id)
            before = row.state
            new_state = _check(row, Action.SET_REASON)
            uow.session.expunge(row)  # the row is rewritten below by a state-guarded update only
            row.reason, row.reason_text, row.reason_source = str(reason), (text or None), "expert"
            # a composed document named the old reason: the signer's next reading composes it afresh
            changed = await store.transition(
                uow.session, conclusion_id, before, state=str(new_state), reason=row.reason,
                reason_text=row.reason_text, reason_source="expert", document=None, document_streebog256=None,
                particulars=None, composed_for=None)
            if not changed:
                raise Conflict("state_changed", "the conclusion changed meanwhile; read it again", state=before)

    def _authorised_caller(self, principal: Principal) -> AuthorisedSigner:
        signer = self.setup.register.find(principal.signer_snils)
        if signer is None or not signer.authorised_on(today_moscow(self.clock)):
            raise Forbidden("not_authorised_signer",
                            "the caller is not the head of the bureau nor a deputy authorised today")
        return signer

    async def sign(self, conclusion_id: str, principal: Principal) -> None:
        """The explicit act of the head or a deputy: signed with the caller's own key, then verified."""
        signer = self._authorised_caller(principal)
        async with self.uows() as uow:
            row = await self._load(uow, conclusion_id)
            _check(row, Action.SIGN)
            require_composed_for(row.composed_for, signer.snils, row.state)
            backend = self.setup.backends.get(signer.snils)
            if backend is None:
                raise Conflict("no_signing_key", "no key of this signer is configured here: upload a detached "
                               "signature made on the signer's workstation", state=row.state,
                               allowed=[str(Action.UPLOAD_SIGNATURE)])
            assert row.document is not None
            try:
                document, signing_time = row.document, self.clock.now()
                cms = await off_the_loop(lambda: backend.sign_detached(document, signing_time=signing_time))
            except Exception as exc:
                log.error("signature backend failed", extra={"backend": str(backend.name)}, exc_info=exc)
                raise BackendUnavailable("signing_backend_failed", "the signature backend failed; retry later "
                                         "or upload a detached signature") from exc
            await self._accept(uow, row, cms, str(backend.name), principal)
        self.on_signed()

    async def upload(self, conclusion_id: str, cms: bytes, principal: Principal) -> None:
        """A detached CMS made elsewhere (e.g. CryptoPro on the head's workstation), verified before acceptance."""
        self._authorised_caller(principal)
        async with self.uows() as uow:
            row = await self._load(uow, conclusion_id)
            _check(row, Action.UPLOAD_SIGNATURE)
            require_composed_for(row.composed_for, principal.signer_snils, row.state)
            await self._accept(uow, row, cms, "upload", principal)
        self.on_signed()

    async def resubmit(self, conclusion_id: str, principal: Principal) -> None:
        """Put a submission_failed conclusion back in the submission queue with its attempts reset.

        The signed bytes are not touched (nothing is re-signed); the job's never-twice guard still holds because
        only a conclusion that was never submitted can be in submission_failed."""
        async with self.uows() as uow:
            row = await self._load(uow, conclusion_id)
            new_state = _check(row, Action.RESUBMIT)
            attempts, error = row.submit_attempts, row.last_submit_error
            moved = await store.transition(
                uow.session, conclusion_id, ConclusionState.SUBMISSION_FAILED, state=str(new_state),
                submit_attempts=0, submit_lease_until=None, last_submit_error=None)
            if not moved:
                raise Conflict("state_changed", "the conclusion was re-queued meanwhile", state=row.state)
        log.warning("conclusion re-queued for submission", extra={
            "conclusion_id": conclusion_id, "who": principal.subject, "attempts_before": attempts,
            "last_error": error})
        self.on_signed()  # wakes the submission job

    async def _accept(self, uow: UnitOfWork, row: ConclusionRow, cms: bytes, source: str,
                      principal: Principal) -> None:
        assert row.document is not None and row.document_streebog256 is not None
        checked = await self.checker.check(row.document, cms, at=self.clock.now())
        if not checked.passed:
            self._reject(source, checked.sub_indication or "FAILED")
            raise DomainError("signature_rejected", f"the signature failed verification: {checked.sub_indication}",
                              report=checked.report)
        signing_time = checked.report.get("signing_time")
        if signing_time and datetime.fromisoformat(signing_time) > self.clock.now() + CLOCK_SKEW:
            self._reject(source, "SIGNING_TIME_IN_FUTURE")
            raise DomainError("signature_rejected", "the signature's signingTime is in the future",
                              report=checked.report)
        if checked.signer_snils != principal.signer_snils:
            self._reject(source, "SIGNER_NOT_CALLER")
            raise Forbidden("signature_not_by_caller", "the signature was made by someone other than the caller",
                            report=checked.report)
        signer = self.setup.register.find(checked.signer_snils)
        signed_at = self.clock.now()
        role = str(signer.role) if signer else "unknown"
        # guarded by the digest too: an expert's new reason meanwhile rewrote the document this signature is not over
        moved = await store.transition(
            uow.session, row.id, ConclusionState.READY_TO_SIGN, document_was=row.document_streebog256,
            state=str(ConclusionState.SIGNED), signature=cms, signature_source=source, signer_role=role,
            signer_snils=checked.signer_snils, signed_at=signed_at)
        if not moved:
            raise Conflict("state_changed", "the conclusion was signed or its reason changed meanwhile; read it "
                           "again", state=row.state)
        uow.emit(ConclusionSigned(conclusion_id=row.id, certificate_id=row.certificate_id, effective=row.effective,
                                  signed_at=signed_at, signer_role=role,
                                  document_streebog256=row.document_streebog256, reason=row.reason),
                 subject=row.certificate_id)
        uow.after_commit(SIGNATURES_MADE.labels(source).inc)  # not if the commit fails
        verdict = "effective" if row.effective else "ineffective"
        uow.after_commit(SIGNED_CONCLUSIONS.labels(verdict, conclusion_reason_label(row.effective, row.reason)).inc)
        log.info("conclusion signed", extra={"conclusion_id": row.id, "source": source, "signer_role": role})

    def _reject(self, source: str, reason: str) -> None:
        SIGNATURES_REJECTED.labels(source, reason).inc()
        log.warning("signature rejected", extra={"source": source, "reason": reason})

