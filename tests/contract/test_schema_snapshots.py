"""Every event contract matches its committed JSON Schema snapshot (docs/contracts/).

A failing test means a contract changed: if the change is additive, regenerate the snapshots with
``uv run python -m kria_shared.contracts.schemas --write docs/contracts`` and commit them; if it is not,
publish a new event version instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from kria_shared.contracts.schemas import all_schemas, render

SNAPSHOTS = Path(__file__).resolve().parents[2] / "docs" / "contracts"


def test_every_contract_has_a_current_snapshot() -> None:
    current = all_schemas()
    committed = {p.name.removesuffix(".schema.json") for p in SNAPSHOTS.glob("*.schema.json")}
    assert committed == set(current), "snapshots missing or stale: regenerate docs/contracts"
    for name, schema in current.items():
        assert (SNAPSHOTS / f"{name}.schema.json").read_text(encoding="utf-8") == render(schema), name


def test_snapshots_only_grow_additively_required_fields() -> None:
    """A required field of a committed snapshot is still present in the current model (no silent removal)."""
    current = all_schemas()
    for path in SNAPSHOTS.glob("*.schema.json"):
        old = json.loads(path.read_text(encoding="utf-8"))
        new = current.get(path.name.removesuffix(".schema.json"), {})
        assert set(old.get("required", [])) <= set(new.get("properties", {})), path.name
