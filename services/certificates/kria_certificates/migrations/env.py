"""Alembic environment: the kit migrates the connection it hands over (kria_shared.migrations.run_env)."""

from kria_shared.migrations import run_env

run_env()
