"""Start-up of the signing side: trust anchors, signing keys and the register of authorised signers.

Development: a dev PKI is created under <var>/pki on first start (root, intermediate, head, deputy,
revoked, expired, CRL; marked not qualified) and re-issued when it has expired or expires within
RENEW_BEFORE (its certificates and CRLs last a year); the head's and deputy's keystores back the software
signer. Production: trust comes from configured files and the non-qualified software backend is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509

from kria_shared.settings import ServiceSettings
from kria_signing.adapters.crypto_port import CryptoPort
from kria_signing.config.loader import SigningOptions
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole

log = logging.getLogger("kria.signing.pki")

RENEW_BEFORE = timedelta(days=30)  # a dev PKI this close to its end is re-issued at start-up


class StartupRefused(RuntimeError):
    """The configuration is unsafe for this environment (e.g. a software key in production)."""


@dataclass
class SigningSetup:
    trust: Any
    root_pem: bytes
    register: SignerRegister
    backends: dict[str, Any] = field(default_factory=dict)  # signer SNILS -> SignatureBackend
    certificates: dict[str, bytes] = field(default_factory=dict)  # signer SNILS -> certificate DER
    production: bool = False


def to_der(data: bytes) -> bytes:
    if pem.detect(data):
        _, _, der = pem.unarmor(data)
        return bytes(der)
    return data


def to_pem(der: bytes) -> bytes:
    return bytes(pem.armor("CERTIFICATE", der))


def validity(cert_der: bytes) -> tuple[datetime, datetime]:
    tbs = x509.Certificate.load(cert_der)["tbs_certificate"]
    return tbs["validity"]["not_before"].native, tbs["validity"]["not_after"].native


def _read_all(paths: list[Path]) -> list[bytes]:
    return [to_der(p.read_bytes()) for p in paths]


def _dev_setup(crypto: CryptoPort, directory: Path, now: datetime, register: SignerRegister,
               add_dev_signers: bool) -> SigningSetup:
    pki = _dev_pki(crypto, directory, now, register.bureau_ogrn)
    setup = SigningSetup(trust=pki.trust(), root_pem=to_pem(to_der(pki.root_cert.read_bytes())), register=register)
    for signer in (pki.head, pki.deputy):
        chain = [signer.cert, pki.intermediate_cert]
        setup.backends[signer.snils] = crypto.load_soft_backend(signer.keystore, signer.password, chain)
        setup.certificates[signer.snils] = to_der(signer.cert.read_bytes())
    if add_dev_signers:
        setup.register = with_dev_signers(register, pki)
    return setup


def _dev_pki(crypto: CryptoPort, directory: Path, now: datetime, bureau_ogrn: str) -> Any:
    """The dev PKI of ``directory``: reused while it has more than RENEW_BEFORE left, else made afresh."""
    if (directory / "pki.json").exists():
        pki = crypto.load_dev_pki(directory)
        valid_until = pki.valid_until()
        if valid_until - now > RENEW_BEFORE:
            return pki
        # past its end every signature of the demo would fail (EXPIRED, or a CRL past its nextUpdate)
        log.warning("re-issuing the development PKI: it expires or has expired",
                    extra={"pki_dir": str(directory), "valid_until": valid_until.isoformat()})
    else:
        log.warning("creating a development PKI (not qualified; refused in production)",
                    extra={"pki_dir": str(directory)})
    return crypto.init_dev_pki(directory, now=now, bureau_ogrn=bureau_ogrn)


def with_dev_signers(register: SignerRegister, pki: Any) -> SignerRegister:
    """The register plus the dev PKI's head and deputy (open-ended), unless the register names them already."""
    known = {s.snils for s in register.signers}
    dev = [AuthorisedSigner(name=signer.name, snils=signer.snils, role=role)
           for signer, role in ((pki.head, SignerRole.HEAD), (pki.deputy, SignerRole.DEPUTY))]
    return replace(register, signers=(*register.signers, *(s for s in dev if s.snils not in known)))


def prepare(settings: ServiceSettings, options: SigningOptions, crypto: CryptoPort, register: SignerRegister,
            include_dev_pki: bool, now: datetime) -> SigningSetup:
    production = settings.environment == "production"
    if production:
        if not options.trust_roots:
            raise StartupRefused("production needs KRIA_SIGNING_TRUST_ROOTS (the accredited root certificates)")
        roots = _read_all(options.trust_roots)
        setup = SigningSetup(
            trust=crypto.trust_config(trust_roots=roots, intermediates=_read_all(options.intermediates),
                                      crls=_read_all(options.crls), production=True),
            root_pem=b"".join(to_pem(r) for r in roots), register=register, production=True)
    elif include_dev_pki or not options.trust_roots:
        setup = _dev_setup(crypto, options.pki_dir or settings.var_dir / "pki", now, register, include_dev_pki)
    else:
        roots = _read_all(options.trust_roots)
        setup = SigningSetup(
            trust=crypto.trust_config(trust_roots=roots, intermediates=_read_all(options.intermediates),
                                      crls=_read_all(options.crls), production=False),
            root_pem=b"".join(to_pem(r) for r in roots), register=register)
    if options.keystore is not None:
        _add_keystore(setup, options, crypto)
    return setup


def _add_keystore(setup: SigningSetup, options: SigningOptions, crypto: CryptoPort) -> None:
    if options.keystore is None or not options.keystore_snils or options.keystore_password_file is None:
        raise StartupRefused("a keystore needs KRIA_SIGNING_KEYSTORE_SNILS and KRIA_SIGNING_KEYSTORE_PASSWORD_FILE")
    password = options.keystore_password_file.read_bytes().strip()
    backend = crypto.load_soft_backend(options.keystore, password, list(options.keystore_chain))
    if setup.production and not backend.is_qualified:
        raise StartupRefused(f"the '{backend.name}' signature backend is not qualified: refused in production")
    setup.backends[options.keystore_snils] = backend
    setup.certificates[options.keystore_snils] = backend.signer_certificate()
