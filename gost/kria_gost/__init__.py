"""GOST signatures for KRiA: CAdES-BES detached CMS (GOST R 34.10-2012-256 over Streebog-256), verification with
ETSI-named results, the software backend and the development PKI. Imports nothing of any service.

The public API is `Signer` (makes a detached CMS) and `Verifier` (the shape of `verify_detached`), the software
signer and the development PKI. The pure-Python backend is for development and tests: it never makes a legally
qualified signature (63-ФЗ art. 5: that needs ФСБ-certified tools), so `is_qualified` is False and production
refuses it.
"""

from kria_gost.backend import SignatureBackend, SoftGostBackend, load_soft_backend
from kria_gost.dev_pki import (
    DevPki,
    DevSigner,
    init_dev_pki,
    issue_organisation_signer,
    load_dev_pki,
    organisation_backend,
)
from kria_gost.interfaces import AuthorisedAt, Signer, Verifier
from kria_gost.report import SignerIdentity, VerificationReport
from kria_gost.trust import TrustConfig
from kria_gost.verify import verify_detached

__all__ = [
    "AuthorisedAt",
    "DevPki",
    "DevSigner",
    "SignatureBackend",
    "Signer",
    "SignerIdentity",
    "SoftGostBackend",
    "TrustConfig",
    "VerificationReport",
    "Verifier",
    "init_dev_pki",
    "issue_organisation_signer",
    "load_dev_pki",
    "load_soft_backend",
    "organisation_backend",
    "verify_detached",
]
