"""The block model of a printable document: plain frozen data, so building one is pure and testable."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document's title


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Field:
    """A line of the form: its label and the value filled in (blank: the form's line is left for the hand)."""

    label: str
    value: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Note:
    """Small print: where a value came from, which part follows an assumed layout."""

    text: str


@dataclass(frozen=True)
class Qr:
    data: str  # what the code encodes, e.g. the verification address
    caption: str


@dataclass(frozen=True)
class SignatureBlock:
    """The signer's block; ``lines`` empty means a blank line for a handwritten signature."""

    role: str
    lines: tuple[str, ...] = ()


Block = Heading | Paragraph | Field | Table | Note | Qr | SignatureBlock


@dataclass(frozen=True)
class Document:
    title: str
    number: str
    blocks: tuple[Block, ...]
    header: tuple[str, ...] = ()  # small lines above the title (the issuing body, "Приложение №")
    language: str = "ru"
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """Every visible word, one line per block: what a reader of the printout sees (used by tests)."""
        out = [*self.header, self.title, self.number]
        for b in self.blocks:
            if isinstance(b, Field):
                out.append(f"{b.label}: {b.value}")
            elif isinstance(b, Table):
                out.extend(" | ".join(r) for r in (b.header, *b.rows))
            elif isinstance(b, Qr):
                out.append(b.caption)
            elif isinstance(b, SignatureBlock):
                out.extend((b.role, *b.lines))
            else:
                out.append(b.text)
        return "\n".join(out)
