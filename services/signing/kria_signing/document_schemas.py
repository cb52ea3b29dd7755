"""JSON Schema snapshots of the conclusion document, the contract with the ЕЦП: both versions stay readable.

``python -m kria_signing.document_schemas --write docs/contracts/documents``; the committed snapshots are
compared in tests/contract/test_conclusion_document_schemas.py, so the signed document never changes unnoticed:
a change of what is signed is a new ``schema_version``, never an edit of an existing one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kria_shared.contracts import schemas
from kria_signing.domain.conclusion_document import ConclusionDocument, ConclusionDocumentV2


def all_schemas() -> dict[str, dict[str, Any]]:
    return {"kria.mse.conclusion.v1": ConclusionDocument.model_json_schema(),
            "kria.mse.conclusion.v2": ConclusionDocumentV2.model_json_schema()}


def write(directory: Path) -> list[Path]:
    return schemas.write(directory, all_schemas())


if __name__ == "__main__":
    schemas.main(all_schemas, __doc__)
