"""The versioned configuration files and the register of authorised signers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kria_signing.config.loader import load_methodology, load_signer_config
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole


def test_default_methodology_carries_domain_thresholds_and_a_version() -> None:
    m = load_methodology()
    assert m.version and m.effective_total_min == 4
    assert [(lvl.points, lvl.min_delivered, lvl.min_percent_of_plan) for lvl in m.count_levels] == [
        (2, 120, 100), (1, 0, 75)]


def test_a_methodology_with_levels_out_of_order_is_refused(tmp_path: Path) -> None:
    text = (Path(__file__).parents[3] / "services/signing/kria_signing/config/methodology.yaml").read_text()
    broken = text.replace("- {points: 2, min_delivered: 120", "- {points: 0, min_delivered: 120")
    (tmp_path / "m.yaml").write_text(broken)
    with pytest.raises(ValueError, match="best first"):
        load_methodology(tmp_path / "m.yaml")


def test_a_config_file_without_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("bureau_ogrn: '1'\nsigners: []\n")
    with pytest.raises(ValueError, match="version"):
        load_signer_config(tmp_path / "s.yaml")


def test_signers_file_with_a_deputy_period(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "version: r1\nbureau_ogrn: '1027700000008'\ninclude_dev_pki: false\nsigners:\n"
        "  - {name: Head, snils: '11223344595', role: head, valid_from: 2026-01-01}\n"
        "  - {name: Deputy, snils: '22334455601', role: deputy, valid_from: 2026-03-01, valid_until: 2026-06-30}\n")
    register, include_dev = load_signer_config(tmp_path / "s.yaml")
    assert not include_dev and register.version == "r1"
    assert register.authorised_snils(date(2026, 6, 30)) == {"11223344595", "22334455601"}   # last day of authority
    assert register.authorised_snils(date(2026, 7, 1)) == {"11223344595"}
    assert register.authorised_snils(date(2025, 12, 31)) == set()


def test_register_lookup() -> None:
    register = SignerRegister("v", "1", (AuthorisedSigner("H", "1", SignerRole.HEAD),))
    assert register.find("1") is not None and register.find("2") is None and register.find(None) is None
