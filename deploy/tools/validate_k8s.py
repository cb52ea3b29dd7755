"""Validate rendered Kubernetes manifests offline: ``validate_k8s.py --schemas DIR [-k 1.31] FILE...``.

Built-in kinds are checked, strictly (unknown fields refused), against the Kubernetes JSON schemas bundled
by the PyPI package kubernetes-validate; custom resources (KEDA, Prometheus Operator) against the JSON
schemas in ``--schemas`` named ``<kind>-<group>-<version>.json``. A kind with no schema is an error.
Runs with the Python of deploy/tools/install.sh's venv. Prints one JSON line per document; exit 1 on any error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import yaml


def crd_schema(schemas: Path, doc: dict) -> dict | None:
    group_version = doc["apiVersion"]
    if "/" not in group_version or "." not in group_version.split("/")[0]:
        return None  # a built-in API group (v1, apps/v1, networking.k8s.io/v1 is handled below)
    group, version = group_version.split("/")
    path = schemas / f"{doc['kind'].lower()}-{group}-{version}.json"
    return json.loads(path.read_text()) if path.exists() else None


def validate(doc: dict, schemas: Path, k8s_version: str) -> str | None:
    schema = crd_schema(schemas, doc)
    if schema is not None:
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
        return "; ".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors) or None
    try:
        kubernetes_validate.validate(doc, k8s_version, strict=True)
    except kubernetes_validate.ValidationError as e:
        return f"{'.'.join(map(str, e.path))}: {e.message}"
    except kubernetes_validate.SchemaNotFoundError as e:
        return f"no schema: {e.message}"
    return None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--schemas", type=Path, required=True)
    p.add_argument("-k", "--kubernetes-version", default="1.31.0")
    p.add_argument("files", nargs="+", type=Path)
    args = p.parse_args()
    failed = 0
    for f in args.files:
        for doc in yaml.safe_load_all(f.read_text()):
            if not doc:
                continue
            error = validate(doc, args.schemas, args.kubernetes_version)
            failed += error is not None
            name = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
            print(json.dumps({"file": str(f), "resource": name, "error": error}, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
