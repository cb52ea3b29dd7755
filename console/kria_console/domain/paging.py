"""Every list paginates: the page a person asked for, and the links before and after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

PAGE_SIZE = 20
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @staticmethod
    def parse(raw: str | None, size: int = PAGE_SIZE) -> Page:
        """A page number from the query string; anything not a sane positive number is the first page."""
        try:
            number = int(raw or "1")
        except ValueError:
            number = 1
        return Page(min(max(number, 1), MAX_PAGE), size)


@dataclass(frozen=True)
class Pager:
    page: Page
    shown: int
    total: int | None  # None: the service does not count (there is a next page if this one is full)

    @property
    def has_previous(self) -> bool:
        return self.page.number > 1

    @property
    def has_next(self) -> bool:
        if self.total is not None:
            return self.page.offset + self.shown < self.total
        return self.shown >= self.page.size

    @property
    def pages(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.page.size))


def slice_page(items: list[T], page: Page) -> tuple[list[T], Pager]:
    """One page of a list the console already holds whole (filtered locally)."""
    chunk = items[page.offset:page.offset + page.size]
    return chunk, Pager(page, len(chunk), len(items))
