"""The demo's population is drawn to the pilot's published outcomes, and its report sets them side by side."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from kria_cli.demo import fates, published
from kria_cli.demo.population import Offer, generate
from kria_cli.demo.report import calibration

OFFERS = [Offer("66", "2", "Екатеринбург", "до 14"), Offer("66", "5", "Екатеринбург", "14-17")]


def population(n: int, seed: int = 2339) -> Counter[str]:
    children = generate(n, random.Random(seed), OFFERS, {"2": ["2.1"], "5": ["5"]}, date(2026, 12, 1))
    return Counter(c.fate for c in children if c.expected == "issued")


def test_the_default_run_has_unused_expired_annulled_and_a_few_courses_without_effect() -> None:
    fate = population(200)
    assert fate[fates.UNUSED] >= 3 and fate[fates.EXPIRES] >= 2 and fate[fates.ANNULLED] >= 1
    courses = sum(n for f, n in fate.items() if f not in fates.SKIPPED)
    effective = 100 * (courses - fate[fates.WEAK]) / courses  # only the weak early ends have no dynamics
    low, high = published.EFFECTIVE_BAND
    assert low <= effective <= high, effective


def test_a_small_run_keeps_every_child_in_a_course() -> None:
    assert set(population(6)) <= {"completes"}


def test_the_report_sets_the_demo_beside_the_published_figures() -> None:
    concl = [{"effective": True}] * 29 + [{"effective": False}]
    cal = calibration(concl, Counter({"settled": 30, "issued": 1, "expired": 1}), 32 * 10_600_000,
                      Counter({"child_health": 1}))
    assert cal["demo"]["effective_percent"] == 96.7 and cal["demo"]["average_value_rub"] == 106_000
    assert cal["demo"]["ineffective_by_reason"] == {"child_health": 1}
    assert (cal["demo"]["certificates_unused"], cal["demo"]["certificates_expired"]) == (1, 1)
    assert cal["published"]["effective_percent"] == {"2023": 95.5, "2024": 96.8, "2025": 98.0}
    assert cal["inside_bands"] == {"effective_percent": True, "average_value_rub": True}
