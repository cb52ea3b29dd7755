"""The particulars of a certificate's child that the bureau's conclusion names (issue 16.3).

Personal data never travels in events: the signing service asks for them over HTTP, with the token of the
person composing the conclusion, and keeps them with the document it signs.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.documents.settlement_act import organisation_names
from kria_certificates.domain import snils as snils_rules
from kria_certificates.domain.access import may_read_particulars
from kria_certificates.schemas import ConclusionOrganisationOut, CourseOut, MseActOut, ParticularsOut, PersonOut
from kria_certificates.store import repository as store
from kria_certificates.store.models import CertificateRow
from kria_certificates.usecases import Deps
from kria_shared.auth import Principal
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound


def full_name(last: str, first: str, patronymic: str) -> str:
    return " ".join(part for part in (last, first, patronymic) if part)


async def particulars_of(session: AsyncSession, config: CertificatesConfig,
                         row: CertificateRow) -> ParticularsOut | None:
    child = await store.child(session, row.child_id)
    if child is None:
        return None
    organisation = None
    if row.organisation_id:
        names = await organisation_names(session, config)
        organisation = ConclusionOrganisationOut(organisation_id=row.organisation_id,
                                                 name=names.get(row.organisation_id, ""))
    return ParticularsOut(
        certificate_id=row.id,
        child=PersonOut(snils=snils_rules.printed(child.snils),
                        full_name=full_name(child.last_name, child.first_name, child.patronymic),
                        birth_date=child.birth_date),
        mse_act=MseActOut(number=row.act_number, date=row.decided_on),
        ipra_number=row.ipra_number, organisation=organisation,
        course=CourseOut(start_date=row.start_date, end_date=row.end_date or row.planned_end_date),
    )


async def particulars(deps: Deps, cid: str, principal: Principal) -> ParticularsOut:
    """The particulars for ``principal``; a certificate it may not read is answered as absent (and logged)."""
    async with deps.db.session() as session:
        row = await store.certificate(session, cid)
        if row is None:
            raise NotFound("certificate", cid)
        if not may_read_particulars(principal, row.organisation_id):
            log_personal_data_access(principal, "particulars", cid, allowed=False)
            raise NotFound("certificate", cid)
        found = await particulars_of(session, deps.config, row)
    if found is None:
        raise NotFound("certificate", cid)
    log_personal_data_access(principal, "particulars", cid, allowed=True)
    return found
