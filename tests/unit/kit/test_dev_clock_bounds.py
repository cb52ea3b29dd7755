"""The development clock refuses moves that would leave the years a date can sensibly hold."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kria_shared.http import ClockChange


@pytest.mark.parametrize("body", [
    {"advance_days": 2**63}, {"advance_days": -(10**9)}, {"advance_seconds": 10**20},
    {"set_to": "9999-12-31T00:00:00+00:00"}, {"set_to": "0001-01-01T00:00:00+00:00"}, {"advance_days": True}])
def test_huge_values_are_invalid_naming_the_field(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as invalid:
        ClockChange.model_validate(body)
    assert invalid.value.errors()[0]["loc"] == (next(iter(body)),)


def test_a_century_either_way_is_accepted() -> None:
    assert ClockChange.model_validate({"advance_days": 36_600, "set_to": "2026-11-02T09:00:00+00:00"})
