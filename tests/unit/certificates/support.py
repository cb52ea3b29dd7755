"""Builders shared by the certificates unit tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kria_certificates.config.loader import default_config
from kria_certificates.domain.decision import Decision, RawDecision, parse

CONFIG = default_config()


def valid_snils(n: int) -> str:
    nine = f"{n:09d}"
    total = sum(int(d) * (9 - i) for i, d in enumerate(nine)) % 101
    return f"{nine[:3]}-{nine[3:6]}-{nine[6:]} {0 if total == 100 else total:02d}"


def raw(**changes: object) -> RawDecision:
    base = RawDecision(
        protocol_number="300.8.66/2026", decided_on="15.10.2026 0:00", last_name="Смирнов", first_name="Иван",
        patronymic="Петрович", snils="123-400-000 70", birth_date="03.05.2012 0:00", sex="МУЖ",
        address="620089, Свердловская обл; Екатеринбург г, ул. Ленина, д. 1",
        disability_established_on="12.10.2026 0:00", target_group="6.6", additional_target_groups="",
        medical_indications="да", contraindications="нет",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def decision(**changes: object) -> Decision:
    parsed = parse(raw(**changes), CONFIG.catalogue, "Екатеринбург")
    assert isinstance(parsed, Decision), parsed
    return parsed


def iso(d: date) -> str:
    return d.isoformat()
