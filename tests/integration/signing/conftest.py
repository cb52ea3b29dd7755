"""One development PKI for the whole signing run (made with the real GOST crypto), shared read-only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kria_gost import DevPki, init_dev_pki


@pytest.fixture(scope="session")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    return init_dev_pki(tmp_path_factory.mktemp("signing-pki"), now=datetime.now(UTC))


@pytest.fixture(scope="session")
def foreign_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """Another root nobody configured: its signatures have no path to our trust anchor."""
    return init_dev_pki(tmp_path_factory.mktemp("foreign-pki"), now=datetime.now(UTC))


@pytest.fixture
def pki_dir(dev_pki: DevPki) -> Path:
    return dev_pki.directory
