"""SIGNATURE.md §4 items 8–11: trust anchor, validity, revocation (whole chain) and key usage."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from asn1crypto import x509

from kria_gost import VerificationReport, verify_detached
from kria_gost.certs import Issuer, issue_crl
from kria_gost.dev_pki_issue import issue_signer

from .forging import Forger, reissue
from .pki import CONTENT, NOW, MemoryPki


def outcome(report: VerificationReport) -> tuple[str, str | None, str | None]:
    return report.indication, report.sub_indication, report.failing_check


async def test_a_signer_under_another_root_has_no_chain(pki: MemoryPki, foreign_pki: MemoryPki) -> None:
    report = await verify_detached(CONTENT, foreign_pki.sign(foreign_pki.head), pki.trust())
    assert outcome(report) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND", "trust_anchor")
    assert report.checks["signature"] is True  # the maths is fine: trust is what is missing


async def test_a_certificate_forged_in_our_ca_name_is_refused(pki: MemoryPki, foreign_pki: MemoryPki) -> None:
    impostor_ca = Issuer(pki.authority.ca.name, foreign_pki.authority.ca.keys)
    signer = issue_signer(impostor_ca, pki.profile("head"))
    report = await verify_detached(CONTENT, pki.sign(signer), pki.trust())
    assert report.indication == "INDETERMINATE"
    assert report.sub_indication in {"NO_CERTIFICATE_CHAIN_FOUND", "CERTIFICATE_CHAIN_GENERAL_FAILURE"}


async def test_an_expired_signer_fails_at_its_signing_time(pki: MemoryPki) -> None:
    report = await verify_detached(CONTENT, pki.sign(pki.expired), pki.trust())
    assert outcome(report) == ("FAILED", "EXPIRED", "validity")


async def test_a_signer_not_yet_valid_fails(pki: MemoryPki) -> None:
    early = pki.issue(pki.profile(not_before=NOW + timedelta(days=1)))
    report = await verify_detached(CONTENT, pki.sign(early), pki.trust())
    assert outcome(report) == ("FAILED", "NOT_YET_VALID", "validity")


async def test_validation_at_a_moment_after_expiry_fails_in_the_chain(pki: MemoryPki) -> None:
    short = pki.issue(pki.profile(not_after=NOW + timedelta(days=2)))
    cms_der = pki.sign(short)
    assert (await verify_detached(CONTENT, cms_der, pki.trust())).passed()
    later = await verify_detached(CONTENT, cms_der, pki.trust(), at=NOW + timedelta(days=3))
    assert outcome(later) == ("FAILED", "EXPIRED", "chain_validity")


async def test_an_expired_intermediate_ca_fails_the_chain(pki: MemoryPki) -> None:
    def ended_yesterday(tbs: x509.TbsCertificate) -> None:
        tbs["validity"]["not_after"] = x509.Time(name="utc_time", value=NOW - timedelta(days=1))

    expired_ca = reissue(pki.authority.ca_cert, pki.authority.root, ended_yesterday)
    cms_der = Forger(pki.head.keys, pki.head.certificate, (expired_ca,)).cms(CONTENT, signing_time=NOW)
    trust = replace(pki.trust(), intermediates=[expired_ca.dump()])
    report = await verify_detached(CONTENT, cms_der, trust)
    assert outcome(report) == ("FAILED", "EXPIRED", "chain_validity")
    assert report.message == "a CA certificate expired at the validation moment"


async def test_a_revoked_signer_is_refused_from_its_revocation_on(pki: MemoryPki) -> None:
    now_signed = await verify_detached(CONTENT, pki.sign(pki.revoked), pki.trust())
    assert outcome(now_signed) == ("FAILED", "REVOKED", "revocation")
    assert now_signed.message is not None and "revoked at" in now_signed.message

    # signed before the revocation (revoked a day before NOW): fine at its signing time, refused at NOW
    before = pki.sign(pki.revoked, at=NOW - timedelta(days=2))
    assert (await verify_detached(CONTENT, before, pki.trust())).passed()
    assert outcome(await verify_detached(CONTENT, before, pki.trust(), at=NOW)) == ("FAILED", "REVOKED", "revocation")


async def test_a_revoked_intermediate_ca_revokes_every_signer_under_it(pki: MemoryPki) -> None:
    authority = pki.authority
    window = {"this_update": NOW - timedelta(hours=1), "next_update": NOW + timedelta(days=30)}
    root_crl = issue_crl(authority.root, number=2, revoked=[(authority.ca_cert.serial_number, NOW - timedelta(days=1))],
                         **window)
    crls = [root_crl, pki.crls[1]]
    report = await verify_detached(CONTENT, pki.sign(pki.head), pki.trust(crls=crls))
    assert outcome(report) == ("FAILED", "REVOKED", "revocation")
    assert report.message is not None and "CA certificate" in report.message


async def test_without_a_usable_crl_revocation_is_indeterminate(pki: MemoryPki, foreign_pki: MemoryPki) -> None:
    cms_der = pki.sign(pki.head)
    none = await verify_detached(CONTENT, cms_der, pki.trust(crls=[]))
    assert outcome(none) == ("INDETERMINATE", "TRY_LATER", "revocation")

    stale = pki.authority.crls(NOW - timedelta(days=400), [])  # nextUpdate 35 days before NOW
    assert outcome(await verify_detached(CONTENT, cms_der, pki.trust(crls=stale))) == (
        "INDETERMINATE", "TRY_LATER", "revocation")

    impostor = Issuer(pki.authority.ca.name, foreign_pki.authority.ca.keys)  # a CRL signed by the wrong key
    window = {"this_update": NOW - timedelta(hours=1), "next_update": NOW + timedelta(days=30)}
    wrong_key = [pki.crls[0], issue_crl(impostor, number=9, **window)]
    assert outcome(await verify_detached(CONTENT, cms_der, pki.trust(crls=wrong_key))) == (
        "INDETERMINATE", "TRY_LATER", "revocation")


async def test_a_certificate_without_signing_key_usage_is_refused(pki: MemoryPki) -> None:
    for usage in (("key_encipherment",), ("digital_signature",)):  # nonRepudiation is required by our policy
        signer = pki.issue(pki.profile(key_usage=usage))
        report = await verify_detached(CONTENT, pki.sign(signer), pki.trust())
        assert outcome(report) == ("INDETERMINATE", "CHAIN_CONSTRAINTS_FAILURE", "key_usage"), usage


async def test_an_end_entity_marked_as_ca_is_refused(pki: MemoryPki) -> None:
    def as_ca(tbs: x509.TbsCertificate) -> None:
        for extension in tbs["extensions"]:
            if extension["extn_id"].native == "basic_constraints":
                extension["extn_value"] = x509.BasicConstraints({"ca": True})

    certificate = reissue(pki.head.certificate, pki.authority.ca, as_ca)
    cms_der = Forger(pki.head.keys, certificate, (pki.authority.ca_cert,)).cms(CONTENT, signing_time=NOW)
    report = await verify_detached(CONTENT, cms_der, pki.trust())
    assert report.sub_indication == "CHAIN_CONSTRAINTS_FAILURE" and not report.passed()
