"""SIGNATURE.md §4 items 1–4: changed content, edited attributes, broken signature values, substitution."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from asn1crypto import cms

from kria_gost import VerificationReport, verify_detached
from kria_gost.cms_build import signing_certificate_v2
from kria_gost.gost import STREEBOG_256

from .forging import Forger, edit_signed_data
from .pki import CONTENT, NOW, MemoryPki


async def verdict(pki: MemoryPki, cms_der: bytes, content: bytes = CONTENT) -> VerificationReport:
    return await verify_detached(content, cms_der, pki.trust())


def outcome(report: VerificationReport) -> tuple[str, str | None, str | None]:
    return report.indication, report.sub_indication, report.failing_check


@pytest.mark.parametrize(
    "changed",
    [
        CONTENT[:-1] + b"]",  # one byte
        CONTENT + b"\n",  # a trailing newline
        json.dumps(json.loads(CONTENT), sort_keys=False, indent=1).encode(),  # re-serialised
        json.dumps(dict(reversed(json.loads(CONTENT).items())), separators=(",", ":")).encode(),  # key order
    ],
)
async def test_changed_content_is_a_hash_failure(pki: MemoryPki, changed: bytes) -> None:
    report = await verdict(pki, pki.sign(pki.head), changed)
    assert outcome(report) == ("FAILED", "HASH_FAILURE", "message_digest")
    assert "signature" not in report.checks  # the run stops at the first failure: nothing later claims success


async def test_signing_time_edited_after_signing_breaks_the_signature_not_the_digest(pki: MemoryPki) -> None:
    def later(signed_data: cms.SignedData) -> None:
        for attribute in signed_data["signer_infos"][0]["signed_attrs"]:
            if attribute["type"].native == "signing_time":
                attribute["values"] = [cms.Time(name="utc_time", value=NOW + timedelta(hours=3))]

    report = await verdict(pki, edit_signed_data(pki.sign(pki.head), later))
    assert outcome(report) == ("FAILED", "SIG_CRYPTO_FAILURE", "signature")
    assert report.checks["message_digest"] is True


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda value: value[32:] + value[:32],  # r‖s as gostcrypto returns it, not swapped to s‖r
        lambda value: value[:-1] + bytes([value[-1] ^ 0x01]),  # one bit flipped
        lambda value: value[::-1],  # whole value reversed
        lambda value: value[:63],  # truncated
    ],
)
async def test_a_broken_signature_value_is_a_crypto_failure(pki: MemoryPki, rewrite: Any) -> None:
    cms_der = pki.forger(pki.head).cms(CONTENT, signing_time=NOW, signature=rewrite)
    assert outcome(await verdict(pki, cms_der)) == ("FAILED", "SIG_CRYPTO_FAILURE", "signature")


async def test_a_valid_signature_by_another_key_carrying_the_heads_certificate_fails(pki: MemoryPki) -> None:
    substituted = Forger(pki.deputy.keys, pki.head.certificate, (pki.authority.ca_cert,))
    report = await verdict(pki, substituted.cms(CONTENT, signing_time=NOW))
    assert outcome(report) == ("FAILED", "SIG_CRYPTO_FAILURE", "signature")


async def test_signing_certificate_v2_naming_another_certificate_is_refused(pki: MemoryPki) -> None:
    forger = pki.forger(pki.head)
    attributes = forger.attributes(CONTENT, NOW)
    attributes[3] = {"type": "signing_certificate_v2",
                     "values": [signing_certificate_v2(pki.deputy.certificate, STREEBOG_256)]}
    report = await verdict(pki, forger.cms(CONTENT, signing_time=NOW, attributes=attributes))
    assert outcome(report) == ("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", "signing_certificate_v2")


async def test_signing_certificate_v2_with_a_wrong_serial_is_refused(pki: MemoryPki) -> None:
    forger = pki.forger(pki.head)
    attributes = forger.attributes(CONTENT, NOW)
    reference = signing_certificate_v2(pki.head.certificate, STREEBOG_256)
    reference["certs"][0]["issuer_serial"]["serial_number"] = pki.deputy.certificate.serial_number
    attributes[3] = {"type": "signing_certificate_v2", "values": [reference]}
    report = await verdict(pki, forger.cms(CONTENT, signing_time=NOW, attributes=attributes))
    assert outcome(report) == ("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", "signing_certificate_v2")


async def test_a_sid_naming_a_certificate_the_cms_does_not_carry_is_refused(pki: MemoryPki) -> None:
    def elsewhere(signed_data: cms.SignedData) -> None:
        sid = signed_data["signer_infos"][0]["sid"].chosen
        sid["serial_number"] = pki.deputy.certificate.serial_number

    report = await verdict(pki, edit_signed_data(pki.sign(pki.head), elsewhere))
    assert outcome(report) == ("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", "signer_certificate")
    assert report.signer is None


async def test_the_signer_is_found_by_its_subject_key_identifier_too(pki: MemoryPki) -> None:
    def by_key_id(signed_data: cms.SignedData) -> None:
        signer_info = signed_data["signer_infos"][0]
        signer_info["sid"] = cms.SignerIdentifier(name="subject_key_identifier", value=pki.head.keys.key_id)
        signer_info["version"] = "v3"

    report = await verdict(pki, edit_signed_data(pki.sign(pki.head), by_key_id))
    assert report.passed(), report
