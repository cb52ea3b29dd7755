"""JSON Schema snapshots of every contract: ``python -m kria_shared.contracts.schemas --write DIR``.

The committed snapshots (docs/contracts/) are compared in the tests, so a contract never changes unnoticed;
changes must be additive (new optional fields), a breaking change is a new event version.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kria_shared.contracts.registry import REGISTRY
from kria_shared.envelope import Envelope


def all_schemas() -> dict[str, dict[str, Any]]:
    out = {f"{name}.v1": model.model_json_schema() for name, model in sorted(REGISTRY.models.items())}
    out["Envelope"] = Envelope.model_json_schema()
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write(directory: Path, schemas: dict[str, dict[str, Any]] | None = None) -> list[Path]:
    """One ``<name>.schema.json`` per schema (the contracts' by default; a service passes its own documents')."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (all_schemas() if schemas is None else schemas).items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def main(schemas: Callable[[], dict[str, dict[str, Any]]] = all_schemas, description: str | None = __doc__) -> None:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--write", type=Path, required=True)
    for path in write(p.parse_args().write, schemas()):
        print(path)


if __name__ == "__main__":
    main()
