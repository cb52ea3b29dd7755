"""What people do to a conclusion: an expert gives the reason, the head (or a deputy) signs or uploads a signature.

Every signature, produced here or uploaded, is verified before it is accepted; the state change is
guarded by the expected state, so two concurrent acts cannot both succeed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kria_shared.auth import Principal
from kria_shared.clock import today_moscow
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.errors import NotFound, Unavailable
from kria_shared.uow import UnitOfWork
from kria_signing.adapters.crypto_port import off_the_loop
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.access import authorised_caller, require_signing_key
from kria_signing.domain.authority import AuthorisedSigner
from kria_signing.domain.conclusion import (
    Action,
    ConclusionState,
    changed_meanwhile,
    require_composed_for,
    require_document,
    transition,
)
from kria_signing.domain.reason import IneffectiveReason, check_reason
from kria_signing.domain.signature_acceptance import SignatureNotByCaller, SignatureRejected, accept
from kria_signing.metrics import SIGNATURES_MADE, SIGNATURES_REJECTED, SIGNED_CONCLUSIONS, conclusion_reason_label
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases import SigningDeps
from kria_signing.usecases.verification import SignatureChecker

log = logging.getLogger("kria.signing.acts")


def _check(row: ConclusionRow, action: Action) -> ConclusionState:
    return transition(ConclusionState(row.state), action, row.effective)


class ConclusionActs:
    def __init__(self, deps: SigningDeps, setup: SigningSetup, checker: SignatureChecker,
                 on_signed: Callable[[], None] = lambda: None) -> None:
        self.uows = deps.uows
        self.clock = deps.clock
        self.setup = setup
        self.checker = checker
        self.on_signed = on_signed

    async def _load(self, uow: UnitOfWork, conclusion_id: str) -> ConclusionRow:
        row = await store.get(uow.session, conclusion_id)
        if row is None:
            raise NotFound("conclusion", conclusion_id)
        return row

    async def set_reason(self, conclusion_id: str, reason: IneffectiveReason, text: str | None) -> None:
        check_reason(reason, text)
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
            changed_meanwhile(changed, before, "the conclusion changed meanwhile; read it again")

    def _authorised_caller(self, principal: Principal) -> AuthorisedSigner:
        return authorised_caller(self.setup.register, principal.signer_snils, today_moscow(self.clock))

    async def sign(self, conclusion_id: str, principal: Principal) -> None:
        """The explicit act of the head or a deputy: signed with the caller's own key, then verified."""
        signer = self._authorised_caller(principal)
        async with self.uows() as uow:
            row = await self._load(uow, conclusion_id)
            _check(row, Action.SIGN)
            require_composed_for(row.composed_for, signer.snils, row.state)
            backend = self.setup.backends.get(signer.snils)
            require_signing_key(backend is not None, row.state)
            assert backend is not None
            document = require_document(row.document, row.state)
            try:
                signing_time = self.clock.now()
                cms = await off_the_loop(lambda: backend.sign_detached(document, signing_time=signing_time))
            except Exception as exc:  # the backend is down, not the caller wrong: 503, the kit's "retry later"
                log.error("signature backend failed", extra={"backend": str(backend.name)}, exc_info=exc)
                raise Unavailable("signing_backend_failed", "the signature backend failed; retry later "
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
            changed_meanwhile(moved, row.state, "the conclusion was re-queued meanwhile")
        log.warning("conclusion re-queued for submission", extra={
            "conclusion_id": conclusion_id, "who": principal.subject, "attempts_before": attempts,
            "last_error": error})
        self.on_signed()  # wakes the submission job

    async def _accept(self, uow: UnitOfWork, row: ConclusionRow, cms: bytes, source: str,
                      principal: Principal) -> None:
        assert row.document is not None and row.document_streebog256 is not None
        checked = await self.checker.check(row.document, cms, at=self.clock.now())
        try:
            signer_snils = accept(checked, principal.signer_snils, self.clock.now())
        except (SignatureRejected, SignatureNotByCaller) as refusal:
            self._reject(source, refusal.counted_as)
            raise
        signer = self.setup.register.find(signer_snils)
        signed_at = self.clock.now()
        role = str(signer.role) if signer else "unknown"
        # guarded by the digest too: an expert's new reason meanwhile rewrote the document this signature is not over
        moved = await store.transition(
            uow.session, row.id, ConclusionState.READY_TO_SIGN, document_was=row.document_streebog256,
            state=str(ConclusionState.SIGNED), signature=cms, signature_source=source, signer_role=role,
            signer_snils=signer_snils, signed_at=signed_at)
        changed_meanwhile(moved, row.state, "the conclusion was signed or its reason changed meanwhile; read it "
                          "again")
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

