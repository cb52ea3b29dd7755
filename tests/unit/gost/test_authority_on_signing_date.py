"""The signer's authority is judged on the Moscow day of the signature, not on the day it is verified."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kria_shared.clock import AdjustableClock
from kria_signing.adapters.crypto_port import real_crypto
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole
from kria_signing.usecases.verification import SignatureChecker

from .pki import BUREAU_OGRN, CONTENT, NOW, MemoryPki

LATER = NOW + timedelta(days=200)  # verified long after signing (inside the certificates' and CRLs' validity)


def checker(pki: MemoryPki, deputy_from: date | None, deputy_until: date | None) -> SignatureChecker:
    snils = pki.profile("deputy").person.snils
    assert snils is not None
    deputy = AuthorisedSigner("Deputy", snils, SignerRole.DEPUTY, deputy_from, deputy_until)
    setup = SigningSetup(trust=pki.trust(), root_pem=b"", register=SignerRegister("t", BUREAU_OGRN, (deputy,)))
    return SignatureChecker(real_crypto(), setup, AdjustableClock(frozen_at=LATER))


@pytest.mark.parametrize(("deputy_from", "deputy_until", "signed_at", "passes"), [
    (None, NOW.date(), NOW, True),  # authority ended after the signature: still valid
    (NOW.date() + timedelta(days=1), None, NOW, False),  # authority began after the signature
    # 21:30 UTC on the 1st is 00:30 on the 2nd in Moscow: the Moscow day counts
    (NOW.date(), None, datetime(2026, 3, 1, 21, 30, tzinfo=NOW.tzinfo), True),
    (None, date(2026, 3, 1), datetime(2026, 3, 1, 21, 30, tzinfo=NOW.tzinfo), False),
])
async def test_authority_on_the_signing_day(pki: MemoryPki, deputy_from: date | None, deputy_until: date | None,
                                            signed_at: datetime, passes: bool) -> None:
    cms = pki.sign(pki.deputy, at=signed_at)
    checked = await checker(pki, deputy_from, deputy_until).check(CONTENT, cms, at=LATER)
    assert checked.passed is passes, checked.report
    if not passes:
        assert (checked.sub_indication, checked.report["failing_check"]) == ("SIGNER_NOT_AUTHORISED",
                                                                          "authorised_signer")
