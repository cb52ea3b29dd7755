"""The people of the benchmark's region and what they set up once per stack (as `kria demo` does).

The MSE system sends decisions, each organisation's economist approves a price list, providers run the
courses, an MSE expert fills reasons and the bureau head signs. Which organisation serves which
(target group, municipality, age band) is asked from the certificates register, never assumed.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import yaml

from kria_cli.demo import fates
from kria_cli.demo.actors import Actor
from kria_cli.demo.heads import OrganisationHead
from kria_cli.demo.population import Child, Offer, generate
from kria_gost import DevPki, load_dev_pki

# Register cells meaning "the rest of the region" (the same markers as the demo's region set-up).
MARKERS = ("остальные", "прочие", "область")
BANDS = ("до 14", "14-17")


@dataclass
class Cast:
    mse: Actor
    expert: Actor
    head: Actor
    operator: Actor
    urls: dict[str, str]
    client: httpx.AsyncClient
    scale_version: str = ""
    scale_domains: list[str] = field(default_factory=list)
    questionnaire_version: str = ""
    questionnaire_items: list[str] = field(default_factory=list)
    org_of: dict[Offer, str] = field(default_factory=dict)
    providers: dict[str, Actor] = field(default_factory=dict)
    approved: set[str] = field(default_factory=set)
    heads: dict[str, OrganisationHead] = field(default_factory=dict)
    pki: DevPki | None = None  # the signing service's dev PKI: it issues each organisation head's certificate

    def provider(self, org: str) -> Actor:
        if org not in self.providers:
            self.providers[org] = Actor(self.urls, self.client, f"staff-{org}", "provider", org=org)
        return self.providers[org]

    def head_of(self, org: str) -> OrganisationHead:
        """The organisation's head, who signs its protocols (the bureau drafts only a signed protocol)."""
        if org not in self.heads:
            assert self.pki is not None, "assemble(..., pki_dir) gives the cast the signing service's dev PKI"
            self.heads[org] = OrganisationHead(self.urls, self.client, org, self.pki)
        return self.heads[org]


async def assemble(urls: dict[str, str], client: httpx.AsyncClient, region: str, pki_dir: Path) -> Cast:
    operator = Actor(urls, client, "bench-operator", "platform_operator", "sfr_operator")
    signers = (await operator.get("signing", "/v1/signers"))["signers"]
    head_snils = next(s["snils"] for s in signers if s.get("role", "head") == "head")
    cast = Cast(
        mse=Actor(urls, client, "mse-system", "mse_system"), expert=Actor(urls, client, "mse-expert", "mse_expert"),
        head=Actor(urls, client, "mse-head", "mse_head", snils=head_snils), operator=operator, urls=urls,
        client=client, pki=load_dev_pki(pki_dir),
    )
    inst = await operator.get("assessment", "/v1/instruments")
    scale, quest = inst["scales"][0], inst["questionnaires"][0]
    cast.scale_version, cast.scale_domains = scale["version"], list(scale["domains"])
    cast.questionnaire_version = quest["version"]
    cast.questionnaire_items = [i["id"] for i in quest["items"]]
    cast.org_of = await _offers(operator, region)
    return cast


async def _offers(sfr: Actor, region: str) -> dict[Offer, str]:
    """Every (group, municipality, age band) some organisation of the register serves, with the first one found."""
    providers: list[dict[str, Any]] = await sfr.get("certificates", f"/v1/providers?region={region}")
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


def population(cast: Cast, n: int, seed: int) -> list[tuple[Child, str]]:
    """``n`` eligible children (the generator's ineligible rows are dropped) with the organisation each chose."""
    rng = random.Random(seed)
    offers = list(cast.org_of)
    children = [c for c in generate(n + n // 8 + 10, rng, offers, _subgroups(), date.today())
                if c.expected == "issued" and c.fate not in fates.SKIPPED][:n]  # every one runs a course
    return [(c, cast.org_of[Offer(c.region, c.group, c.municipality, band(c.age))]) for c in children]


def band(age: int) -> str:
    return "14-17" if age >= 14 else "до 14"


def _subgroups() -> dict[str, list[str]]:
    text = resources.files("kria_certificates").joinpath("config/target_groups_order176.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))))
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["group_code"], []).append(row["subgroup_code"] or row["group_code"])
    return out


async def approve_price_lists(cast: Cast, orgs: set[str]) -> None:
    """Each organisation that will serve a child posts the example normalisation and approves it."""
    text = resources.files("kria_costing").joinpath("config/examples/normalisation_example.yaml").read_text("utf-8")
    normalisation = yaml.safe_load(text)
    for org in sorted(orgs - cast.approved):
        actor = cast.provider(org)
        draft = await actor.post("costing", f"/v1/organisations/{org}/price-lists", normalisation)
        head = Actor(cast.urls, cast.client, f"head-{org}", "provider_head", org=org)  # four eyes: not the economist
        today = date.today().isoformat()
        await head.post("costing", f"/v1/organisations/{org}/price-lists/{draft['version']}/approve",
                        {"order_number": "1-ОД", "order_date": today, "effective_from": today})
        cast.approved.add(org)


def decision(child: Child, number: int) -> dict[str, Any]:
    """The MSE decision of one child as the JSON intake takes it (``number`` keeps protocol numbers unique)."""
    return {
        "protocol_number": f"{number}.8.{child.region}/{child.decided_on.year}",
        "decided_on": child.decided_on.isoformat(), "last_name": child.last, "first_name": child.first,
        "patronymic": child.patronymic, "snils": child.snils, "birth_date": child.birth_date.isoformat(),
        "sex": "МУЖ" if child.sex == "М" else "ЖЕН", "municipality": child.municipality,
        "disability_established_on": child.established_on.isoformat(), "target_group": child.subgroup,
        "medical_indications": True, "contraindications": False, "first_time": True,
    }
