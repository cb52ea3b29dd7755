"""The demo's people for the development sign-in page: who they are, and the token the console mints for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from kria_console.backend import Backend
from kria_console.settings import SERVICES
from kria_shared.auth.tokens import mint_dev_token


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    roles: tuple[str, ...]
    place: str  # the organisation or bureau, as the page shows it
    organisation: str | None = None
    bureau: str | None = None
    snils: str | None = None
    # Where the console's start page leads this person: the economist shares the specialists' role (provider)
    # but works on the price lists. Navigation only: every page and service still decides by role and organisation.
    home: str | None = None

    def as_session(self) -> dict[str, Any]:
        return {"name": self.name, "roles": list(self.roles), "place": self.place,
                "organisation": self.organisation, "bureau": self.bureau, "snils": self.snils, "dev": True,
                "home": self.home}


def dev_token(p: Person, ttl_s: int) -> str:
    """The kit's development token for every service (the services refuse it in production, and so does the page)."""
    return mint_dev_token(subject=p.key, roles=p.roles, audience=[f"kria-{s}" for s in SERVICES], ttl_s=ttl_s,
                          organisation_id=p.organisation, bureau_id=p.bureau, signer_snils=p.snils)


async def demo_people(backend: Backend) -> list[Person]:
    """The people of `kria demo`; the bureau's head and deputy carry the signers' SNILS of the dev PKI register."""
    probe = mint_dev_token(subject="console-dev-probe", roles=["platform_operator"], audience="kria-signing", ttl_s=60)
    got = await backend.get(probe, "signing", "/v1/signers")
    register = got.data if got.ok and isinstance(got.data, dict) else {"signers": []}
    ogrn = register.get("bureau_ogrn")
    bureau = f"Главное бюро МСЭ (ОГРН {ogrn})" if ogrn else "Главное бюро МСЭ"
    people = [
        Person("sfr-operator-1", "Соколова Анна Викторовна", ("sfr_operator",), "Отделение СФР по региону"),
        Person("mse-expert-1", "Ершов Павел Андреевич", ("mse_expert",), bureau, bureau=ogrn),
    ]
    for s in register.get("signers", []):
        if s.get("signing_key_here") and s.get("role") in ("head", "deputy"):
            title = "руководитель" if s["role"] == "head" else "заместитель руководителя"
            people.append(Person(f"mse-{s['role']}", f"{s.get('name') or 'Подписант'} ({title})", ("mse_head",),
                                 bureau, bureau=ogrn, snils=s["snils"]))
    people += [
        Person("federal-mse", "Фёдорова Мария Олеговна", ("federal_mse",), "Федеральное бюро МСЭ"),
        Person("platform-operator", "Оператор платформы", ("platform_operator",), "Служба эксплуатации"),
    ]
    people += await organisation_staff(backend)
    return people + await care_people(backend)


# The demo's families: their SNILS is what the office records on a certificate from the family's application
# (PUT /v1/certificates/{id}/representative); in production the identity provider's claim carries it.
DEMO_FAMILIES = (("family-1", "Смирнова Мария Викторовна", "700-100-001 70"),
                 ("family-2", "Кузнецова Ольга Ивановна", "700-100-002 71"))
# The specialists' organisations: the register's first for the example export's children (Екатеринбург, ЦРГ 6,
# 14-17) and another of the region, which is refused that child.
SPECIALISTS_FOR = "/v1/providers?" + urlencode({"region": "66", "target_group": "6", "municipality": "Екатеринбург",
                                                 "age_band": "14-17"})


DEMO_REGION = "66"  # `kria demo`'s default region: its register's organisations are the real ones


async def demo_organisations(backend: Backend) -> list[dict[str, Any]]:
    """The organisation whose staff the dev sign-in offers (the register's first for the example export's
    children, the one the demo's console share holds), then another of the region, refused that organisation's
    work. Fewer when the register has fewer."""
    probe = mint_dev_token(subject="console-dev-probe", roles=["platform_operator"], audience="kria-certificates",
                           ttl_s=60)
    got = await backend.get(probe, "certificates", SPECIALISTS_FOR)
    region = await backend.get(probe, "certificates", f"/v1/providers?region={DEMO_REGION}")
    orgs = region.data if region.ok and isinstance(region.data, list) else []
    if len(orgs) < 2:
        every = await backend.get(probe, "certificates", "/v1/providers")
        orgs = every.data if every.ok and isinstance(every.data, list) else []
    fitting = got.data[:1] if got.ok and isinstance(got.data, list) else []
    ours = fitting or orgs[:1]
    others = [o for o in orgs if o["organisation_id"] not in {f["organisation_id"] for f in ours}]
    return [dict(o) for o in ours + others[:1]]


async def care_people(backend: Backend) -> list[Person]:
    organisations = await demo_organisations(backend)
    people = [Person(f"specialist-{n}", f"Специалист {n} ({o['name']})", ("provider",), o["name"],
                     organisation=o["organisation_id"]) for n, o in enumerate(organisations, start=1)]
    people += [Person(key, f"{name} (законный представитель)", ("legal_representative",), "Семья", snils=snils)
               for key, name, snils in DEMO_FAMILIES]
    return people


async def organisation_staff(backend: Backend) -> list[Person]:
    """The economist and the head of the organisation whose specialists the page offers first (one organisation's
    staff see that organisation's work), and the economist of the other (to see that one organisation's staff
    never reach another's pages). The head's subject is the demo's."""
    orgs = await demo_organisations(backend)
    if not orgs:
        return []
    ours = orgs[0]
    org, place = str(ours["organisation_id"]), str(ours.get("name") or ours["organisation_id"])
    staff = [Person(f"economist-{org}", "Белова Ирина Сергеевна (экономист)", ("provider",), place, organisation=org,
                    home=ECONOMIST_HOME),
             Person(f"head-{org}", "Громов Олег Петрович (руководитель организации)", ("provider_head",), place,
                    organisation=org)]
    if len(orgs) > 1:
        other = orgs[1]
        oid = str(other["organisation_id"])
        staff.append(Person(f"economist-{oid}", "Лаптева Нина Юрьевна (экономист)", ("provider",),
                            str(other.get("name") or oid), organisation=oid, home=ECONOMIST_HOME))
    return staff


ECONOMIST_HOME = "/org/price-lists"  # the economist's start page: the price lists, the normalisation beside them
