"""The development PKI: root CA, an "УЦ ФК-like" intermediate, the bureau head's and a deputy's qualified-style
certificates, a revoked one, an expired one, and the CRLs — for the demo and the tests ONLY.

Every certificate carries the DEV_NOT_QUALIFIED_POLICY marker (see asn1_ext): TrustConfig(production=True)
refuses it (NOT_QUALIFIED). The keystore passwords are written in clear to DIR/pki.json: development only.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from asn1crypto import crl, pem, x509

from kria_gost.backend import SoftGostBackend, load_certificates
from kria_gost.checksums import valid_ogrn
from kria_gost.dev_pki_issue import MANIFEST, SignerProfile, create_authority, issue_signer, load_issuing_ca
from kria_gost.keystore import read_keystore, write_keystore, write_private
from kria_gost.trust import TrustConfig, der

SIGNER_ROLES = ("head", "deputy", "revoked", "expired")


@dataclass(frozen=True)
class DevSigner:
    name: str
    snils: str
    cert: Path
    keystore: Path
    password: bytes


@dataclass(frozen=True)
class DevPki:
    directory: Path
    root_cert: Path
    intermediate_cert: Path
    crl: Path  # the intermediate CA's CRL: it lists the revoked signer
    head: DevSigner
    deputy: DevSigner
    revoked: DevSigner
    expired: DevSigner
    root_crl: Path | None = None  # the root's CRL, covering the intermediate (revocation is checked chain-wide)

    def valid_until(self) -> datetime:
        """When the first thing the service needs runs out: a CA or head/deputy certificate, or a CRL's nextUpdate."""
        certificates = (self.root_cert, self.intermediate_cert, self.head.cert, self.deputy.cert)
        ends: list[datetime] = [x509.Certificate.load(der(path.read_bytes())).not_valid_after for path in certificates]
        for path in (self.crl, self.root_crl):
            if path is not None:
                ends.append(crl.CertificateList.load(der(path.read_bytes()))["tbs_cert_list"]["next_update"].native)
        return min(ends)

    def trust(self) -> TrustConfig:
        crls = [der(self.crl.read_bytes())]
        if self.root_crl is not None:
            crls.insert(0, der(self.root_crl.read_bytes()))
        return TrustConfig(
            trust_roots=[der(self.root_cert.read_bytes())],
            intermediates=[der(self.intermediate_cert.read_bytes())],
            crls=crls,
            production=False,
        )


def _write_pem(path: Path, label: str, der_bytes: bytes) -> str:
    path.write_bytes(pem.armor(label, der_bytes))
    return path.name


