"""What an upload of the MSE export must be: a file, sent as multipart field ``file`` or as the text/csv body.

The rows inside are read by ``usecases/intake/mse_export`` (each bad row reported with its line); these are
the refusals of the upload as a whole, each naming the field ``file``.
"""

from __future__ import annotations

from typing import NoReturn

from kria_shared.errors import DomainError


def missing_file_field() -> NoReturn:
    """A multipart body without the field ``file``."""
    raise DomainError("missing_field", "multipart field 'file' is required", field="file")


def require_body(data: bytes) -> bytes:
    """The export sent as the body itself: an empty body sends nothing."""
    if not data:
        raise DomainError("missing_field", "send the export as text/csv or multipart field 'file'", field="file")
    return data


def unreadable(reason: str) -> NoReturn:
    """Not UTF-8 text, or no header line of the export: ``reason`` says which."""
    raise DomainError("unreadable_file", reason, field="file")
