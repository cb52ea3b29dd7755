"""The signing run's development PKIs, shared with the real-broker tests (made once per session)."""

from __future__ import annotations

from tests.integration.signing.conftest import dev_pki, foreign_pki, pki_dir

__all__ = ["dev_pki", "foreign_pki", "pki_dir"]
