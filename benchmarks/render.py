"""Render a benchmark page's HTML into a whole-page plain-text dump, as a naive scraper would.

Benchmark-only code: it produces the kind of input the text path receives (the visible text of
the whole page, navigation, sign-ups and footers included), so the text path can be measured
against the same ground truth as the HTML path. Block elements start their own line, inline
elements are joined, ``<br>`` breaks the line, and invisible content (scripts, styles, the head)
is dropped. No CSS is applied: text hidden by stylesheets stays in, as in a naive dump.
"""

from __future__ import annotations

import re
from enum import Enum

from lxml import etree, html

# Elements whose content a naive scraper never shows.
DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "svg",
    "math",
    "iframe",
    "object",
)
# Elements that start and end a block (a line of their own).
BLOCK_TAGS = frozenset(
    {
        *("html", "body", "main", "article", "section", "header", "footer", "nav", "aside"),
        *("div", "p", "pre", "blockquote", "address", "center", "hr", "form", "fieldset", "legend"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "figure", "figcaption"),
        *("ul", "ol", "li", "dl", "dt", "dd", "dir", "menu", "details", "summary", "dialog"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"),
        *("select", "optgroup", "option"),
    }
)
# Table cells are blocks for an HTML-aware dump but a scraper copying text joins a row's cells.
CELL_TAGS = frozenset({"td", "th"})
_INLINE_SPACE_RE = re.compile(r"\s+")
_PRE_SPACE_RE = re.compile(r"[^\S\n]+")


class DumpStyle(Enum):
    """How blocks are separated in a dump."""

    BLANK_LINE = "blank"  # one empty line between blocks
    NEWLINE = "newline"  # one newline between blocks

    @property
    def separator(self) -> str:
        """The string put between two blocks."""
        return "\n\n" if self is DumpStyle.BLANK_LINE else "\n"


class _DumpBuilder:
    """Collects text fragments into lines and lines into blocks."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self._lines: list[str] = []
        self._fragments: list[str] = []

    def add(self, text: str | None, *, preformatted: bool) -> None:
        """Append a text fragment, its whitespace collapsed unless preformatted."""
        if text:
            pattern = _PRE_SPACE_RE if preformatted else _INLINE_SPACE_RE
            self._fragments.append(pattern.sub(" ", text))

    def break_line(self) -> None:
        """End the current line (a ``<br>`` or a newline in preformatted text)."""
        for line in "".join(self._fragments).split("\n"):
            if line.strip():
                self._lines.append(line.strip())
        self._fragments = []

    def break_block(self) -> None:
        """End the current block."""
        self.break_line()
        if self._lines:
            self.blocks.append(self._lines)
            self._lines = []


def _parse(raw: bytes, encoding: str) -> etree._Element | None:
    """Parse HTML bytes with a known encoding; None for an empty or unparsable document."""
    parser = html.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True)
    try:
        return html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _walk(root: etree._Element, builder: _DumpBuilder) -> None:
    """Feed the tree's visible text to the builder in document order."""
    pre_depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "pre":
                pre_depth += 1
            if tag in BLOCK_TAGS and tag not in CELL_TAGS:
                builder.break_block()
            elif tag == "br":
                builder.break_line()
            builder.add(element.text, preformatted=pre_depth > 0)
            continue
        if tag in CELL_TAGS:
            builder.add(" ", preformatted=False)
        elif tag in BLOCK_TAGS:
            builder.break_block()
        if tag == "pre":
            pre_depth -= 1
        builder.add(element.tail, preformatted=pre_depth > 0)
    builder.break_block()


def render_dump(raw_html: bytes, style: DumpStyle, *, encoding: str = "utf-8") -> str:
    """Whole-page text dump of an HTML page: one block per line (or per paragraph), chrome kept."""
    root = _parse(raw_html, encoding)
    if root is None:
        return ""
    etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
    builder = _DumpBuilder()
    _walk(root, builder)
    return style.separator.join("\n".join(lines) for lines in builder.blocks)
