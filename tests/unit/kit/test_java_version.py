"""The jar broker says which Java it needs instead of failing inside the JVM."""

from __future__ import annotations

import pytest

from kria_shared.kafka_local.jars import MIN_JAVA, java_major


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_402"', 8),
        ('openjdk version "11.0.22" 2024-01-16', 11),
        ("no version here", None),
    ],
)
def test_the_major_version_is_read_from_java_version_output(output: str, major: int | None) -> None:
    assert java_major(output) == major


def test_java_11_is_below_what_the_broker_needs() -> None:
    assert java_major('openjdk version "11.0.22"') < MIN_JAVA <= java_major('openjdk version "17.0.1"')  # type: ignore[operator]
