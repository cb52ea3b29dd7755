"""`kria demo --keep-running`'s share for the console's people, prepared against a running stack and checked over
the console's own pages as each person of its development sign-in sees them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from rich.console import Console

from kria_cli.demo import price_lists, share
from kria_cli.journey.actors import Actor
from kria_cli.stack import Stack
from tests.console.support import running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.kafka]


@pytest.fixture(scope="module")
def prepared(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    with running_stack(tmp_path_factory.mktemp("share-stack"), kafka_bootstrap) as (stack, _):
        urls = {n: stack.url(n) for n in stack.services}
        yield stack, asyncio.run(_prepare(urls, stack))


async def _prepare(urls: dict[str, str], stack: Stack) -> dict[str, Any]:
    """As the demo leaves it: the organisation's price list approved by its head, then the share."""
    async with httpx.AsyncClient(timeout=60) as client:
        ops = Actor(urls, client, "ops", "platform_operator")
        [org] = (await ops.get("certificates", "/v1/providers", params={
            "region": "66", "target_group": "6", "municipality": "Екатеринбург", "age_band": "14-17"}))[:1]
        oid = org["organisation_id"]
        economist = Actor(urls, client, f"economist-{oid}", "provider", org=oid)
        await price_lists.approve_all(urls, client, {oid: economist}, [org], Console(quiet=True))
    return await share.prepare(urls, stack.var_dir / "pki", 7, Console(quiet=True))


@contextmanager
def signed_in(console: str, person: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=console, timeout=30) as c:
        csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/signin").text)
        assert csrf, "the sign-in page has no form"
        r = c.post("/signin/dev", data={"csrf": csrf.group(1), "person": person, "next": "/"})
        assert r.status_code == 303, r.text
        yield c


def test_the_console_people_find_their_work(prepared: tuple[Stack, dict[str, Any]]) -> None:
    stack, got = prepared
    console = stack.console.url if stack.console else ""
    cids, org = got["certificates"], got["organisation"]["id"]
    assert set(cids) == set(share.STEPS) and len(set(cids.values())) == len(share.STEPS)
    people = httpx.get(f"{console}/signin", timeout=30).text
    for name in (share.ECONOMIST, share.HEAD, f"{share.SPECIALIST} ({got['organisation']['name']})"):
        assert name in people, name  # the buttons the printed summary names are there

    with signed_in(console, "family-1") as family:  # a certificate to choose an organisation for, with consent
        mine = family.get("/family").text
        assert cids["choose"] in mine and cids["in_course"] in mine and cids["concluded"] not in mine
        child = family.get(f"/family/children/{cids['choose']}").text
        assert "Выберите организацию и дайте согласие" in child and got["organisation"]["name"] in child

    with signed_in(console, "specialist-1") as specialist:  # the chosen child waits; a course is under way
        children = specialist.get("/specialist").text
        assert f'href="/specialist/reserve/{cids["chosen"]}"' in children
        assert specialist.get(f"/specialist/reserve/{cids['chosen']}").status_code == 200
        course = specialist.get(f"/specialist/children/{cids['in_course']}")
        assert course.status_code == 200 and "Журнал курса по дням" in course.text

    with signed_in(console, f"head-{org}") as head:  # exactly one protocol awaits the head's signature
        listed = head.get("/head/protocols").text
        assert re.findall(r'href="/head/protocols/([^"]+)"', listed) == [cids["awaiting_head"]]

    with signed_in(console, f"economist-{org}") as economist:  # the price lists first, not the children
        start = economist.get("/")
        assert start.status_code == 303 and start.headers["location"] == "/org/price-lists"
        assert "утверждён" in economist.get("/org/price-lists").text.lower()

    with signed_in(console, "family-2") as family:  # the signed conclusion to read; a child chosen, not reserved
        read = family.get(f"/family/children/{cids['concluded']}").text
        assert "Заключение подписано" in read
        assert family.get(f"/family/children/{cids['chosen']}").status_code == 200

    with signed_in(console, "specialist-2") as other:  # another organisation's specialist sees none of it
        page = other.get("/specialist").text
        assert not any(cid in page for cid in cids.values())

    tasks = got["tasks"]
    assert tasks and all(t["sign_in"] and t["task"] and t["page"].startswith("/") for t in tasks)
