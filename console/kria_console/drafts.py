"""The economist's unfinished normalisations, kept by the console between visits (costing stores only computed
price lists). One draft per organisation, as the form's fields were typed (even with errors), in a JSON file
under the console's var directory: it survives a restart, and another organisation's draft is never read
(the file is found by the signed-in person's organisation only)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


class DraftStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, organisation_id: str) -> Path:
        return self.directory / (hashlib.sha256(organisation_id.encode()).hexdigest()[:32] + ".json")

    def get(self, organisation_id: str) -> dict[str, Any] | None:
        path = self._path(organisation_id)
        try:
            found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return found if found.get("organisation_id") == organisation_id else None

    def put(self, organisation_id: str, values: dict[str, list[str]], saved_by: str, saved_at: str) -> None:
        """Written whole to a temporary file and renamed: a crash mid-write leaves the previous draft."""
        self.directory.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"organisation_id": organisation_id, "saved_by": saved_by, "saved_at": saved_at,
                           "values": values}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, self._path(organisation_id))

    def drop(self, organisation_id: str) -> None:
        self._path(organisation_id).unlink(missing_ok=True)
