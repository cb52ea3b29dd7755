"""Alembic migrations of the signing store (run at start-up by the kit; see kria_shared.migrations)."""

from pathlib import Path

SCRIPTS = Path(__file__).parent
