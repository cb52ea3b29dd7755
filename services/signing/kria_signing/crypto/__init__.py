"""GOST cryptography of the signing service: CAdES-BES detached CMS (GOST R 34.10-2012-256 over Streebog-256),
verification with ETSI-named results, the software backend and the development PKI.

The pure-Python backend is for development and tests: it never makes a legally qualified signature
(63-ФЗ art. 5: that needs ФСБ-certified tools), so `is_qualified` is False and production refuses it.
"""

from kria_signing.crypto.backend import SignatureBackend, SoftGostBackend, load_soft_backend
from kria_signing.crypto.dev_pki import DevPki, DevSigner, init_dev_pki, load_dev_pki
from kria_signing.crypto.report import SignerIdentity, VerificationReport
from kria_signing.crypto.trust import TrustConfig
from kria_signing.crypto.verify import verify_detached

__all__ = [
    "DevPki",
    "DevSigner",
    "SignatureBackend",
    "SignerIdentity",
    "SoftGostBackend",
    "TrustConfig",
    "VerificationReport",
    "init_dev_pki",
    "load_dev_pki",
    "load_soft_backend",
    "verify_detached",
]
