"""Reason codes: the issue's names, and every other code documented in API.md as an addition with its meaning."""

from __future__ import annotations

from pathlib import Path

import kria_certificates
from kria_certificates.domain.outcomes import InvalidCode, RefusalCode

API = (Path(kria_certificates.__file__).parents[1] / "API.md").read_text(encoding="utf-8")
ISSUE_NAMES = {"age_out_of_range", "not_pilot_region", "no_medical_indications", "contraindications",
               "active_certificate_exists", "right_expired", "invalid_snils", "unknown_target_group",
               "missing_field", "bad_date"}


def test_every_name_the_issue_gives_is_a_code() -> None:
    assert {c.value for c in (*RefusalCode, *InvalidCode)} >= ISSUE_NAMES


def test_every_other_code_is_documented_as_an_addition() -> None:
    additions = API.split("Additions (", 1)[1].split("\n\n", 1)[0]
    others = {c.value for c in (*RefusalCode, *InvalidCode)} - ISSUE_NAMES | {"unprocessable"}
    assert others == {"not_first_time", "earlier_certificate_exists", "no_face_value", "bad_value", "malformed_row",
                      "unprocessable"}
    for code in others:
        assert f"`{code}`:" in additions or f"`{code}` (file only):" in additions, code
