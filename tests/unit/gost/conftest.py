"""One in-memory PKI (and a foreign one nobody trusts) for all the crypto unit tests."""

from __future__ import annotations

import pytest

from .pki import MemoryPki, memory_pki


@pytest.fixture(scope="session")
def pki() -> MemoryPki:
    return memory_pki("Unit")


@pytest.fixture(scope="session")
def foreign_pki() -> MemoryPki:
    return memory_pki("Foreign")
