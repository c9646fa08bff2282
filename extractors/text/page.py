"""The state of cleaning one page's blocks, and what cleaning gives (``CleanText``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.meta.dates import FoundDate
from extractors.record import Removed


@dataclass(slots=True)
class CleanText:
    """What cleaning a page's blocks gives: the article paragraphs, what went, and metadata."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    published: FoundDate | None = None
    published_text: str | None = None
    dateline: str | None = None
    agency: str | None = None
    site: str | None = None
    url: str | None = None

    @property
    def text(self) -> str:
        """The article: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


class Page:
    """The blocks of one page and the state of cleaning them."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.kind: list[str | None] = [None] * len(blocks)
        # Segments cut from the front of a kept block (a dateline), recorded in page order.
        self.cut_before: dict[int, Removed] = {}
        self.out = CleanText()
        # Blocks found to head an author box: they end the article like an end marker.
        self.box_heads: set[int] = set()

    def drop(self, i: int, kind: str) -> None:
        """Mark block ``i`` as stripped by rule ``kind``."""
        self.kind[i] = kind

    def content(self) -> list[int]:
        """Indexes of the blocks not stripped so far."""
        return [i for i, k in enumerate(self.kind) if k is None]
