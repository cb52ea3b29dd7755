"""The demo's people for the development sign-in page: who they are, and the token the console mints for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

    def as_session(self) -> dict[str, Any]:
        return {"name": self.name, "roles": list(self.roles), "place": self.place,
                "organisation": self.organisation, "bureau": self.bureau, "snils": self.snils, "dev": True}


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
    return people
