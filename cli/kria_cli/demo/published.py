"""The published figures of the pilot the demo's outcomes are set beside (its report, `calibration`).

Copied from /work/shared/reference/pilot_statistics.csv and DOMAIN.md §6-7 (sources per figure below); the
average values are derived there (total value / certificates), not published as such.
"""

from __future__ import annotations

from typing import Any

# share of conclusions "effective", per year (DOMAIN.md §6: "95.5 % effective (2023), 96.8 % (2024), ≈ 98 % (2025)")
EFFECTIVE_PERCENT = {"2023": 95.5, "2024": 96.8, "2025": 98.0}
EFFECTIVE_BAND = (95.5, 98.0)
# average certificate value, RUB (pilot_statistics.csv, derived rows)
AVERAGE_VALUE_RUB = {
    "2025-09": {"value": 108_000, "how": "1,3 млрд / 12 тыс. (lower bounds)", "source": "tass.ru/politika/25144447"},
    "2026-01": {"value": 103_000, "how": "1,5 млрд / 14,5 тыс.", "source": "realnoevremya.ru/news/380172"},
}
AVERAGE_VALUE_BAND_RUB = (100_000, 108_000)
REASONS = ("child_health", "family_refused_activities", "family_refused_course", "organisation_failure", "other")


def figures() -> dict[str, Any]:
    return {"effective_percent": EFFECTIVE_PERCENT, "effective_band_percent": list(EFFECTIVE_BAND),
            "average_value_rub": AVERAGE_VALUE_RUB, "average_value_band_rub": list(AVERAGE_VALUE_BAND_RUB),
            "ineffective_reasons": list(REASONS),
            "note": "the reasons' published shares are not known (only the reasons themselves: DOMAIN.md §6)"}
