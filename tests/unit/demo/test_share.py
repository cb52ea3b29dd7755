"""The console share names the people the console's development sign-in offers, for the organisation it serves."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kria_cli.demo import share
from kria_console import people

FITTING = {"organisation_id": "org-66-7", "name": "Центр «Подходящий»", "region": "66"}
REGION = [{"organisation_id": "org-66-1", "name": "Центр «Первый»", "region": "66"}, FITTING,
          {"organisation_id": "org-66-2", "name": "Центр «Второй»", "region": "66"}]


class Register:
    """The certificates service's providers listing: one organisation fits the share's children, two others not."""

    async def get(self, token: str, service: str, path: str, **kw: Any) -> SimpleNamespace:
        query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        if service == "certificates" and query.get("target_group"):
            fits = query == {"region": share.OFFER.region, "target_group": share.OFFER.group,
                             "municipality": share.OFFER.municipality, "age_band": share.OFFER.age_band}
            return SimpleNamespace(ok=True, data=[FITTING] if fits else [])
        if service == "certificates":
            return SimpleNamespace(ok=True, data=REGION)
        return SimpleNamespace(ok=False, data=None)


def test_the_share_names_the_sign_in_pages_people_of_its_organisation() -> None:
    found = asyncio.run(people.demo_people(Register()))  # type: ignore[arg-type]
    names = {p.name: p for p in found}
    assert names[share.ECONOMIST].organisation == "org-66-7" and names[share.HEAD].organisation == "org-66-7"
    assert names[f"{share.SPECIALIST} (Центр «Подходящий»)"].organisation == "org-66-7"
    assert names[share.ECONOMIST].home == "/org/price-lists"
    refused = [p for p in found if p.organisation and p.organisation != "org-66-7"]
    assert {p.roles for p in refused} == {("provider",)} and len(refused) == 2  # the other economist, specialist 2
    for key, name, snils in (share.FAMILY_1, share.FAMILY_2):
        assert names[f"{name} (законный представитель)"].snils == snils and key.startswith("family-")
