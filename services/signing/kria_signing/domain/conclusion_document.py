"""The conclusion document: a frozen model without floats, serialised as RFC 8785 canonical JSON.

The canonical bytes are what is signed, stored and sent; they are produced once when the draft is
complete (reason included) and never re-serialised afterwards (SIGNATURE.md §3.1).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from kria_signing.domain.reason import IneffectiveReason
from kria_signing.domain.scoring import Score

SCHEMA_VERSION: Literal["kria.mse.conclusion.v1"] = "kria.mse.conclusion.v1"
InputValue = StrictInt | StrictStr | StrictBool | tuple[StrictStr, ...]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CriterionEntry(_Frozen):
    number: StrictInt
    code: StrictStr
    points: StrictInt
    inputs: dict[str, InputValue]
    why: StrictStr


class ConclusionDocument(_Frozen):
    schema_version: Literal["kria.mse.conclusion.v1"] = SCHEMA_VERSION
    conclusion_id: StrictStr
    certificate_id: StrictStr
    protocol_id: StrictStr
    protocol_sha256: StrictStr
    organisation_id: StrictStr
    target_group: StrictStr
    outcome: StrictStr
    bureau_ogrn: StrictStr
    methodology_version: StrictStr
    criteria: tuple[CriterionEntry, ...]
    total_points: StrictInt
    effective: StrictBool
    reason: IneffectiveReason | None = None
    reason_text: StrictStr | None = None
    reason_source: Literal["prefilled", "expert"] | None = None
    drafted_at: datetime

    def canonical_bytes(self) -> bytes:
        return rfc8785.dumps(self.model_dump(mode="json"))


def criteria_entries(score: Score) -> tuple[CriterionEntry, ...]:
    return tuple(CriterionEntry(number=c.number, code=c.code, points=c.points, inputs=dict(c.inputs), why=c.why)
                 for c in score.criteria)
