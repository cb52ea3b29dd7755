"""Settings of the signing service beyond the common ones (environment variables ``KRIA_SIGNING_*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SigningOptions(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KRIA_SIGNING_", extra="ignore")

    # versioned configuration files (default: the copies shipped in kria_signing/config/)
    methodology_file: Path | None = None
    access_file: Path | None = None
    signers_file: Path | None = None

    # development PKI directory (default <var>/pki); created on first start in development
    pki_dir: Path | None = None

    # production trust: DER or PEM files
    trust_roots: list[Path] = []
    intermediates: list[Path] = []
    crls: list[Path] = []

    # an explicit software keystore (development only: production refuses the non-qualified backend)
    keystore: Path | None = None
    keystore_password_file: Path | None = None
    keystore_chain: list[Path] = []
    keystore_snils: str | None = None

    # submission to the ЕЦП
    ecp_sink: Literal["file", "http"] = "file"
    ecp_dir: Path | None = None  # default <var>/ecp
    ecp_url: str | None = None
    ecp_attempts: int = 5
    ecp_backoff_s: float = 0.5
    ecp_timeout_s: float = 10.0
    submit_every_s: float = 5.0
    submit_lease_s: float = 120.0  # also the pause between two submission attempts of a conclusion
    submit_max_attempts: int = Field(default=30, ge=1)  # then the conclusion is left in submission_failed

    # size limits of uploaded material (a CMS of a KB-sized document is a few KB)
    max_signature_bytes: int = 64 * 1024
    max_document_bytes: int = 1024 * 1024
