"""Streebog-256 of a document, as the hex that the CMS messageDigest attribute carries (not reversed)."""

from __future__ import annotations

from kria_gost.gost import STREEBOG_256, streebog


def streebog256_hex(data: bytes) -> str:
    digest: bytes = streebog(data, STREEBOG_256)  # the crypto layer's remembered Streebog
    return digest.hex()
