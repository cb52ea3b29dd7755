"""The people of the benchmark's region and what they set up once per stack (as `kria demo` does).

The MSE system sends decisions, each organisation's economist approves a price list, providers run the
courses, an MSE expert fills reasons and the bureau head signs. Which organisation serves which
(target group, municipality, age band) is asked from the certificates register, never assumed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import yaml

from kria_cli.demo import fates
from kria_cli.demo.heads import OrganisationHead
from kria_cli.demo.population import Child, Offer, generate
from kria_cli.journey import Instruments, lookups
from kria_cli.journey.actors import Actor
from kria_gost import DevPki, load_dev_pki


@dataclass
class Cast:
    mse: Actor
    expert: Actor
    head: Actor
    operator: Actor
    urls: dict[str, str]
    client: httpx.AsyncClient
    instruments: Instruments
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
    head_snils = await lookups.bureau_head_snils(operator)
    cast = Cast(
        mse=Actor(urls, client, "mse-system", "mse_system"), expert=Actor(urls, client, "mse-expert", "mse_expert"),
        head=Actor(urls, client, "mse-head", "mse_head", snils=head_snils), operator=operator, urls=urls,
        client=client, instruments=await Instruments.fetch(operator), pki=load_dev_pki(pki_dir),
    )
    providers: list[dict[str, Any]] = await operator.get("certificates", f"/v1/providers?region={region}")
    cast.org_of = await lookups.offers(operator, region, providers)
    return cast


def population(cast: Cast, n: int, seed: int) -> list[tuple[Child, str]]:
    """``n`` eligible children (the generator's ineligible rows are dropped) with the organisation each chose."""
    rng = random.Random(seed)
    offers = list(cast.org_of)
    children = [c for c in generate(n + n // 8 + 10, rng, offers, lookups.subgroups(), date.today())
                if c.expected == "issued" and c.fate not in fates.SKIPPED][:n]  # every one runs a course
    return [(c, cast.org_of[Offer(c.region, c.group, c.municipality, lookups.age_band(c.age))]) for c in children]


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
