"""Strict JSON (RFC 8259): what Python's ``json`` accepts beyond it is refused, naming where it is.

``json.loads`` takes ``NaN``/``Infinity``, turns ``1e400`` into infinity and keeps a lone surrogate (``"\\ud800"``)
that no UTF-8 store can encode: each gave a 500 somewhere downstream (issue 20).
"""

from __future__ import annotations

import json
import math
from typing import Any


class StrictJsonError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = f"{field}: {message}"


class _NonFinite:
    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _field(path: list[str | int]) -> str:
    """The kit's way of naming a field (``entries[2].minutes``); ``body`` for the body as a whole."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "body"


def check_strict_json(raw: bytes) -> None:
    """Raise StrictJsonError for a body that is not strict JSON; syntax errors are left to the route's parser."""
    try:
        value = json.loads(raw, parse_constant=_NonFinite, parse_float=_float)
    except json.JSONDecodeError:
        return  # FastAPI answers it with its own 422 (json_invalid, with the position)
    except RecursionError:
        raise StrictJsonError("body", "слишком глубокая вложенность") from None
    except ValueError as exc:  # not UTF-8, an integer of more than 4300 digits
        raise StrictJsonError("body", f"не разбирается как JSON: {exc}") from None
    pending: list[tuple[list[str | int], Any]] = [([], value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, _NonFinite):
            raise StrictJsonError(_field(path), f"{item.text} — не число JSON (допустимы только конечные числа)")
        if isinstance(item, str):
            _check_text(item, path)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key, path)
                pending.append(([*path, key], child))
        elif isinstance(item, list):
            pending.extend(([*path, i], child) for i, child in enumerate(item))


def _check_text(text: str, path: list[str | int]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StrictJsonError(_field(path), "строка содержит одиночный суррогат (\\ud800–\\udfff), "
                                            "это не текст Unicode") from None
