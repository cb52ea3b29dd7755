"""What a driver asks once before its children's journeys: the register's offers, the target groups' subgroups,
the bureau head who signs conclusions. Asked from the services and their configuration, never assumed."""

from __future__ import annotations

import csv
import io
from datetime import date
from importlib import resources
from typing import Any

from kria_cli.demo.population import Offer
from kria_cli.journey.actors import Actor

MARKERS = ("остальные", "прочие", "область")  # register cells meaning "the rest of the region"
BANDS = ("до 14", "14-17")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    """The register's age band of a child of ``age`` (the age at the MSE decision governs)."""
    return "14-17" if age >= 14 else "до 14"


async def bureau_head_snils(operator: Actor) -> str:
    """The SNILS of the main bureau's head in the signing service's register of signers."""
    signers = (await operator.get("signing", "/v1/signers"))["signers"]
    return str(next(s["snils"] for s in signers if s.get("role", "head") == "head"))


async def offers(sfr: Actor, region: str, providers: list[dict[str, Any]]) -> dict[Offer, str]:
    """Every (group, municipality, age band) the register really covers (asked, not assumed from unions), with the
    first organisation it names."""
    groups = sorted({g for p in providers for g in p["target_groups"]}, key=int)
    places = sorted({m for p in providers for m in p["municipalities"] if not any(x in m for x in MARKERS)})
    found: dict[Offer, str] = {}
    for g in groups:
        for m in places:
            for band in BANDS:
                orgs = await sfr.get("certificates", "/v1/providers", params={
                    "region": region, "target_group": g, "municipality": m, "age_band": band})
                if orgs:
                    found[Offer(region, g, m, band)] = orgs[0]["organisation_id"]
    return found


def subgroups() -> dict[str, list[str]]:
    """Each target group's subgroups (order 176), from the certificates service's configuration."""
    text = resources.files("kria_certificates").joinpath("config/target_groups_order176.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))))
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["group_code"], []).append(row["subgroup_code"] or row["group_code"])
    return out
