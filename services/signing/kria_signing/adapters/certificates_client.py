"""The certificates service over HTTP: the child's particulars a conclusion names (issue 16.3).

Personal data does not travel in events, so signing asks at the moment a person composes the document,
forwarding that person's bearer token: certificates applies its own access rules to the person, and its
access log names the person, not a service account. No retry here: the person retries the act.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import httpx
import orjson
from pydantic import ValidationError

from kria_shared.errors import Conflict, Forbidden, Unavailable
from kria_signing.domain.conclusion_document import Child, Course, MseAct, Particulars

log = logging.getLogger("kria.signing.certificates")

UNAVAILABLE = ("служба сертификатов не ответила: сведения о ребенке не получены, документ заключения не "
               "составлен; повторите позже")


def particulars_of(body: bytes) -> Particulars:
    """certificates' ``ParticularsOut`` mapped to what the document names (ValueError if it is not that)."""
    try:
        data = orjson.loads(body)
        organisation = data.get("organisation") or {}
        return Particulars(
            child=Child.model_validate(data["child"], strict=False),
            mse_act=MseAct.model_validate(data["mse_act"], strict=False),
            ipra_number=str(data.get("ipra_number") or ""),
            organisation_name=str(organisation.get("name") or ""),
            course=Course.model_validate(data["course"], strict=False),
        )
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
        raise ValueError("not the particulars of a certificate") from exc


class CertificatesClient:
    def __init__(self, base_url: str, *, timeout_s: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.transport = transport

    async def particulars(self, certificate_id: str, authorization: str) -> Particulars:
        url = f"{self.base_url}/v1/certificates/{quote(certificate_id, safe='')}/particulars"
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=self.timeout_s) as client:
                response = await client.get(url, headers={"Authorization": authorization})
        except httpx.HTTPError as exc:
            log.warning("certificates did not answer", extra={"error": type(exc).__name__})
            raise Unavailable("certificates_unavailable", UNAVAILABLE) from exc
        if response.status_code in (401, 403):
            raise Forbidden("particulars_refused", "служба сертификатов не выдала этому пользователю сведения о "
                            "ребенке, которые называет заключение", certificate_id=certificate_id)
        if response.status_code == 404:
            raise Conflict("certificate_unknown", "служба сертификатов не знает сертификат этого заключения",
                           certificate_id=certificate_id)
        if response.status_code != 200:
            log.warning("certificates answered an error", extra={"status": response.status_code})
            raise Unavailable("certificates_unavailable", UNAVAILABLE, status=response.status_code)
        try:
            return particulars_of(response.content)
        except ValueError as exc:
            log.warning("certificates answered something else than particulars")
            raise Unavailable("certificates_unavailable", UNAVAILABLE) from exc