def init_dev_pki(directory: Path, *, now: datetime, bureau_ogrn: str = "1027700000008") -> DevPki:
    """Create a fresh development PKI in `directory` (overwrites one that is there) and describe it."""
    if not valid_ogrn(bureau_ogrn):
        raise ValueError(f"bureau_ogrn {bureau_ogrn!r} fails the OGRN check digit (13 digits, last = first 12 mod 11)")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    directory.mkdir(parents=True, exist_ok=True)
    authority = create_authority(now)
    manifest: dict[str, object] = {
        "warning": "DEVELOPMENT PKI - NOT QUALIFIED - passwords in clear for development only",
        "created_at": now.isoformat(),
        "bureau_ogrn": bureau_ogrn,
        "root_cert": _write_pem(directory / "root.pem", "CERTIFICATE", authority.root_cert.dump()),
        "intermediate_cert": _write_pem(directory / "intermediate.pem", "CERTIFICATE", authority.ca_cert.dump()),
    }
    ca_password = secrets.token_urlsafe(18)
    write_keystore(directory / "intermediate.key.pem", authority.ca.keys, ca_password.encode())
    manifest["intermediate_keystore"] = {"keystore": "intermediate.key.pem", "password": ca_password}
    signers: dict[str, dict[str, str]] = {}
    revoked_serials: list[tuple[int, datetime]] = []
    for role in SIGNER_ROLES:
        profile = SignerProfile.dev(role, now, bureau_ogrn)
        issued = issue_signer(authority.ca, profile)
        password = secrets.token_urlsafe(18)
        write_keystore(directory / f"{role}.key.pem", issued.keys, password.encode())
        signers[role] = {
            "name": profile.person.common_name,
            "snils": profile.person.snils or "",
            "cert": _write_pem(directory / f"{role}.pem", "CERTIFICATE", issued.certificate.dump()),
            "keystore": f"{role}.key.pem",
            "password": password,
        }
        if role == "revoked":
            revoked_serials.append((issued.certificate.serial_number, now - timedelta(days=1)))
    crls = authority.crls(now, revoked_serials)
    manifest["root_crl"] = _write_pem(directory / "root.crl.pem", "X509 CRL", crls[0].dump())
    manifest["crl"] = _write_pem(directory / "intermediate.crl.pem", "X509 CRL", crls[1].dump())
    manifest["signers"] = signers
    write_private(directory / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return load_dev_pki(directory)


def load_dev_pki(directory: Path) -> DevPki:
    """Read DIR/pki.json written by init_dev_pki."""
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    signers = {
        role: DevSigner(
            name=entry["name"],
            snils=entry["snils"],
            cert=directory / entry["cert"],
            keystore=directory / entry["keystore"],
            password=entry["password"].encode(),
        )
        for role, entry in manifest["signers"].items()
    }
    return DevPki(
        directory=directory,
        root_cert=directory / manifest["root_cert"],
        intermediate_cert=directory / manifest["intermediate_cert"],
        crl=directory / manifest["crl"],
        root_crl=directory / manifest["root_crl"],
        **{role: signers[role] for role in SIGNER_ROLES},
    )


ORGANISATIONS_DIR = "organisations"
_ORGANISATION_MARGIN = timedelta(days=1)  # a certificate this close to its end is issued afresh


def issue_organisation_signer(directory: Path, organisation_id: str, *, now: datetime) -> DevSigner:
    """The head of `organisation_id`'s certificate and keystore, issued by the dev PKI's intermediate CA.

    Kept under DIR/organisations/ and reused while it is valid and the intermediate that issued it is the
    current one (the service re-issues the whole dev PKI when it runs out).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    with _issuing(directory / ORGANISATIONS_DIR):
        return _issue_or_reuse(directory, organisation_id, now=now)


@contextmanager
def _issuing(folder: Path) -> Iterator[None]:
    """One issuer at a time, across threads and processes: two heads signing their first protocols at once
    would each write the keystore with its own password and one would then open the other's (seen in CI)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".issuing.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # each open() is its own description: threads exclude each other too
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _issue_or_reuse(directory: Path, organisation_id: str, *, now: datetime) -> DevSigner:
    issuer, ca_cert = load_issuing_ca(directory)
    ca_sha = hashlib.sha256(ca_cert.dump()).hexdigest()
    folder = directory / ORGANISATIONS_DIR
    stem = hashlib.sha256(organisation_id.encode()).hexdigest()[:16]
    entry_path = folder / f"{stem}.json"
    if entry_path.exists():
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        signer = _organisation_signer(folder, entry)
        certificate = x509.Certificate.load(der(signer.cert.read_bytes()))
        if entry["issuer_sha256"] == ca_sha and certificate.not_valid_after - now > _ORGANISATION_MARGIN:
            return signer
    profile = SignerProfile.organisation_head(organisation_id, now)
    issued = issue_signer(issuer, profile)
    password = secrets.token_urlsafe(18)
    write_keystore(folder / f"{stem}.key.pem", issued.keys, password.encode())
    entry = {"organisation_id": organisation_id, "name": profile.person.common_name,
             "snils": profile.person.snils or "", "issuer_sha256": ca_sha, "password": password,
             "cert": _write_pem(folder / f"{stem}.pem", "CERTIFICATE", issued.certificate.dump()),
             "keystore": f"{stem}.key.pem"}
    write_private(entry_path, json.dumps(entry, ensure_ascii=False, indent=2).encode())
    return _organisation_signer(folder, entry)


def _organisation_signer(folder: Path, entry: dict[str, str]) -> DevSigner:
    return DevSigner(name=entry["name"], snils=entry["snils"], cert=folder / entry["cert"],
                     keystore=folder / entry["keystore"], password=entry["password"].encode())


def organisation_backend(pki: DevPki, organisation_id: str, *, now: datetime) -> SoftGostBackend:
    """A software signer for the organisation's head (development only: the demo and the tests sign with it)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    with _issuing(pki.directory / ORGANISATIONS_DIR):  # read under the lock too: no re-issue mid-read
        signer = _issue_or_reuse(pki.directory, organisation_id, now=now)
        chain = load_certificates([signer.cert, pki.intermediate_cert])
        return SoftGostBackend(read_keystore(signer.keystore, signer.password), chain)
