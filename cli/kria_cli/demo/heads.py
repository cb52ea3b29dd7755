"""The head of each rehabilitation organisation (role provider_head): signs the organisation's protocols.

In the demo the key is a development certificate the signing service's dev PKI issues for the organisation
(its id in organizationIdentifier, see kria_gost.dev_pki); the head signs on the client side, as on their own
workstation, and posts the detached CMS to assessment, which then publishes the protocol to the bureau.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from kria_cli.journey.actors import Actor, ApiError
from kria_gost import DevPki, Signer, load_dev_pki, organisation_backend


class OrganisationHead(Actor):
    def __init__(self, urls: dict[str, str], client: httpx.AsyncClient, org: str, pki: DevPki) -> None:
        super().__init__(urls, client, f"head-{org}", "provider_head", org=org)
        self.org = org
        self.pki = pki
        self._signer: Signer | None = None
        self._issuing = asyncio.Lock()  # the head's protocols are signed concurrently: issue the key once

    async def signer(self) -> Signer:
        """Issued on the first protocol: most organisations of the register serve no child in a short run."""
        async with self._issuing:
            if self._signer is None:
                now = datetime.now(UTC)
                self._signer = await asyncio.to_thread(organisation_backend, self.pki, self.org, now=now)
            return self._signer

    async def sign_protocol(self, cid: str) -> Any:
        url = self.urls["assessment"] + f"/v1/courses/{cid}/protocol"
        r = await self.client.get(url, headers=self.headers)  # the exact bytes, not re-parsed JSON
        if r.status_code != 200:
            raise ApiError("GET", url, r.status_code, r.text)
        signer = await self.signer()
        cms = await signer.sign_detached(r.content, signing_time=datetime.now(UTC).replace(microsecond=0))
        return await self.post("assessment", f"/v1/courses/{cid}/protocol/signature",
                               {"signature": base64.b64encode(cms).decode()})


def organisation_heads(urls: dict[str, str], client: httpx.AsyncClient, organisations: list[str],
                       pki_dir: Path) -> dict[str, OrganisationHead]:
    """Each organisation's head, with a certificate the signing service's development PKI issues for it."""
    pki = load_dev_pki(pki_dir)
    return {org: OrganisationHead(urls, client, org, pki) for org in organisations}
