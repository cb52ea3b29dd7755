"""Forging broken signatures and certificates for negative tests: never used by the service itself.

`substituted_cms` is what a test needs for "a valid signature by key B carrying certificate A": the software
backend refuses to load such a pair (a keystore that does not match its certificate is a configuration error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms, x509

from kria_gost.backend import load_certificates
from kria_gost.certs import Issuer, KeyPair, sign_tbs
from kria_gost.cms_build import assemble, signed_attrs_digest_input, signing_certificate_v2
from kria_gost.gost import sign_digest, streebog
from kria_gost.keystore import read_keystore


@dataclass(frozen=True)
class Forger:
    """Signs with `keys` while carrying `signer` (+ `chain`) — consistent or not, as the test wants."""

    keys: KeyPair
    signer: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    def attributes(self, content: bytes, signing_time: datetime) -> list[dict[str, Any]]:
        """The four CAdES-BES signed attributes, as asn1crypto-ready dicts a test may drop, repeat or alter."""
        digest_oid = self.keys.alg.digest_oid
        return [
            {"type": "content_type", "values": ["data"]},
            {"type": "signing_time", "values": [cms.Time(name="utc_time", value=signing_time.replace(microsecond=0))]},
            {"type": "message_digest", "values": [streebog(content, digest_oid)]},
            {"type": "signing_certificate_v2", "values": [signing_certificate_v2(self.signer, digest_oid)]},
        ]

    def cms(
        self,
        content: bytes,
        *,
        signing_time: datetime,
        attributes: Sequence[dict[str, Any]] | None = None,
        signature: Callable[[bytes], bytes] | None = None,
    ) -> bytes:
        """A detached CMS; `signature` may rewrite the correct signature value (s‖r) before it is stored."""
        attrs = cms.CMSAttributes.load(
            cms.CMSAttributes(list(attributes or self.attributes(content, signing_time))).dump()
        )
        digest = streebog(signed_attrs_digest_input(attrs), self.keys.alg.digest_oid)
        value = sign_digest(self.keys.alg, self.keys.private_key, digest)
        return assemble(self.keys.alg, self.signer, self.chain, attrs, signature(value) if signature else value)


def edit_signed_data(cms_der: bytes, change: Callable[[cms.SignedData], None]) -> bytes:
    """Re-encode a CMS after `change` mutated its SignedData (no re-signing: the signature stays as it was)."""
    info = cms.ContentInfo.load(cms_der)
    change(info["content"])
    return bytes(info.dump(force=True))


def reissue(certificate: x509.Certificate, issuer: Issuer, change: Callable[[x509.TbsCertificate], None]) -> Any:
    """The same certificate with `change` applied to its TBSCertificate, properly re-signed by `issuer`."""
    tbs = x509.TbsCertificate.load(certificate["tbs_certificate"].dump())
    change(tbs)
    tbs = x509.TbsCertificate.load(tbs.dump(force=True))
    algorithm = {"algorithm": issuer.keys.alg.signature_oid}
    signed = x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": algorithm,
                               "signature_value": sign_tbs(issuer.keys, tbs)})
    return x509.Certificate.load(signed.dump())


def substituted_cms(
    keystore: Path, password: bytes, claimed_chain: list[Path], content: bytes, *, signing_time: datetime
) -> bytes:
    """A CMS signed with the keystore's key that carries and names the first certificate of `claimed_chain`."""
    certificates = load_certificates(claimed_chain)
    forger = Forger(read_keystore(keystore, password), certificates[0], tuple(certificates[1:]))
    return forger.cms(content, signing_time=signing_time)
