"""What-if experiments for `kria bench` — a measuring device, never part of a deployment.

The bench may not change the services or the kit, so the recommendations of bench/README.md ("make it
fast") were measured by patching the service processes at start-up instead. Enable with

    PYTHONPATH=bench/experiments KRIA_BENCH_EXPERIMENTS=gost,upsert uv run kria bench ...

(the services inherit both variables from the bench's environment). Without KRIA_BENCH_EXPERIMENTS this
module does nothing. Each patch is the change recommended for the named file, applied when that module is
first imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any

WANTED = {x.strip() for x in os.environ.get("KRIA_BENCH_EXPERIMENTS", "").split(",") if x.strip()}


def _gost(module: Any) -> None:
    """gostcrypto: modular inverse with the C-level pow(x, -1, p) instead of a recursive Python gcdex; and the
    (pure) signature check memoised, so a certificate chain already verified is not recomputed."""
    cls = module.GOST34102012
    cls._invert = staticmethod(lambda value, n_mod: pow(value, -1, n_mod))
    verify = cls.verify
    memo: dict[tuple[bytes, bytes, bytes, int], bool] = {}

    def verify_memo(self: Any, public_key: Any, digest: Any, signature: Any) -> bool:
        key = (bytes(public_key), bytes(digest), bytes(signature), self._p)
        if key not in memo:
            memo[key] = bool(verify(self, public_key, digest, signature))
        return memo[key]

    cls.verify = verify_memo


def _upsert(module: Any) -> None:
    """kria_costing.store.courses.upsert_entries: one INSERT .. ON CONFLICT statement for the whole batch."""

    async def upsert_entries(session: Any, rows: Any) -> None:
        rows = list(rows)
        if not rows:
            return
        stmt = module._insert(session, module.JournalEntryRow)
        keys = [k for k in rows[0] if k not in ("certificate_id", "entry_id")]
        stmt = stmt.on_conflict_do_update(index_elements=["certificate_id", "entry_id"],
                                          set_={k: stmt.excluded[k] for k in keys})
        await session.execute(stmt, rows)

    module.upsert_entries = upsert_entries


def _journal(module: Any) -> None:
    """kria_assessment.store.journal.add_batch: the batch's entries in one executemany INSERT, not ORM objects."""
    from sqlalchemy import insert

    async def add_batch(session: Any, row: Any, entries: Any) -> None:
        session.add(row)
        values = []
        for seq, recorded in enumerate(entries):
            e = recorded.entry
            values.append({
                "entry_id": recorded.entry_id, "batch_id": row.batch_id, "certificate_id": row.certificate_id,
                "seq": seq, "direction": e.direction.value, "activity_type": e.activity_type.value,
                "delivery": e.delivery.value, "activity_date": e.on, "minutes": e.minutes,
                "specialist": e.specialist, "status": e.status.value,
                "missed_reason": e.missed_reason.value if e.missed_reason else None, "missed_text": e.missed_text,
                "recorded_at": row.recorded_at,
            })
        if values:
            await session.execute(insert(module.EntryRow), values)  # autoflush writes the batch row first

    module.add_batch = add_batch


PATCHES: dict[str, tuple[str, Callable[[Any], None]]] = {
    "journal": ("kria_assessment.store.journal", _journal),
    "gost": ("gostcrypto.gostsignature.gost_34_10_2012", _gost),
    "upsert": ("kria_costing.store.courses", _upsert),
}


class _AfterImport(importlib.abc.MetaPathFinder):
    """Applies a patch right after its module is executed, without importing anything early."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        todo = [fn for key, (mod, fn) in PATCHES.items() if mod == name and key in WANTED]
        if not todo:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        original = loader.exec_module

        def exec_module(module: Any) -> None:
            original(module)
            for fn in todo:
                fn(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if WANTED:
    sys.meta_path.insert(0, _AfterImport())
