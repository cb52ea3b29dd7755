"""Where the four services keep their data in a bench run: fresh SQLite files, or fresh PostgreSQL databases."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kria_cli.stack import SERVICES
from kria_shared.testing.postgres import RunningPostgres, start_postgres


def fresh_var(var: Path) -> Path:
    """Empty stores, logs and ЕЦП files; the dev keys and dev PKI are kept (making them costs seconds)."""
    var.mkdir(parents=True, exist_ok=True)
    for name in SERVICES:
        for f in var.glob(f"{name}.sqlite3*"):
            f.unlink()
    for sub in ("ecp", "log", "bench"):
        shutil.rmtree(var / sub, ignore_errors=True)
    (var / "bench").mkdir()
    return var


@dataclass
class Stores:
    """``env`` selects the stores of the service processes (``<SERVICE>_DATABASE_URL``; none = SQLite)."""

    kind: str
    env: dict[str, str] = field(default_factory=dict)
    _pg: RunningPostgres | None = None

    @classmethod
    def open(cls, kind: str) -> Stores:
        if kind == "sqlite":
            return cls(kind)
        pg = start_postgres()  # KRIA_TEST_POSTGRES_URL if set, else a throwaway cluster from the Debian binaries
        return cls(kind, {f"{name.upper()}_DATABASE_URL": pg.new_database() for name in SERVICES}, pg)

    def close(self) -> None:
        if self._pg is not None:
            self._pg.stop()
