"""HTTP bodies of the provider register kept by the СФР office."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kria_shared.contracts.certificates import AgeBand
from kria_shared.contracts.common import ServiceForm


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target_group: str = Field(min_length=1, max_length=2, description="ЦРГ group number '1'..'11'")
    municipality: str = Field(min_length=1, max_length=200)
    coverage: Literal["named", "others", "whole_region"] = "named"
    age_band: AgeBand


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    effective_on: date = Field(ge=date(2020, 1, 1), le=date(2100, 12, 31))
    reason: str = Field(min_length=1, max_length=500, description="основание изменения (приказ, письмо)")


class OrganisationIn(ChangeIn):
    name: str = Field(min_length=3, max_length=500)
    region: str = Field(min_length=2, max_length=2, pattern=r"^\d{2}$")
    lines: list[LineIn] = Field(min_length=1, max_length=2000)
    forms: list[ServiceForm] = Field(min_length=1, max_length=2)
    capacity: int | None = Field(None, ge=1, le=100_000)


class ChangeOut(BaseModel):
    change_id: str
    kind: Literal["added", "suspended", "reinstated", "withdrawn"]
    effective_on: date
    reason: str
    actor: str
    recorded_at: datetime


class RegisterLineOut(BaseModel):
    target_group: str
    municipality: str
    coverage: str
    age_band: str
    since: date | None  # None: the configured initial load


class OrganisationOut(BaseModel):
    organisation_id: str
    name: str
    region: str
    status: Literal["active", "suspended", "withdrawn"] | None
    status_on: date
    configured: bool
    forms: list[str] | None
    capacity: int | None
    lines: list[RegisterLineOut]
    history: list[ChangeOut]
