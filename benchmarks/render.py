"""Render a benchmark page's HTML into a whole-page plain-text dump, as a naive scraper would.

Benchmark-only code: it produces the kind of input the text path receives (the visible text of
the whole page, navigation, sign-ups and footers included), so the text path can be measured
against the same ground truth as the HTML path. Block elements start their own line, inline
elements are joined, ``<br>`` breaks the line, and invisible content (scripts, styles, the head)
is dropped. No CSS is applied: text hidden by stylesheets stays in, as in a naive dump.

Besides our two dump styles, ``render`` makes the dumps other tools write (``Renderer``):
BeautifulSoup's ``get_text``, inscriptis, html2text with and without its wrapping, and our own
dump hard-wrapped as text browsers print it. The other tools are the ``bench`` extra, imported
only when their renderer runs.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class BlockInfo:
    """What a text browser needs to know of a block to lay it out."""

    tag: str  # the innermost block element around the block's text ("" at the top)
    list_depth: int  # how many list items the block is inside
    bullet: bool  # the block opens a list item (the first block of an ``li``)
    preformatted: bool  # inside ``<pre>``: printed as it is, never wrapped


class _DumpBuilder:
    """Collects text fragments into lines and lines into blocks."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.infos: list[BlockInfo] = []  # one per block, for the wrapped renderers
        self._lines: list[str] = []
        self._fragments: list[str] = []
        # The context of the text being collected, kept up to date by ``_walk``.
        self.tags: list[str] = []
        self.list_depth = 0
        self.bullet_pending = False
        self.preformatted = False

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
            self.infos.append(
                BlockInfo(
                    tag=self.tags[-1] if self.tags else "",
                    list_depth=self.list_depth,
                    bullet=self.bullet_pending and self.list_depth > 0,
                    preformatted=self.preformatted,
                )
            )
            self.bullet_pending = False
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
                _open_block(builder, tag, pre_depth)
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
        if tag in BLOCK_TAGS and tag not in CELL_TAGS:
            _close_block(builder, tag, pre_depth)
        builder.add(element.tail, preformatted=pre_depth > 0)
    builder.break_block()


def _open_block(builder: _DumpBuilder, tag: str, pre_depth: int) -> None:
    """Enter a block element: the text that follows is in its context."""
    builder.tags.append(tag)
    builder.preformatted = pre_depth > 0
    if tag == "li":
        builder.list_depth += 1
        builder.bullet_pending = True


def _close_block(builder: _DumpBuilder, tag: str, pre_depth: int) -> None:
    """Leave a block element: the text that follows is in its parent's context."""
    if builder.tags:
        builder.tags.pop()
    builder.preformatted = pre_depth > 0
    if tag == "li":
        builder.list_depth = max(builder.list_depth - 1, 0)
        builder.bullet_pending = False


def _build(raw_html: bytes, encoding: str) -> _DumpBuilder:
    """The page's visible text as blocks of lines; no blocks for an unparsable page."""
    builder = _DumpBuilder()
    root = _parse(raw_html, encoding)
    if root is not None:
        etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
        _walk(root, builder)
    return builder


def render_dump(raw_html: bytes, style: DumpStyle, *, encoding: str = "utf-8") -> str:
    """Whole-page text dump of an HTML page: one block per line (or per paragraph), chrome kept."""
    builder = _build(raw_html, encoding)
    return style.separator.join("\n".join(lines) for lines in builder.blocks)


