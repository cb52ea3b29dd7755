"""The conclusion document: a frozen model without floats, serialised as RFC 8785 canonical JSON.

The canonical bytes are what is signed, stored and sent; they are produced once and never re-serialised
afterwards (SIGNATURE.md §3.1).

Two versions, both readable: ``kria.mse.conclusion.v1`` (scores and verdict, no personal data) and
``kria.mse.conclusion.v2`` (issue 16.3: the v1 fields plus the child, the MSE act and IPRA numbers, the
organisation's name, the course dates, each criterion's reason in Russian, the signer's name and position),
composed when the person who signs opens the conclusion. A v1 document signed before v2 stays what it is:
its bytes are never rewritten, so its signature keeps verifying.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, TypeAdapter

from kria_signing.domain.reason import IneffectiveReason
from kria_signing.domain.scoring import Score

SCHEMA_VERSION: Literal["kria.mse.conclusion.v1"] = "kria.mse.conclusion.v1"
SCHEMA_VERSION_V2: Literal["kria.mse.conclusion.v2"] = "kria.mse.conclusion.v2"
InputValue = StrictInt | StrictStr | StrictBool | tuple[StrictStr, ...]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CriterionEntry(_Frozen):
    number: StrictInt
    code: StrictStr
    points: StrictInt
    inputs: dict[str, InputValue]
    why: StrictStr  # the engine's trace (English), as in v1


class CriterionEntryV2(CriterionEntry):
    explanation: StrictStr  # why the criterion got its points, in Russian: what the ЕЦП form shows


class Child(_Frozen):
    snils: StrictStr
    full_name: StrictStr
    birth_date: date


class MseAct(_Frozen):
    number: StrictStr
    date: date


class Course(_Frozen):
    start_date: date | None
    end_date: date | None


class Particulars(_Frozen):
    """What the certificates service tells of the certificate's child: read when a person composes the
    document, kept with the conclusion (the same document must be resubmittable to the ЕЦП)."""

    child: Child
    mse_act: MseAct
    ipra_number: StrictStr
    organisation_name: StrictStr
    course: Course

    @classmethod
    def from_json(cls, content: bytes | str) -> Particulars:
        return cls.model_validate_json(content, strict=False)


class Signer(_Frozen):
    full_name: StrictStr
    position: StrictStr


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


class ConclusionDocumentV2(_Frozen):
    schema_version: Literal["kria.mse.conclusion.v2"] = SCHEMA_VERSION_V2
    conclusion_id: StrictStr
    certificate_id: StrictStr
    protocol_id: StrictStr
    protocol_sha256: StrictStr
    organisation_id: StrictStr
    organisation_name: StrictStr  # empty when the certificates register does not name the organisation
    target_group: StrictStr
    outcome: StrictStr
    bureau_ogrn: StrictStr
    methodology_version: StrictStr
    child: Child
    mse_act: MseAct
    ipra_number: StrictStr
    course: Course
    criteria: tuple[CriterionEntryV2, ...]
    total_points: StrictInt
    effective: StrictBool
    reason: IneffectiveReason | None = None
    reason_words: StrictStr | None = None  # the reason in Russian, as the form shows it
    reason_text: StrictStr | None = None
    reason_source: Literal["prefilled", "expert"] | None = None
    signer: Signer
    drafted_at: datetime

    def canonical_bytes(self) -> bytes:
        return rfc8785.dumps(self.model_dump(mode="json"))


AnyConclusionDocument = ConclusionDocument | ConclusionDocumentV2
_ANY: TypeAdapter[AnyConclusionDocument] = TypeAdapter(
    Annotated[AnyConclusionDocument, Field(discriminator="schema_version")])


def read_document(content: bytes) -> AnyConclusionDocument:
    """A stored or submitted document of either version, by its ``schema_version`` (ValueError if neither).

    JSON mode: dates and enums come back from their JSON text (the model is strict for Python input)."""
    return _ANY.validate_json(content, strict=False)


def criteria_entries(score: Score) -> tuple[CriterionEntry, ...]:
    return tuple(CriterionEntry(number=c.number, code=c.code, points=c.points, inputs=dict(c.inputs), why=c.why)
                 for c in score.criteria)
