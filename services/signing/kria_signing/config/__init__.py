"""Loaders of the versioned configuration files of this directory (a region may point to its own copies)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kria_signing.domain.access import AccessPolicy
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole
from kria_signing.domain.methodology import CountLevel, EffectRule, Methodology, ParentalRule, ScopeRule

HERE = Path(__file__).resolve().parent


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
                         _day(s.get("valid_until")))
        for s in d.get("signers") or []
    )
    return SignerRegister(str(d["version"]), str(d["bureau_ogrn"]), signers), bool(d.get("include_dev_pki"))
