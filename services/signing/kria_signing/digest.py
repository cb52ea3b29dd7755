"""Streebog-256 of a document, as the hex that the CMS messageDigest attribute carries (not reversed)."""

from __future__ import annotations

from gostcrypto import gosthash


def streebog256_hex(data: bytes) -> str:
    h = gosthash.new("streebog256", data=data)
    return str(h.hexdigest())
