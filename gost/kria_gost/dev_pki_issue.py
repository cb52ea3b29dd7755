"""The development CAs and signer profiles: what init_dev_pki issues, and what the tests issue on top of it."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from asn1crypto import crl, x509

from kria_gost.asn1_ext import DEV_NOT_QUALIFIED_POLICY
from kria_gost.cert_profiles import (
    KC1_POLICY,
    Official,
    Organisation,
    ca_extensions,
    ca_name,
    official_name,
    signer_extensions,
)
from kria_gost.certs import Issuer, KeyPair, issue_certificate, issue_crl
from kria_gost.checksums import inn_le_check_digit, ogrn_check_digit, snils_check_digits
from kria_gost.gost import DEFAULT_PARAMSET, GOST_2012_256, algorithm_for, generate_private_key
from kria_gost.keystore import read_keystore
from kria_gost.trust import der

MANIFEST = "pki.json"
CRL_BASE_URL = "http://pki.kria.invalid"  # .invalid (RFC 2606): never fetched, CRLs are configured
_DEV_CA_ORG = Organisation("KRiA development CA - NOT QUALIFIED", ogrn=None, inn_le=None)
# Fictional people with valid check digits; the bureau's ИНН ЮЛ is fictional too.
_PEOPLE = {
    "head": Official("Тестова", "Анна Сергеевна", "Руководитель главного бюро МСЭ", "11223344595"),
    "deputy": Official("Пробнов", "Илья Викторович", "Заместитель руководителя главного бюро МСЭ", "12345678964"),
    "revoked": Official("Отозванов", "Олег Олегович", "Заместитель руководителя главного бюро МСЭ", "20030040048"),
    "expired": Official("Просроченко", "Павел Петрович", "Руководитель главного бюро МСЭ", "30040050066"),
}
_BUREAU_INN_LE = "7701000001"


def new_keys() -> KeyPair:
    alg = algorithm_for(GOST_2012_256, DEFAULT_PARAMSET)
    return KeyPair(alg, generate_private_key(alg))


def _serial() -> int:
    return secrets.randbits(63) | 1 << 62  # positive, 19 digits, unpredictable


@dataclass(frozen=True)
class DevAuthority:
    root: Issuer
    root_cert: x509.Certificate
    ca: Issuer
    ca_cert: x509.Certificate

    def crls(self, now: datetime, revoked: Sequence[tuple[int, datetime]]) -> tuple[crl.CertificateList, ...]:
        """(root CRL, intermediate CRL) valid for a year: a dev PKI outlives long demos."""
        start, end = now - timedelta(hours=1), now + timedelta(days=365)
        root_crl = issue_crl(self.root, number=1, this_update=start, next_update=end)
        return root_crl, issue_crl(self.ca, number=1, this_update=start, next_update=end, revoked=revoked)


def create_authority(now: datetime, *, label: str = "KRiA Dev") -> DevAuthority:
    """A root CA and an intermediate ("УЦ ФК-like") CA, valid three years back and five/ten years ahead."""
    root = Issuer(ca_name(f"{label} Root CA (NOT QUALIFIED)", _DEV_CA_ORG), new_keys())
    root_cert = issue_certificate(
        root, subject=root.name, subject_keys=root.keys, serial=_serial(),
        not_before=now - timedelta(days=3 * 365), not_after=now + timedelta(days=10 * 365),
        extensions=ca_extensions(path_length=1, policies=[DEV_NOT_QUALIFIED_POLICY], crl_url=None),
    )
    ca = Issuer(ca_name(f"{label} Issuing CA (NOT QUALIFIED)", _DEV_CA_ORG), new_keys())
    ca_cert = issue_certificate(
        root, subject=ca.name, subject_keys=ca.keys, serial=_serial(),
        not_before=now - timedelta(days=3 * 365), not_after=now + timedelta(days=5 * 365),
        extensions=ca_extensions(path_length=0, policies=[DEV_NOT_QUALIFIED_POLICY],
                                 crl_url=f"{CRL_BASE_URL}/root.crl"),
    )
    return DevAuthority(root, root_cert, ca, ca_cert)


@dataclass(frozen=True)
class SignerProfile:
    person: Official
    organisation: Organisation
    not_before: datetime
    not_after: datetime
    key_usage: tuple[str, ...] = ("digital_signature", "non_repudiation")
    policies: tuple[str, ...] = (KC1_POLICY, DEV_NOT_QUALIFIED_POLICY)
    sign_tools: bool = True
    keys: KeyPair = field(default_factory=new_keys)

    @classmethod
    def dev(cls, role: str, now: datetime, bureau_ogrn: str) -> SignerProfile:
        """head/deputy: valid a year; revoked: valid, revoked yesterday; expired: expired 35 days ago."""
        organisation = Organisation("ФКУ «ГБ МСЭ» (KRiA dev)", ogrn=bureau_ogrn, inn_le=_BUREAU_INN_LE)
        start, end = now - timedelta(days=1), now + timedelta(days=365)
        if role == "revoked":
            start = now - timedelta(days=30)
        if role == "expired":
            start, end = now - timedelta(days=400), now - timedelta(days=35)
        return cls(_PEOPLE[role], organisation, start, end)

    @classmethod
    def organisation_head(cls, organisation_id: str, now: datetime) -> SignerProfile:
        """The head of a rehabilitation organisation: its platform id in organizationIdentifier, a year's validity.

        The OGRN, ИНН ЮЛ and SNILS are fictional, derived from the id (stable, with valid check digits).
        """
        seed = int.from_bytes(hashlib.sha256(organisation_id.encode()).digest()[:8], "big")
        ogrn12 = f"1{seed % 10**11:011d}"
        inn9 = f"66{seed % 10**7:07d}"
        snils9 = f"{100_000_000 + seed % 800_000_000:09d}"
        organisation = Organisation(f"Организация реабилитации {organisation_id} (KRiA dev)",
                                    ogrn=ogrn12 + ogrn_check_digit(ogrn12), inn_le=inn9 + inn_le_check_digit(inn9),
                                    identifier=organisation_id)
        person = Official("Руководитель", "Организации Тестовой", "Руководитель организации",
                          snils9 + snils_check_digits(snils9))
        return cls(person, organisation, now - timedelta(days=1), now + timedelta(days=365))

    def but(self, **changes: object) -> SignerProfile:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class IssuedSigner:
    keys: KeyPair
    certificate: x509.Certificate


def issue_signer(ca: Issuer, profile: SignerProfile) -> IssuedSigner:
    certificate = issue_certificate(
        ca, subject=official_name(profile.person, profile.organisation), subject_keys=profile.keys,
        serial=_serial(), not_before=profile.not_before, not_after=profile.not_after,
        extensions=signer_extensions(policies=profile.policies, crl_url=f"{CRL_BASE_URL}/issuing-ca.crl",
                                     key_usage=profile.key_usage, sign_tools=profile.sign_tools),
    )
    return IssuedSigner(profile.keys, certificate)


def load_issuing_ca(directory: Path) -> tuple[Issuer, x509.Certificate]:
    """The intermediate CA of a dev PKI directory, to issue more (test) certificates and CRLs from it."""
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["intermediate_keystore"]
    certificate = x509.Certificate.load(der((directory / manifest["intermediate_cert"]).read_bytes()))
    keys = read_keystore(directory / entry["keystore"], entry["password"].encode())
    return Issuer(certificate.subject, keys), certificate
