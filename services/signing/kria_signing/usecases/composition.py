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
from kria_shared.clock import Clock, today_moscow
from kria_shared.errors import Conflict, Forbidden, NotFound
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.domain.conclusion_document import Particulars
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases.drafting import compose


class ParticularsSource(Protocol):
    async def particulars(self, certificate_id: str, authorization: str) -> Particulars: ...


def authorised_signer(register: SignerRegister, clock: Clock, principal: Principal) -> AuthorisedSigner | None:
    """The register's entry of the caller if the caller may sign today, else None."""
    signer = register.find(principal.signer_snils)
    return signer if signer is not None and signer.authorised_on(today_moscow(clock)) else None


class DocumentComposer:
    def __init__(self, uows: UnitOfWorkFactory, clock: Clock, register: SignerRegister,
                 source: ParticularsSource) -> None:
        self.uows = uows
        self.clock = clock
        self.register = register
        self.source = source

    async def _get(self, conclusion_id: str) -> ConclusionRow:
        async with self.uows() as uow:
            row = await store.get(uow.session, conclusion_id)
        if row is None:
            raise NotFound("conclusion", conclusion_id)
        return row

    async def for_signer(self, conclusion_id: str, principal: Principal, authorization: str) -> ConclusionRow:
        """The conclusion with its document composed for the calling signer (unchanged once signed)."""
        signer = authorised_signer(self.register, self.clock, principal)
        if signer is None:
            raise Forbidden("not_authorised_signer",
                            "the caller is not the head of the bureau nor a deputy authorised today")
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
            if not moved:
                raise Conflict("state_changed", "the conclusion changed meanwhile; read it again", state=row.state)
        return await self._get(conclusion_id)
