"""Adapters to the Unified Centralized Digital Platform in the Social Sphere (ЕЦП).

Both are idempotent by conclusion id: the file sink overwrites the same two files with the same bytes,
the HTTP sink sends the conclusion id as ``Idempotency-Key`` so the platform can drop a repeat.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx


@dataclass(frozen=True)
class Submission:
    conclusion_id: str
    certificate_id: str
    document: bytes  # the canonical JSON bytes, exactly as signed
    signature: bytes  # DER CMS, detached
    document_streebog256: str


class SubmissionRefused(Exception):
    """The platform answered that it will never accept this submission as sent."""


class EcpSink(Protocol):
    name: str

    async def submit(self, item: Submission) -> str: ...  # returns the receipt


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def export_trust_anchor(var_dir: Path, root_pem: bytes) -> Path:
    """Publish the trust anchor at ``<var>/pki/root.pem``, the place the ЕЦП side is told to check the .p7s files
    against (issue 5), wherever KRIA_SIGNING_PKI_DIR keeps the dev PKI. Unchanged bytes are not rewritten: with the
    default PKI directory this is the dev PKI's own root file."""
    anchor = var_dir / "pki" / "root.pem"
    if anchor.exists() and anchor.read_bytes() == root_pem:
        return anchor
    anchor.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(anchor, root_pem)
    return anchor


class FileSink:
    """Writes ``<conclusion_id>.json`` and ``<conclusion_id>.p7s`` into a directory (var/ecp by default)."""

    name = "file"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def submit(self, item: Submission) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        # the signature last: a .p7s present means its document is complete
        _write_atomically(self.directory / f"{item.conclusion_id}.json", item.document)
        _write_atomically(self.directory / f"{item.conclusion_id}.p7s", item.signature)
        return f"file:{item.conclusion_id}:{item.document_streebog256[:16]}"


class HttpSink:
    """POSTs the document and signature as JSON (base64); retries transport errors, 429 and 5xx with backoff."""

    name = "http"

    def __init__(self, url: str, *, attempts: int = 5, backoff_s: float = 0.5, timeout_s: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.url = url
        self.attempts = max(1, attempts)
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.transport = transport

    async def submit(self, item: Submission) -> str:
        body = {
            "conclusion_id": item.conclusion_id, "certificate_id": item.certificate_id,
            "document_b64": base64.b64encode(item.document).decode(),
            "signature_b64": base64.b64encode(item.signature).decode(),
            "document_streebog256": item.document_streebog256,
        }
        headers = {"Idempotency-Key": item.conclusion_id}
        last: str = ""
        async with httpx.AsyncClient(transport=self.transport, timeout=self.timeout_s) as client:
            for attempt in range(self.attempts):
                if attempt:
                    await asyncio.sleep(self.backoff_s * 2 ** (attempt - 1))
                try:
                    response = await client.post(self.url, json=body, headers=headers)
                except httpx.TransportError as exc:
                    last = f"{type(exc).__name__}"
                    continue
                if response.status_code == 429 or response.status_code >= 500:
                    last = f"HTTP {response.status_code}"
                    continue
                if response.status_code == 409:
                    already = _already_received(response, item.conclusion_id)
                    if already:
                        return already  # a re-send after a lost answer: the platform has it
                if response.status_code >= 400:
                    # the status and the platform's short code only: its body may quote personal data
                    raise SubmissionRefused(f"HTTP {response.status_code} {_code(response) or '-'}")
                receipt = _receipt(response)
                if not receipt:
                    raise SubmissionRefused(f"HTTP {response.status_code} no_receipt")
                return receipt
        raise ConnectionError(f"ЕЦП unreachable after {self.attempts} attempts: {last}")


ALREADY_RECEIVED = frozenset({"already_received", "already_exists", "duplicate"})
_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def _json(response: httpx.Response) -> dict[str, object]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _receipt(response: httpx.Response) -> str | None:
    value = _json(response).get("receipt")
    return str(value) if value else response.headers.get("x-receipt")


def _code(response: httpx.Response) -> str | None:
    """The platform's error code if it is a short token (never free text)."""
    data = _json(response)
    value = data.get("code") or data.get("error")
    return value if isinstance(value, str) and _CODE.fullmatch(value) else None


def _already_received(response: httpx.Response, conclusion_id: str) -> str | None:
    """The receipt of a 409 "already received" (the same Idempotency-Key sent before), else None."""
    receipt = _receipt(response)
    if receipt:
        return receipt
    code = (_code(response) or "").lower()
    return f"ecp-already-received:{conclusion_id}" if code in ALREADY_RECEIVED else None
