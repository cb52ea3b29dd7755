"""The child's municipality from the MSE export's address column.

Rule: the address is ``<index>, <region>; <settlement with its type>, <street>...``: take the part after
the first ``;`` (or the whole address if there is none), its first comma-separated element that is not a
postal index, and drop the settlement type word (``Екатеринбург г`` -> ``Екатеринбург``,
``г. Нижний Тагил`` -> ``Нижний Тагил``).
"""

from __future__ import annotations

import re

_TYPE_WORDS = {"г", "г.", "город", "пгт", "пгт.", "п", "п.", "пос", "пос.", "поселок", "посёлок", "с", "с.",
               "село", "д", "д.", "деревня", "рп", "рп.", "р.п.", "ст-ца", "станица", "гп", "гп."}
_REGION_ENDINGS = ("обл", "обл.", "область", "край", "ао", "автономный округ", "респ", "республика")
_INDEX = re.compile(r"^\d{6}$")


def from_address(address: str) -> str:
    text = address.strip()
    if not text:
        return ""
    tail = text.split(";", 1)[1] if ";" in text else text
    for part in (p.strip() for p in tail.split(",")):
        lowered = part.lower()
        if not part or _INDEX.match(part) or lowered.endswith(_REGION_ENDINGS) or lowered.startswith("респ"):
            continue
        words = [w for w in part.split() if w.lower() not in _TYPE_WORDS]
        return " ".join(words)
    return ""


def same(a: str, b: str) -> bool:
    """Municipality names compare case-insensitively, with ё read as е."""
    return a.strip().lower().replace("ё", "е") == b.strip().lower().replace("ё", "е")
