"""The signer check `kria-signing verify` applies by default: the service's own register and bureau OGRN.

Same sources as the service: ``KRIA_SIGNING_SIGNERS_FILE`` (or the shipped signers.yaml) and, when that file
says ``include_dev_pki``, the head and deputy of the development PKI the signature is checked against.
"""

from __future__ import annotations

import argparse

from kria_gost.cli import DEFAULT_PKI_DIR, AuthorisedAt
from kria_gost.dev_pki import load_dev_pki
from kria_gost.dev_pki_issue import MANIFEST
from kria_signing.adapters.pki_setup import with_dev_signers
from kria_signing.config.loader import SigningOptions, load_signer_config


def service_authority(args: argparse.Namespace) -> tuple[AuthorisedAt, str]:
    options = SigningOptions()
    register, include_dev_pki = load_signer_config(options.signers_file)
    directory = args.trust or DEFAULT_PKI_DIR
    if include_dev_pki and not args.production and not args.trust_root and (directory / MANIFEST).exists():
        register = with_dev_signers(register, load_dev_pki(directory))
    return register.authorised_at, register.bureau_ogrn
