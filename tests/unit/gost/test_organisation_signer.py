"""The development PKI issues organisation heads' certificates: the organisation's id in organizationIdentifier,
checked by `verify_detached(organisation_id=...)` against the organisation a document belongs to."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from asn1crypto import x509

from kria_gost import (
    DevPki,
    init_dev_pki,
    issue_organisation_signer,
    load_soft_backend,
    organisation_backend,
    verify_detached,
)
from kria_gost.qualified import qualified_problems, signer_identity
from kria_gost.trust import der

from .pki import CONTENT, NOW


@pytest.fixture(scope="module")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    return init_dev_pki(tmp_path_factory.mktemp("org-pki"), now=NOW)


async def test_the_head_of_the_named_organisation_passes(dev_pki: DevPki) -> None:
    cms = organisation_backend(dev_pki, "org-7", now=NOW).sign_detached_sync(CONTENT, signing_time=NOW)
    report = await verify_detached(CONTENT, cms, dev_pki.trust(), organisation_id="org-7", at=NOW)
    assert report.passed(), report
    assert report.checks["organisation"] is True
    assert report.signer is not None and report.signer.organisation_id == "org-7"


async def test_another_organisations_head_is_refused(dev_pki: DevPki) -> None:
    cms = organisation_backend(dev_pki, "org-8", now=NOW).sign_detached_sync(CONTENT, signing_time=NOW)
    report = await verify_detached(CONTENT, cms, dev_pki.trust(), organisation_id="org-7", at=NOW)
    assert (report.indication, report.sub_indication, report.failing_check) == (
        "FAILED", "SIGNER_NOT_AUTHORISED", "organisation")


async def test_a_bureau_certificate_names_no_organisation_and_is_refused(dev_pki: DevPki) -> None:
    head = load_soft_backend(dev_pki.head.keystore, dev_pki.head.password, [dev_pki.head.cert,
                                                                            dev_pki.intermediate_cert])
    cms = await head.sign_detached(CONTENT, signing_time=NOW)
    report = await verify_detached(CONTENT, cms, dev_pki.trust(), organisation_id="org-7", at=NOW)
    assert report.failing_check == "organisation"


def test_the_certificate_has_the_qualified_profile_and_is_reused(dev_pki: DevPki) -> None:
    first = issue_organisation_signer(dev_pki.directory, "org-9", now=NOW)
    again = issue_organisation_signer(dev_pki.directory, "org-9", now=NOW + timedelta(days=10))
    assert again.cert.read_bytes() == first.cert.read_bytes()
    certificate = x509.Certificate.load(der(first.cert.read_bytes()))
    assert qualified_problems(certificate) == []  # valid OGRN, ИНН ЮЛ and SNILS check digits, sign tools
    assert signer_identity(certificate).organisation_id == "org-9"


def test_reissued_when_it_nears_its_end_or_the_pki_was_renewed(tmp_path: Path) -> None:
    pki = init_dev_pki(tmp_path, now=NOW)
    first = issue_organisation_signer(pki.directory, "org-1", now=NOW).cert.read_bytes()
    late = issue_organisation_signer(pki.directory, "org-1", now=NOW + timedelta(days=365)).cert.read_bytes()
    assert late != first
    init_dev_pki(tmp_path, now=NOW)  # a new intermediate CA
    renewed = issue_organisation_signer(pki.directory, "org-1", now=NOW).cert.read_bytes()
    assert renewed != late


async def test_heads_signing_their_first_protocols_at_once_each_open_their_keystore(tmp_path: Path) -> None:
    """Eight threads ask for one organisation's signer at the same instant (the demo's heads sign concurrently):
    every one opens the keystore (before the lock, one wrote it with its password and another read it with its
    own: "wrong password or damaged file"), and every signature verifies."""
    pki = init_dev_pki(tmp_path / "pki", now=NOW)
    with ThreadPoolExecutor(max_workers=8) as pool:
        backends = list(pool.map(lambda _: organisation_backend(pki, "org-race", now=NOW), range(8)))
    for backend in backends:
        cms = backend.sign_detached_sync(CONTENT, signing_time=NOW)
        assert (await verify_detached(CONTENT, cms, pki.trust(), organisation_id="org-race", at=NOW)).passed()
