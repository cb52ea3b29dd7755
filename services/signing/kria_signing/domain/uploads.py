"""What an uploaded body must be to be taken: within its size, valid base64, the parts that are required.

The routes read the bytes; these rules refuse them, each naming the field (422).
"""

from __future__ import annotations

import base64
import binascii

from kria_shared.errors import DomainError, InvalidData


def within_limit(size: int, limit: int, field: str) -> None:
    if size > limit:
        raise DomainError("too_large", f"{field} exceeds {limit} bytes", field=field, limit=limit)


def decode_b64(value: str, field: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DomainError("invalid_base64", f"{field} is not valid base64", field=field) from exc


def invalid_body(message: str, field: str) -> InvalidData:
    """The refusal of a body that does not parse (the caller raises it ``from`` the parser's error)."""
    return InvalidData("invalid_body", message, field=field)


def signature_size(cms: bytes, limit: int) -> bytes:
    if not cms or len(cms) > limit:
        raise DomainError("invalid_signature_size", f"signature must be 1..{limit} bytes", field="signature")
    return cms


def required_part(value: bytes | None, name: str) -> bytes:
    if value is None:
        raise DomainError("missing_part", f"multipart part '{name}' is required", field=name)
    return value


def not_empty(document: bytes, signature: bytes) -> None:
    if not document or not signature:
        raise DomainError("empty_input", "document and signature must not be empty", field="document")


def matching_digest(stored: str | None, named: str) -> None:
    """The verification a printout's QR opens is of exactly the document whose hash it names."""
    if (stored or "").lower() != named.lower():
        raise InvalidData("document_mismatch", "хеш не совпадает с хешем подписанного документа этого заключения",
                          field="streebog256")
