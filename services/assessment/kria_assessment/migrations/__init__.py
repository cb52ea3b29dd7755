"""Alembic migrations of the assessment store (run at start-up by the kit; see kria_shared.migrations)."""

from pathlib import Path

SCRIPTS = Path(__file__).parent
