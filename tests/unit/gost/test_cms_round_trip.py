"""A signature made by the software backend verifies, carries the CAdES-BES shape and names its signer."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta

from asn1crypto import cms

from kria_gost import SignatureBackend, verify_detached
from kria_gost.gost import STREEBOG_256, streebog

from .pki import BUREAU_OGRN, CONTENT, NOW, MemoryPki

ALL_CHECKS = [
    "content", "format", "signer_certificate", "algorithms", "signing_certificate_v2", "message_digest",
    "signature", "validity", "trust_anchor", "chain_validity", "revocation", "key_usage", "qualified_fields",
    "authorised_signer", "bureau",
]


async def test_a_signature_by_the_head_passes_every_check(pki: MemoryPki) -> None:
    backend = pki.backend(pki.head)
    assert isinstance(backend, SignatureBackend) and backend.name == "soft-gost" and not backend.is_qualified
    cms_der = await backend.sign_detached(CONTENT, signing_time=NOW + timedelta(microseconds=987))

    report = await verify_detached(CONTENT, cms_der, pki.trust(), authorised_snils={"11223344595"},
                                   bureau_ogrn=BUREAU_OGRN)

    assert report.passed() and report.indication == "PASSED"
    assert (report.sub_indication, report.failing_check) == (None, None)
    assert list(report.checks) == ALL_CHECKS and all(report.checks.values())
    assert report.signing_time == NOW  # second precision, UTC
    signer = report.signer
    assert signer is not None
    assert (signer.common_name, signer.snils, signer.ogrn, signer.inn) == (
        "Тестова Анна Сергеевна", "11223344595", BUREAU_OGRN, "7701000001")
    assert signer.title == "Руководитель главного бюро МСЭ" and signer.qualified_fields_ok
    assert signer.certificate_sha256 == hashlib.sha256(backend.signer_certificate()).hexdigest()
    assert signer.serial == pki.head.certificate.serial_number
    assert signer.not_before <= NOW <= signer.not_after


async def test_without_an_authority_question_the_authority_checks_are_not_run(pki: MemoryPki) -> None:
    report = await verify_detached(CONTENT, pki.sign(pki.deputy), pki.trust())
    assert report.passed()
    assert "authorised_signer" not in report.checks and "bureau" not in report.checks


def test_the_cms_has_the_cades_bes_detached_shape(pki: MemoryPki) -> None:
    signed_data = cms.ContentInfo.load(pki.sign(pki.head))["content"]

    assert signed_data["encap_content_info"]["content"].native is None  # detached
    carried = {c.chosen.dump() for c in signed_data["certificates"]}  # a SET OF: DER orders it
    assert carried == {pki.head.certificate.dump(), pki.authority.ca_cert.dump()}
    (signer_info,) = signed_data["signer_infos"]
    assert signer_info["digest_algorithm"]["algorithm"].dotted == STREEBOG_256
    assert signer_info["signature_algorithm"]["algorithm"].dotted == "1.2.643.7.1.1.1.1"
    attributes = {a["type"].native: a["values"][0] for a in signer_info["signed_attrs"]}
    assert sorted(attributes) == ["content_type", "message_digest", "signing_certificate_v2", "signing_time"]
    assert attributes["message_digest"].native == streebog(CONTENT)
    cert_id = attributes["signing_certificate_v2"]["certs"][0]
    assert cert_id["hash_algorithm"]["algorithm"].dotted == STREEBOG_256
    assert cert_id["cert_hash"].native == streebog(pki.head.certificate.dump())
    assert len(signer_info["signature"].native) == 64


async def test_two_signatures_of_the_same_content_differ_and_both_verify(pki: MemoryPki) -> None:
    first, second = pki.sign(pki.head), pki.sign(pki.head)
    assert first != second  # GOST signatures are randomised (fresh k)
    for cms_der in (first, second):
        assert (await verify_detached(CONTENT, cms_der, pki.trust())).passed()


async def test_a_naive_signing_time_is_refused(pki: MemoryPki) -> None:
    import pytest

    with pytest.raises(ValueError, match="timezone"):
        await pki.backend(pki.head).sign_detached(CONTENT, signing_time=NOW.replace(tzinfo=None))


async def test_signatures_and_verifications_in_parallel_threads_all_pass(pki: MemoryPki) -> None:
    """The service verifies in worker threads, each with its own event loop (crypto_port.off_the_loop)."""
    backend, trust = pki.backend(pki.deputy), pki.trust()

    def in_a_worker_thread() -> str:
        async def sign_and_verify() -> str:
            cms_der = await backend.sign_detached(CONTENT, signing_time=NOW)
            return (await verify_detached(CONTENT, cms_der, trust)).indication

        return asyncio.run(sign_and_verify())

    results = await asyncio.gather(*(asyncio.to_thread(in_a_worker_thread) for _ in range(8)))
    assert results == ["PASSED"] * 8
