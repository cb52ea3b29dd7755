"""The service's settings (``KRIA_SIGNING_*``) and the loaders of the versioned configuration files of this
directory (a region may point to its own copies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from kria_signing.domain.access import AccessPolicy
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole
from kria_signing.domain.methodology import CountLevel, EffectRule, Methodology, ParentalRule, ScopeRule

HERE = Path(__file__).resolve().parent


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

    # the certificates service: the child's particulars, read when a signer composes a conclusion's document
    certificates_url: str = "http://127.0.0.1:8101"
    certificates_timeout_s: float = 5.0

    # size limits of uploaded material (a CMS of a KB-sized document is a few KB)
    max_signature_bytes: int = 64 * 1024
    max_document_bytes: int = 1024 * 1024


def _read(path: Path | None, default_name: str) -> dict[str, Any]:
    data = yaml.safe_load((path or HERE / default_name).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("version"):
        raise ValueError(f"{path or default_name}: a mapping with a 'version' is required")
    return data


def load_methodology(path: Path | None = None) -> Methodology:
    d = _read(path, "methodology.yaml")
    return Methodology(
        version=str(d["version"]),
        effective_total_min=int(d["effective_total_min"]),
        scope=ScopeRule(int(d["comprehensiveness"]["touched_min_delivered"]),
                        bool(d["comprehensiveness"]["above_max_is_within"])),
        count_levels=tuple(CountLevel(int(x["points"]), int(x["min_delivered"]), int(x["min_percent_of_plan"]))
                           for x in d["activity_count"]["levels"]),
        effect=EffectRule(int(d["rehabilitation_effect"]["majority_percent"])),
        parental=ParentalRule(int(d["parental_competence"]["significant_percent_of_max"])),
        dominant_reason_percent=int(d["reason_prefill"]["dominant_percent"]),
    )


def load_access_policy(path: Path | None = None) -> AccessPolicy:
    d = _read(path, "access.yaml")
    return AccessPolicy(str(d["version"]), int(d["days"]), str(d["timezone"]), bool(d.get("starts_next_day", True)))


def _day(value: Any) -> date | None:
    return None if value is None else value if isinstance(value, date) else date.fromisoformat(str(value))


def load_signer_config(path: Path | None = None) -> tuple[SignerRegister, bool]:
    """The register of authorised signers and whether the dev PKI's head and deputy are to be added."""
    d = _read(path, "signers.yaml")
    signers = tuple(
        AuthorisedSigner(str(s["name"]), str(s["snils"]), SignerRole(s["role"]), _day(s.get("valid_from")),
                         _day(s.get("valid_until")), str(s["position"]) if s.get("position") else None)
        for s in d.get("signers") or []
    )
    return SignerRegister(str(d["version"]), str(d["bureau_ogrn"]), signers), bool(d.get("include_dev_pki"))


@dataclass(frozen=True)
class SigningConfig:
    """The configuration a use case of signing reads: the versioned files and the service's limits."""

    methodology: Methodology
    access: AccessPolicy
    register: SignerRegister  # as configured; the dev PKI's signers are added by adapters.pki_setup
    include_dev_pki: bool
    options: SigningOptions


def load_signing_config(options: SigningOptions | None = None) -> SigningConfig:
    options = options or SigningOptions()
    register, include_dev_pki = load_signer_config(options.signers_file)
    return SigningConfig(load_methodology(options.methodology_file), load_access_policy(options.access_file),
                         register, include_dev_pki, options)
