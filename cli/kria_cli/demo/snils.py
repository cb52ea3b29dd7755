"""Valid synthetic SNILS numbers (the checksum of the Pension Fund's algorithm)."""

from __future__ import annotations

import random


def checksum(nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(nine, range(9, 0, -1), strict=True))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def make(rng: random.Random) -> str:
    nine = f"{rng.randint(2_000_000, 999_999_999):09d}"
    return f"{nine[0:3]}-{nine[3:6]}-{nine[6:9]} {checksum(nine):02d}"


def corrupt(snils: str) -> str:
    """The same number with a wrong checksum (an `invalid_snils` row)."""
    cs = (int(snils[-2:]) + 1) % 100
    return f"{snils[:-2]}{cs:02d}"
