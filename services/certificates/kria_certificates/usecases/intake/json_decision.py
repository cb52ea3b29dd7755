"""The JSON form of one MSE decision (POST /v1/mse-decisions).

Every field is accepted as text (or a boolean for the yes/no ones) so that the shared validation,
not the JSON parser, decides what is wrong: the same reason codes as the export file.
"""

from __future__ import annotations

from dataclasses import fields

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kria_certificates.domain.decision import RawDecision
from kria_certificates.domain.limitations import DOMAINS
from kria_certificates.domain.limitations import FIELDS as LIMITATION_FIELDS


class MseDecisionIn(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={"example": {
            "protocol_number": "300.8.66/2026", "decided_on": "2026-10-15", "last_name": "Смирнов",
            "first_name": "Иван", "patronymic": "Петрович", "snils": "123-400-000 70", "birth_date": "2012-05-03",
            "sex": "МУЖ", "municipality": "Екатеринбург", "disability_established_on": "2026-10-12",
            "target_group": "6.6", "additional_target_groups": [], "medical_indications": True,
            "contraindications": False,
        }},
    )

    protocol_number: str | None = Field(None, description="sequence.bureau.region/year, e.g. 331.8.66/2022")
    decided_on: str | None = Field(None, description="yyyy-mm-dd or dd.mm.yyyy")
    last_name: str | None = None
    first_name: str | None = None
    patronymic: str | None = None
    snils: str | None = Field(None, description="123-456-789 01 or 11 digits")
    birth_date: str | None = None
    sex: str | None = None
    representative: str | None = None
    address: str | None = Field(None, description="used for the municipality when that is absent")
    municipality: str | None = None
    act_number: str | None = None
    ipra_number: str | None = None
    disability_established_on: str | None = None
    target_group: str | None = Field(None, description="main ЦРГ: a subgroup '6.6' or a group '5'")
    additional_target_groups: list[str] | str | None = Field(None, description="0-2 codes")
    medical_indications: bool | str | None = None
    contraindications: bool | str | None = None
    first_time: bool | str | None = Field(None, description="first-time category (default true)")
    limitations: dict[str, int | str] | None = Field(
        None, description="the MSE's degree of limitation (0-3 or Не установлено/Первая/Вторая/Третья) per "
                          "life-activity category: self_care, mobility, orientation, communication, "
                          "behaviour_control, learning, work_play")

    @field_validator("limitations")
    @classmethod
    def _known_domains(cls, value: dict[str, int | str] | None) -> dict[str, int | str] | None:
        unknown = sorted(set(value or {}) - set(DOMAINS))
        if unknown:
            raise ValueError(f"unknown life-activity categories {unknown}; expected {list(DOMAINS)}")
        return value

    def raw(self) -> RawDecision:
        given = {f"limitation_{k}": str(v) for k, v in (self.limitations or {}).items()}
        values = {f.name: given.get(f.name) if f.name in LIMITATION_FIELDS else getattr(self, f.name)
                  for f in fields(RawDecision)}
        extra = values["additional_target_groups"]
        if isinstance(extra, list):
            values["additional_target_groups"] = ",".join(extra)
        return RawDecision(**values)
