"""Composing the conclusion document for the person who signs it (issue 16.3).

The v2 document names the child (SNILS, name, birth date), the MSE act and IPRA, and the signer. None of it can
be known when the protocol's event is drafted: personal data does not travel in events, and the signer is the
person who opens the conclusion to sign it. So the document is composed at that person's act (reading the
document to sign it, or the explicit sign), with the particulars read from the certificates service under that
person's token. If certificates does not answer, nothing is written (503).

A composed document is kept as long as the same signer comes back; another authorised signer opening it gets
it recomposed in their name (unsigned, so nothing is lost), and a signature over the earlier bytes is then
refused by the digest guard of the acceptance.
"""

from __future__ import annotations

from typing import Protocol

from kria_shared.auth import Principal
from kria_shared.clock import today_moscow
from kria_shared.errors import NotFound
from kria_signing.domain.access import authorised_caller
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister
from kria_signing.domain.conclusion import ConclusionState, changed_meanwhile
from kria_signing.domain.conclusion_document import Particulars
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases import SigningDeps
from kria_signing.usecases.drafting import compose


class ParticularsSource(Protocol):
    async def particulars(self, certificate_id: str, authorization: str) -> Particulars: ...


class DocumentComposer:
    def __init__(self, deps: SigningDeps, register: SignerRegister, source: ParticularsSource) -> None:
        """``register``: the signers as started (the configured ones plus the dev PKI's, see adapters.pki_setup)."""
        self.uows = deps.uows
        self.clock = deps.clock
        self.register = register
        self.source = source

    def signs_today(self, principal: Principal) -> bool:
        """Whether the caller may sign today: their reading of a document to sign composes it in their name."""
        signer = self.register.find(principal.signer_snils)
        return signer is not None and signer.authorised_on(today_moscow(self.clock))

    def _signer(self, principal: Principal) -> AuthorisedSigner:
        return authorised_caller(self.register, principal.signer_snils, today_moscow(self.clock))

    async def _get(self, conclusion_id: str) -> ConclusionRow:
        async with self.uows() as uow:
            row = await store.get(uow.session, conclusion_id)
        if row is None:
            raise NotFound("conclusion", conclusion_id)
        return row

    async def for_signer(self, conclusion_id: str, principal: Principal, authorization: str) -> ConclusionRow:
        """The conclusion with its document composed for the calling signer (unchanged once signed)."""
        signer = self._signer(principal)
        row = await self._get(conclusion_id)
        if row.state != ConclusionState.READY_TO_SIGN or (row.document is not None
                                                           and row.composed_for == signer.snils):
            return row
        # read before any transaction is open: the database is not held while certificates answers
        particulars = await self.source.particulars(row.certificate_id, authorization)
        seen_digest, seen_reason = row.document_streebog256, row.reason
        content = compose(row, self.register.bureau_ogrn, particulars, signer)
        async with self.uows() as uow:
            # guarded by what was read: a reason given or a document composed meanwhile is not overwritten
            moved = await store.set_document(
                uow.session, row.id, document_was=seen_digest, reason_was=seen_reason, document=content,
                document_streebog256=row.document_streebog256, particulars=row.particulars,
                composed_for=row.composed_for)
            changed_meanwhile(moved, row.state, "the conclusion changed meanwhile; read it again")
        return await self._get(conclusion_id)
