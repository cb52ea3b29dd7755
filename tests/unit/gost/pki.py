"""An in-memory GOST PKI for the unit tests: the dev PKI's CAs and profiles, without files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from asn1crypto import crl

from kria_gost.backend import SoftGostBackend
from kria_gost.dev_pki_issue import DevAuthority, IssuedSigner, SignerProfile, create_authority, issue_signer
from kria_gost.trust import TrustConfig

from .forging import Forger

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUREAU_OGRN = "1027700000008"
CONTENT = b'{"conclusion_id":"c-1","criteria":[2,2,1,2],"verdict":"effective"}'


@dataclass(frozen=True)
class MemoryPki:
    authority: DevAuthority
    head: IssuedSigner
    deputy: IssuedSigner
    revoked: IssuedSigner
    expired: IssuedSigner
    crls: tuple[crl.CertificateList, ...]

    def trust(self, *, production: bool = False, crls: Sequence[crl.CertificateList] | None = None) -> TrustConfig:
        return TrustConfig(
            trust_roots=[self.authority.root_cert.dump()],
            intermediates=[self.authority.ca_cert.dump()],
            crls=[item.dump() for item in (self.crls if crls is None else crls)],
            production=production,
        )

    def profile(self, role: str = "head", **changes: object) -> SignerProfile:
        return SignerProfile.dev(role, NOW, BUREAU_OGRN).but(**changes)

    def issue(self, profile: SignerProfile) -> IssuedSigner:
        return issue_signer(self.authority.ca, profile)

    def forger(self, signer: IssuedSigner) -> Forger:
        return Forger(signer.keys, signer.certificate, (self.authority.ca_cert,))

    def backend(self, signer: IssuedSigner) -> SoftGostBackend:
        return SoftGostBackend(signer.keys, [signer.certificate, self.authority.ca_cert])

    def sign(self, signer: IssuedSigner, content: bytes = CONTENT, *, at: datetime = NOW) -> bytes:
        return self.backend(signer).sign_detached_sync(content, signing_time=at)


def memory_pki(label: str = "Unit") -> MemoryPki:
    authority = create_authority(NOW, label=label)
    signers = {role: issue_signer(authority.ca, SignerProfile.dev(role, NOW, BUREAU_OGRN)) for role in
               ("head", "deputy", "revoked", "expired")}
    revoked = [(signers["revoked"].certificate.serial_number, NOW - timedelta(days=1))]
    return MemoryPki(authority, crls=authority.crls(NOW, revoked), **signers)


def with_crls(pki: MemoryPki, crls: Sequence[crl.CertificateList]) -> MemoryPki:
    return replace(pki, crls=tuple(crls))
