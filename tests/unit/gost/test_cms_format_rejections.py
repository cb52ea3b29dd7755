"""SIGNATURE.md §4 items 5–7: the CMS structure, its algorithms, and hostile bytes — each refused, none crashing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from asn1crypto import cms, x509

from kria_gost import VerificationReport, verify_detached
from kria_gost.asn1_ext import build_public_key_info
from kria_gost.cms_parse import MAX_CMS_BYTES
from kria_gost.gost import GOST_2012_256, STREEBOG_512, GostAlgorithm
from kria_gost.verify import MAX_CONTENT_BYTES

from .forging import Forger, edit_signed_data, reissue
from .pki import CONTENT, NOW, MemoryPki


def outcome(report: VerificationReport) -> tuple[str, str | None, str | None]:
    return report.indication, report.sub_indication, report.failing_check


async def verdict(pki: MemoryPki, cms_der: bytes, content: bytes = CONTENT) -> tuple[str, str | None, str | None]:
    return outcome(await verify_detached(content, cms_der, pki.trust()))


def re_signed_with(pki: MemoryPki, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> bytes:
    """Properly signed, but over a set of signed attributes that `change` made."""
    forger = pki.forger(pki.head)
    return forger.cms(CONTENT, signing_time=NOW, attributes=change(forger.attributes(CONTENT, NOW)))


def without(kind: str) -> Callable[[list[dict[str, Any]]], list[dict[str, Any]]]:
    return lambda attributes: [a for a in attributes if a["type"] != kind]


@pytest.mark.parametrize("kind", ["message_digest", "content_type", "signing_certificate_v2", "signing_time"])
async def test_a_missing_signed_attribute_is_a_format_failure(pki: MemoryPki, kind: str) -> None:
    assert await verdict(pki, re_signed_with(pki, without(kind))) == ("FAILED", "FORMAT_FAILURE", "format")


@pytest.mark.parametrize("kind", ["message_digest", "content_type", "signing_certificate_v2"])
async def test_a_duplicated_signed_attribute_is_a_format_failure(pki: MemoryPki, kind: str) -> None:
    def twice(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return attributes + [a for a in attributes if a["type"] == kind]

    assert await verdict(pki, re_signed_with(pki, twice)) == ("FAILED", "FORMAT_FAILURE", "format")


async def test_an_attribute_with_two_values_is_a_format_failure(pki: MemoryPki) -> None:
    def two_digests(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        digest = next(a for a in attributes if a["type"] == "message_digest")
        return [*without("message_digest")(attributes), {"type": "message_digest",
                                                          "values": [digest["values"][0], b"\x00" * 32]}]

    assert await verdict(pki, re_signed_with(pki, two_digests)) == ("FAILED", "FORMAT_FAILURE", "format")


async def test_a_content_type_other_than_data_is_a_format_failure(pki: MemoryPki) -> None:
    def signed_data_type(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [*without("content_type")(attributes), {"type": "content_type", "values": ["signed_data"]}]

    assert await verdict(pki, re_signed_with(pki, signed_data_type)) == ("FAILED", "FORMAT_FAILURE", "format")


def _two_signer_infos(signed_data: cms.SignedData) -> None:
    signed_data["signer_infos"] = [signed_data["signer_infos"][0], signed_data["signer_infos"][0]]


def _no_certificates(signed_data: cms.SignedData) -> None:
    signed_data["certificates"] = None


def _attached(signed_data: cms.SignedData) -> None:
    signed_data["encap_content_info"] = {"content_type": "data", "content": CONTENT}


def _encapsulated_type(signed_data: cms.SignedData) -> None:
    signed_data["encap_content_info"] = {"content_type": "1.2.840.113549.1.9.16.1.4"}  # TSTInfo


def _no_signed_attributes(signed_data: cms.SignedData) -> None:
    signed_data["signer_infos"][0]["signed_attrs"] = None


def _digest(oid: str) -> Callable[[cms.SignedData], None]:
    def change(signed_data: cms.SignedData) -> None:
        signed_data["signer_infos"][0]["digest_algorithm"] = {"algorithm": oid}

    return change


def _signature_algorithm(oid: str) -> Callable[[cms.SignedData], None]:
    def change(signed_data: cms.SignedData) -> None:
        signed_data["signer_infos"][0]["signature_algorithm"] = {"algorithm": oid}

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_two_signer_infos, ("FAILED", "FORMAT_FAILURE", "format")),
        (_attached, ("FAILED", "FORMAT_FAILURE", "format")),
        (_encapsulated_type, ("FAILED", "FORMAT_FAILURE", "format")),
        (_no_signed_attributes, ("FAILED", "FORMAT_FAILURE", "format")),
        (_no_certificates, ("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", "signer_certificate")),
        (_digest(STREEBOG_512), ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "algorithms")),  # 256-bit key
        (_digest("1.2.643.2.2.9"), ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "algorithms")),  # GOST 34.11-94
        (_signature_algorithm("1.2.643.2.2.19"), ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "algorithms")),
        (_signature_algorithm("1.2.643.2.2.3"), ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "algorithms")),
        (_signature_algorithm("1.2.643.7.1.1.1.2"), ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "algorithms")),
        (_digest("2.16.840.1.101.3.4.2.1"), ("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "algorithms")),  # SHA-256
    ],
    ids=["two-signer-infos", "attached", "econtent-type", "no-signed-attrs", "no-certificates", "streebog-512",
         "gost-94-digest", "gost-2001-key-oid", "gost-2001-signature-oid", "512-signature-oid", "sha256"],
)
async def test_structural_and_algorithm_violations_are_refused(
    pki: MemoryPki, change: Callable[[cms.SignedData], None], expected: tuple[str, str, str]
) -> None:
    assert await verdict(pki, edit_signed_data(pki.sign(pki.head), change)) == expected


async def test_the_rsa_style_signature_oid_of_x509_is_accepted_in_signer_info_too(pki: MemoryPki) -> None:
    # signWithDigest (1.2.643.7.1.1.3.2) is also seen in SignerInfo.signatureAlgorithm (CryptoPro); both are fine
    cms_der = edit_signed_data(pki.sign(pki.head), _signature_algorithm("1.2.643.7.1.1.3.2"))
    assert (await verify_detached(CONTENT, cms_der, pki.trust())).passed()


async def test_an_unknown_parameter_set_in_the_signer_key_is_a_format_failure(pki: MemoryPki) -> None:
    unknown = GostAlgorithm(GOST_2012_256, "1.2.643.7.1.2.1.1.9")

    def odd_key(tbs: x509.TbsCertificate) -> None:
        tbs["subject_public_key_info"] = build_public_key_info(unknown, pki.head.keys.point)

    certificate = reissue(pki.head.certificate, pki.authority.ca, odd_key)
    cms_der = Forger(pki.head.keys, certificate, (pki.authority.ca_cert,)).cms(CONTENT, signing_time=NOW)
    assert await verdict(pki, cms_der) == ("FAILED", "FORMAT_FAILURE", "algorithms")


@pytest.mark.parametrize(
    "damage",
    [
        lambda der: der[: len(der) // 2],  # truncated
        lambda der: der[:-1],
        lambda der: der + b"\x00",  # trailing garbage
        lambda der: b"\x30\x03\x02\x01\x00",  # a DER SEQUENCE that is no ContentInfo
        lambda der: b"",
        lambda der: b"-----BEGIN PKCS7-----\nnot base64\n-----END PKCS7-----\n",
        lambda der: b"\x30" + b"\x84\xff\xff\xff\xff" + der[2:],  # a length far past the end
        lambda der: b"\x30\x82" + (MAX_CMS_BYTES + 1).to_bytes(3, "big")[1:] + bytes(MAX_CMS_BYTES + 1),  # huge
    ],
    ids=["half", "minus-one-byte", "trailing-byte", "not-content-info", "empty", "pem-garbage", "bad-length", "huge"],
)
async def test_malformed_bytes_are_a_format_failure_not_an_exception(pki: MemoryPki, damage: Any) -> None:
    assert await verdict(pki, damage(pki.sign(pki.head))) == ("FAILED", "FORMAT_FAILURE", "format")


async def test_no_content_is_signed_data_not_found_and_huge_content_is_refused_early(pki: MemoryPki) -> None:
    cms_der = pki.sign(pki.head)
    assert await verdict(pki, cms_der, b"") == ("INDETERMINATE", "SIGNED_DATA_NOT_FOUND", "content")
    assert await verdict(pki, cms_der, bytes(MAX_CONTENT_BYTES + 1)) == ("FAILED", "FORMAT_FAILURE", "content")
