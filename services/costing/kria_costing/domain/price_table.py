"""What an estimate needs from an approved price list: unit prices and per-day accompanying prices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kria_costing.domain.accompanying import CHILD_EATERS, AccompanyingRates, Eater
from kria_costing.domain.standards import LineKey
from kria_costing.domain.unit_price import price_key
from kria_shared.contracts.common import ServiceForm


@dataclass(frozen=True)
class PriceTable:
    version: str  # the price list version an estimate cites
    standards_version: str  # the standards the prices were computed for
    unit_prices: Mapping[str, int]  # price_key(group, form, line) -> kopecks
    accompanying: AccompanyingRates

    def unit_price(self, group: str, form: ServiceForm, key: LineKey, young: bool = False) -> int | None:
        """At ages 4-6 a line's own price where it has one, else the line's price."""
        if young and (price := self.unit_prices.get(price_key(group, form, key, young=True))) is not None:
            return price
        return self.unit_prices.get(price_key(group, form, key))

    def per_day(self, form: ServiceForm, companion: bool, young: bool = False) -> dict[str, int]:
        return self.accompanying.per_day(form, companion, young)

    def to_json(self) -> dict[str, Any]:
        a = self.accompanying
        return {
            "version": self.version,
            "standards_version": self.standards_version,
            "unit_prices": dict(self.unit_prices),
            "accompanying": {
                "child_meals": {f"{f}|{e}": k for (f, e), k in a.child_meals.items()},
                "child_accommodation": a.child_accommodation,
                "companion_meals": a.companion_meals,
                "companion_accommodation": a.companion_accommodation,
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PriceTable:
        a = data["accompanying"]
        meals: dict[tuple[ServiceForm, Eater], int] = {}
        for key, kopecks in a["child_meals"].items():
            form, _, eater = str(key).partition("|")
            for e in CHILD_EATERS:  # a list stored before the ration by age group priced every age alike
                if eater in ("", e):
                    meals[(ServiceForm(form), e)] = int(kopecks)
        rates = AccompanyingRates(
            child_meals=meals,
            child_accommodation=int(a["child_accommodation"]),
            companion_meals=int(a["companion_meals"]),
            companion_accommodation=int(a["companion_accommodation"]),
        )
        prices = {str(k): int(v) for k, v in data["unit_prices"].items()}
        return cls(str(data["version"]), str(data["standards_version"]), prices, rates)
