"""The conclusion document (what is signed and entered into the ЕЦП) matches its committed JSON Schema snapshots
(docs/contracts/documents/), v1 and v2 both: regenerate with
``uv run python -m kria_signing.document_schemas --write docs/contracts/documents``."""

from __future__ import annotations

import json
from pathlib import Path

from kria_shared.contracts.schemas import render
from kria_signing.document_schemas import all_schemas

SNAPSHOTS = Path(__file__).resolve().parents[2] / "docs" / "contracts" / "documents"


def test_both_document_versions_have_a_current_snapshot() -> None:
    current = all_schemas()
    assert {p.name.removesuffix(".schema.json") for p in SNAPSHOTS.glob("*.schema.json")} == set(current)
    for name, schema in current.items():
        assert (SNAPSHOTS / f"{name}.schema.json").read_text(encoding="utf-8") == render(schema), name


def test_v2_keeps_every_v1_field_and_names_the_child_the_act_the_ipra_and_the_signer() -> None:
    v1 = json.loads((SNAPSHOTS / "kria.mse.conclusion.v1.schema.json").read_text(encoding="utf-8"))
    v2 = all_schemas()["kria.mse.conclusion.v2"]
    assert set(v1["properties"]) <= set(v2["properties"])
    assert {"child", "mse_act", "ipra_number", "signer", "organisation_name", "course"} <= set(v2["required"])
