"""``kria demo --against``: play the scenario against services already running (a compose region) instead of
starting the broker and the four processes; the demo only needs their URLs, the broker and signing's var dir."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SERVICES = ("certificates", "costing", "assessment", "signing")


@dataclass(frozen=True)
class RemoteRegion:
    """What ``play`` reads of a Stack: the service names, their URLs and the directory of the ЕЦП files/dev PKI."""

    urls: dict[str, str]
    var_dir: Path
    services: tuple[str, ...] = SERVICES

    def url(self, name: str) -> str:
        return self.urls[name]


def parse_against(value: str) -> dict[str, str]:
    """``URL,URL,URL,URL`` in the order certificates, costing, assessment, signing."""
    urls = [u.strip().rstrip("/") for u in value.split(",") if u.strip()]
    if len(urls) != len(SERVICES):
        raise ValueError(f"--against: ожидается {len(SERVICES)} адреса через запятую "
                         f"({', '.join(SERVICES)}), получено {len(urls)}")
    return dict(zip(SERVICES, urls, strict=True))
