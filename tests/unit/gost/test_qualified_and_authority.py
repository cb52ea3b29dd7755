"""SIGNATURE.md §4 items 12–13: the qualified profile, the development marker in production, the authority."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from asn1crypto import x509

from kria_gost import VerificationReport, verify_detached
from kria_gost.asn1_ext import OID_ISSUER_SIGN_TOOL
from kria_gost.cert_profiles import KC1_POLICY

from .forging import Forger, reissue
from .pki import BUREAU_OGRN, CONTENT, NOW, MemoryPki


def outcome(report: VerificationReport) -> tuple[str, str | None, str | None]:
    return report.indication, report.sub_indication, report.failing_check


def _person(pki: MemoryPki, **changes: object) -> object:
    return replace(pki.profile().person, **changes)


def _organisation(pki: MemoryPki, **changes: object) -> object:
    return replace(pki.profile().organisation, **changes)


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("no-snils", "SNILS missing"),
        ("bad-snils", "SNILS has a wrong length or check digit"),
        ("no-ogrn", "OGRN missing"),
        ("bad-ogrn", "OGRN has a wrong length or check digit"),
        ("no-inn", "INN missing"),
        ("bad-inn-le", "INNLE has a wrong length or check digit"),
        ("bad-personal-inn", "INN has a wrong length or check digit"),
        ("no-sign-tools", "subjectSignTool missing"),
        ("no-class-policy", "no signature-tool class policy"),
    ],
)
async def test_a_certificate_without_the_qualified_profile_is_not_qualified(
    pki: MemoryPki, case: str, problem: str
) -> None:
    cases: dict[str, dict[str, Any]] = {
        "no-snils": {"person": _person(pki, snils=None)},
        "bad-snils": {"person": _person(pki, snils="11223344596")},
        "no-ogrn": {"organisation": _organisation(pki, ogrn=None)},
        "bad-ogrn": {"organisation": _organisation(pki, ogrn="1027700000000")},
        "no-inn": {"organisation": _organisation(pki, inn_le=None)},
        "bad-inn-le": {"organisation": _organisation(pki, inn_le="7701000002")},
        "bad-personal-inn": {"person": _person(pki, inn="500100732258")},
        "no-sign-tools": {"sign_tools": False},
        "no-class-policy": {"policies": ()},
    }
    signer = pki.issue(pki.profile(**cases[case]))
    report = await verify_detached(CONTENT, pki.sign(signer), pki.trust())
    assert outcome(report) == ("FAILED", "NOT_QUALIFIED", "qualified_fields")
    assert report.message is not None and problem in report.message
    assert report.signer is not None and not report.signer.qualified_fields_ok
    assert report.checks["key_usage"] is True  # a sound certificate otherwise


async def test_a_malformed_issuer_sign_tool_is_not_qualified(pki: MemoryPki) -> None:
    def broken_tool(tbs: x509.TbsCertificate) -> None:
        for extension in tbs["extensions"]:
            if extension["extn_id"].dotted == OID_ISSUER_SIGN_TOOL:
                extension["extn_value"] = b"\x0c\x03abc"  # a bare UTF8String, not the SEQUENCE of four

    certificate = reissue(pki.head.certificate, pki.authority.ca, broken_tool)
    cms_der = Forger(pki.head.keys, certificate, (pki.authority.ca_cert,)).cms(CONTENT, signing_time=NOW)
    report = await verify_detached(CONTENT, cms_der, pki.trust())
    assert outcome(report) == ("FAILED", "NOT_QUALIFIED", "qualified_fields")
    assert report.message is not None and "issuerSignTool" in report.message


async def test_production_refuses_the_development_pki(pki: MemoryPki) -> None:
    cms_der = pki.sign(pki.head)
    assert (await verify_detached(CONTENT, cms_der, pki.trust(production=False))).passed()
    report = await verify_detached(CONTENT, cms_der, pki.trust(production=True))
    assert outcome(report) == ("FAILED", "NOT_QUALIFIED", "qualified_status")
    assert report.checks["qualified_fields"] is True


async def test_production_refuses_an_unmarked_signer_under_the_development_cas(pki: MemoryPki) -> None:
    # the marker sits on the CA certificates too: an unmarked signer under the dev CAs is still refused
    unmarked = pki.issue(pki.profile(policies=(KC1_POLICY,)))
    report = await verify_detached(CONTENT, pki.sign(unmarked), pki.trust(production=True))
    assert outcome(report) == ("FAILED", "NOT_QUALIFIED", "qualified_status")


async def test_only_an_authorised_signer_of_this_bureau_passes(pki: MemoryPki) -> None:
    head_only = {"11223344595"}
    cms_by_deputy = pki.sign(pki.deputy)

    deputy = await verify_detached(CONTENT, cms_by_deputy, pki.trust(), authorised_snils=head_only)
    assert outcome(deputy) == ("FAILED", "SIGNER_NOT_AUTHORISED", "authorised_signer")
    assert deputy.signer is not None and deputy.signer.snils == "12345678964"

    both = head_only | {"12345678964"}
    assert (await verify_detached(CONTENT, cms_by_deputy, pki.trust(), authorised_snils=both,
                                  bureau_ogrn=BUREAU_OGRN)).passed()

    elsewhere = await verify_detached(CONTENT, cms_by_deputy, pki.trust(), authorised_snils=both,
                                      bureau_ogrn="1027700132195")
    assert outcome(elsewhere) == ("FAILED", "SIGNER_NOT_AUTHORISED", "bureau")

    nobody = await verify_detached(CONTENT, cms_by_deputy, pki.trust(), authorised_snils=set())
    assert outcome(nobody) == ("FAILED", "SIGNER_NOT_AUTHORISED", "authorised_signer")


async def test_a_signer_of_another_organisation_is_refused_for_our_bureau(pki: MemoryPki) -> None:
    other = pki.issue(pki.profile(organisation=_organisation(pki, ogrn="1027700132195", inn_le="7707083893")))
    report = await verify_detached(CONTENT, pki.sign(other), pki.trust(), bureau_ogrn=BUREAU_OGRN)
    assert outcome(report) == ("FAILED", "SIGNER_NOT_AUTHORISED", "bureau")