def _wrap_block(lines: list[str], info: BlockInfo, width: int) -> str:
    """One block laid out as a text browser prints it: filled, list items on a hanging indent."""
    if info.preformatted:
        return "\n".join(lines)
    indent = " " * (2 * info.list_depth + 2) if info.list_depth else ""
    first_indent = f"{' ' * (2 * info.list_depth)}* " if info.bullet else indent
    out: list[str] = []
    for index, line in enumerate(lines):
        # Words are never split (long URLs overflow, hyphenated words stay whole), as in lynx.
        filled = textwrap.fill(
            line,
            width=width,
            initial_indent=first_indent if index == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        if filled:
            out.append(filled)
    return "\n".join(out)


def render_wrapped(raw_html: bytes, width: int, *, encoding: str = "utf-8") -> str:
    """Our dump hard-wrapped at ``width`` columns, a blank line between blocks, as lynx prints."""
    builder = _build(raw_html, encoding)
    blocks = (
        _wrap_block(lines, info, width)
        for lines, info in zip(builder.blocks, builder.infos, strict=True)
    )
    return "\n\n".join(block for block in blocks if block)


class MissingRendererError(ImportError):
    """A renderer's library is not installed (it is in the ``bench`` extra)."""


def _missing(renderer: str, package: str, exc: ImportError) -> MissingRendererError:
    """The error raised when ``package``, which ``renderer`` needs, cannot be imported."""
    return MissingRendererError(
        f"renderer {renderer!r} needs {package}, which is not installed ({exc}): "
        "pip install -e '.[bench]'"
    )


def _decode(raw_html: bytes) -> str:
    """The page as text for the other tools: UTF-8, invalid bytes replaced."""
    return raw_html.decode("utf-8", errors="replace")


def render_bs4(raw_html: bytes) -> str:
    """BeautifulSoup's ``get_text("\\n")`` after dropping script, style, noscript and template."""
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:
        raise _missing(Renderer.BS4.value, "beautifulsoup4", exc) from exc
    soup = BeautifulSoup(_decode(raw_html), "lxml")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    return soup.get_text("\n")


def render_inscriptis(raw_html: bytes) -> str:
    """inscriptis's ``get_text``: a layout-aware dump (indented lists, tables as columns)."""
    try:
        import inscriptis
    except ImportError as exc:
        raise _missing(Renderer.INSCRIPTIS.value, "inscriptis", exc) from exc
    return str(inscriptis.get_text(_decode(raw_html)))


def render_html2text(raw_html: bytes, *, body_width: int | None = 0) -> str:
    """html2text's Markdown: ``body_width`` 0 leaves lines unwrapped, None keeps its 78."""
    try:
        import html2text
    except ImportError as exc:
        raise _missing(Renderer.HTML2TEXT.value, "html2text", exc) from exc
    converter = html2text.HTML2Text()
    if body_width is not None:
        converter.body_width = body_width
    return converter.handle(_decode(raw_html))


class Renderer(Enum):
    """A way to turn a page into a whole-page text dump, by its stable name."""

    OURS_BLANK = "ours-blank"  # our dump, a blank line between blocks
    OURS_NEWLINE = "ours-newline"  # our dump, one newline between blocks
    BS4 = "bs4"  # BeautifulSoup get_text("\n"): what a Python scraper most often writes
    INSCRIPTIS = "inscriptis"
    HTML2TEXT = "html2text"  # Markdown, paragraphs unwrapped (body_width=0)
    HTML2TEXT_WRAPPED = "html2text-wrapped"  # Markdown wrapped at html2text's default width
    WRAP72 = "wrap72"  # our dump hard-wrapped at 72 columns, as a text browser prints it
    WRAP80 = "wrap80"
    WRAP100 = "wrap100"

    @property
    def key(self) -> str:
        """The name results are keyed by: the dump style's for ours, the renderer's otherwise."""
        style = _OURS_STYLES.get(self)
        return style.value if style is not None else self.value


_OURS_STYLES = {Renderer.OURS_BLANK: DumpStyle.BLANK_LINE, Renderer.OURS_NEWLINE: DumpStyle.NEWLINE}
_RENDERERS: dict[Renderer, Callable[[bytes], str]] = {
    Renderer.OURS_BLANK: lambda raw: render_dump(raw, DumpStyle.BLANK_LINE),
    Renderer.OURS_NEWLINE: lambda raw: render_dump(raw, DumpStyle.NEWLINE),
    Renderer.BS4: render_bs4,
    Renderer.INSCRIPTIS: render_inscriptis,
    Renderer.HTML2TEXT: render_html2text,
    Renderer.HTML2TEXT_WRAPPED: lambda raw: render_html2text(raw, body_width=None),
    Renderer.WRAP72: lambda raw: render_wrapped(raw, 72),
    Renderer.WRAP80: lambda raw: render_wrapped(raw, 80),
    Renderer.WRAP100: lambda raw: render_wrapped(raw, 100),
}


def render(raw_html: bytes, renderer: Renderer | str) -> str:
    """Whole-page text dump of an HTML page (UTF-8) as ``renderer`` writes it."""
    return _RENDERERS[Renderer(renderer)](raw_html)
