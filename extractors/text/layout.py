"""A dump's layout, read from the whole document and undone before the chrome rules: text that
mojibake garbled repaired, Markdown and text-browser marks taken off, hard-wrapped paragraphs and
sentences split at inline elements joined back, so that the text path meets one block a line
whichever tool wrote the dump.

Every decision rests on the document's own shape (line lengths, sentence ends, case,
punctuation), never on a tool's name or a site's wording. What is taken off is recorded with
its kind, as the chrome rules' removals are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ftfy import fix_encoding

from extractors.record import Removed
from extractors.text.blocks import split_blocks
from extractors.text.fragments import (
    FRAGMENT_MAX_BLANKS,
    ends_full_stop,
    ends_sentence,
    fragmented,
    join_fragments,
    join_separated,
)
from extractors.text.lines import BULLET, LINK_CLOSE, LINK_OPEN, indent, quoted, starts_item
from extractors.text.markdown import is_markdown, strip_links, strip_markdown
from extractors.words import alnum_count

# --- Mojibake --------------------------------------------------------------------------------

# UTF-8 read as Latin-1 or cp1252 ("â€™", "Ã©", "Â "): its first byte's characters followed by
# a continuation byte's. A line holding one is handed to ftfy, which repairs only when the
# repair is sure (it weighs how odd the text is before and after).
_MOJIBAKE_LEADS = "ÂÃâÐÑØÙ"
_MOJIBAKE_HINT = re.compile(
    f"[{_MOJIBAKE_LEADS}][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc]"
)

# A block made of nothing but links (their texts between LINK_OPEN and LINK_CLOSE): at least
# LINK_BLOCK_MIN_SHARE of its letters and digits stand in links.
_MARKED_LINK = re.compile(f"{LINK_OPEN}([^{LINK_CLOSE}]*){LINK_CLOSE}")
LINK_BLOCK_MIN_SHARE = 0.9

# --- Text-browser marks ----------------------------------------------------------------------

# Form fields as text browsers draw them: "[ ]", "[X]", "( )", "[________]".
_FORM_FIELD = re.compile(r"\[(?: |x|X|_{2,})\]|\(\s\)|\[_+\s*\]")
# Link numbers before a link's text ("[12]Council"), and the list of their targets at the end.
_LINK_NUMBER = re.compile(r"\[\d{1,4}\](?=\S)")
_NUMBERED_URL = re.compile(r"^\s*\d{1,4}\.\s+(?:https?|ftp|mailto|file|javascript):\S*\s*$")
# The same lines found in a whole text (a dump with fewer than LINK_TARGETS_MIN has no list).
# (Each pattern found in a whole text opens with its line break, the text read after one: the
# regex engine leaps from one to the next, where a "^" is tried at every character.)
_NUMBERED_URLS = re.compile(r"\n[^\S\n]*\d{1,4}\.[^\S\n]+(?:https?|ftp|mailto|file|javascript):")
# Link numbers are a text browser's, not citations, when the document also holds the list of
# their targets: a run of at least LINK_TARGETS_MIN numbered urls (blank lines between them
# allowed). The short line just before the run is its header ("References"), whatever it says.
LINK_TARGETS_MIN = 3
TARGET_HEADER_MAX_WORDS = 3

# --- Hard wrap -------------------------------------------------------------------------------

# A dump is hard-wrapped when its lines pile up just under one width: at least
# WRAP_MIN_NEAR_SHARE of its lines longer than half the width end within WRAP_SLACK characters
# of it, the width lies between WRAP_MIN_WIDTH and WRAP_MAX_WIDTH (all but WRAP_OVERLONG_SHARE
# of the lines of WRAP_MIN_CHARS or more fit in it), and most of those lines end mid-sentence.
# One-block-per-line dumps spread their lengths far past any such width.
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 50, 140
WRAP_MIN_CHARS = 20
WRAP_SLACK = 12
WRAP_MIN_NEAR_SHARE = 0.4
WRAP_MIN_OPEN_SHARE = 0.5
# Or, on a page of short lines (menus, lists) around a few wrapped paragraphs: at least
# WRAP_MIN_NEAR_LINES lines at the width, WRAP_MIN_OPEN_SHARE_FEW of them broken mid-sentence.
WRAP_MIN_NEAR_LINES = 20
WRAP_MIN_OPEN_SHARE_FEW = 0.9
# The share of lines longer than the width that wrapping leaves (words longer than a line).
WRAP_OVERLONG_SHARE = 0.02

# --- Blank lines ------------------------------------------------------------------------

# A longer run of blank lines (a dump of one text node a line keeps the source's indentation
# lines, a hundred at a time) reads as FRAGMENT_MAX_BLANKS + 1 of them: no step tells more
# apart, and each step then walks the lines that hold text, not the markup's whitespace.
_BLANK_RUN = re.compile(f"\\n(?:[ \\t]*\\n){{{FRAGMENT_MAX_BLANKS + 2},}}")
_BLANK_RUN_KEPT = "\n" * (FRAGMENT_MAX_BLANKS + 2)


@dataclass(slots=True)
class Layout:
    """What reading a dump's layout did: its lines as restored, and what was taken off."""

    lines: list[str]
    removed: list[Removed] = field(default_factory=list)
    wrap_width: int | None = None
    joined: int = 0
    # whether the dump's sentences were split at their inline elements
    fragmented: bool = False


@dataclass(slots=True)
class DumpBlocks:
    """A dump's blocks with its layout undone, what that took off, and the blocks that were
    nothing but a link's text (a menu item, a teaser: chrome by their markup alone)."""

    blocks: list[str]
    removed: list[Removed]
    link_blocks: frozenset[str]
    fragmented: bool = False


def dump_blocks(text: str) -> DumpBlocks:
    """A dump's blocks, its layout undone (``restore_layout``)."""
    layout = restore_layout(text)
    restored = "\n".join(layout.lines)
    if LINK_OPEN not in restored:
        return DumpBlocks(split_blocks(restored), layout.removed, frozenset(), layout.fragmented)
    links: set[str] = set()
    for line in restored.split("\n"):
        if LINK_OPEN in line and _link_share(line) >= LINK_BLOCK_MIN_SHARE:
            links.add(_unmarked(line))
    blocks = split_blocks(_unmarked(restored))
    link_blocks = frozenset(split_blocks("\n".join(links)))
    return DumpBlocks(blocks, layout.removed, link_blocks, layout.fragmented)


def restore_layout(text: str) -> Layout:
    """The lines of a dump as one block a line, whichever layout it was written in. A Markdown
    link's text comes back between ``LINK_OPEN`` and ``LINK_CLOSE`` (``dump_blocks`` takes
    them off)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BLANK_RUN.sub(_BLANK_RUN_KEPT, text)
    layout = Layout(text.split("\n"))
    if any(lead in text for lead in _MOJIBAKE_LEADS) and _MOJIBAKE_HINT.search(text):
        _repair_mojibake(layout)
    # a hard wrap is read off the lines as they were written, links and bullets in them
    width = _wrap_width(layout.lines)
    if width is not None:
        layout.wrap_width = width
        _unwrap(layout, width)
    if "](" in text:
        mark = LINK_OPEN not in text and LINK_CLOSE not in text
        layout.lines = strip_links(
            layout.lines, layout.removed, (LINK_OPEN, LINK_CLOSE) if mark else None
        )
    if "](" in text and is_markdown(text):
        layout.lines, joined = strip_markdown(layout.lines, layout.removed)
        layout.joined += joined
    fields = ("[" in text or "( )" in text) and _FORM_FIELD.search(text)
    targets = _target_lines(layout.lines) if "://" in text else set()
    if fields or targets:
        _strip_browser_marks(layout, targets)
    _strip_bullets(layout)
    if fragmented("\n".join(layout.lines)):
        layout.fragmented = True
        for join in (join_separated, join_fragments):
            layout.lines, joined = join(layout.lines)
            layout.joined += joined
    return layout


def _link_share(line: str) -> float:
    """The share of a line's letters and digits that stand in a link's text."""
    # the marks are no letters (and, off, leave most lines ASCII, whose count is faster)
    inside = alnum_count("".join(_MARKED_LINK.findall(line)))
    total = alnum_count(_unmarked(line))
    return inside / total if total else 0.0


def _unmarked(text: str) -> str:
    """Text without the marks around links' texts."""
    return text.replace(LINK_OPEN, "").replace(LINK_CLOSE, "")


def _repair_mojibake(layout: Layout) -> None:
    """Lines that ftfy is sure hold mojibake, repaired; the garbled text is recorded."""
    for i, line in enumerate(layout.lines):
        if _MOJIBAKE_HINT.search(line):
            fixed = fix_encoding(line)
            if fixed != line:
                layout.removed.append(Removed("mojibake", line.strip()))
                layout.lines[i] = fixed


def _strip_browser_marks(layout: Layout, targets: set[int]) -> None:
    """Form fields, and the link numbers and the list of link targets a text browser prints
    (``targets``: the lines of that list, when the dump holds one)."""
    numbered = bool(targets)
    lines: list[str] = []
    for i, line in enumerate(layout.lines):
        if i in targets:
            layout.removed.append(Removed("link_references", line.strip()))
            continue
        if "[" not in line and "(" not in line:  # no field, no link number
            lines.append(line)
            continue
        for found in _FORM_FIELD.findall(line):
            layout.removed.append(Removed("form_field", found))
        line = _FORM_FIELD.sub("", line)
        if numbered:
            for found in _LINK_NUMBER.findall(line):
                layout.removed.append(Removed("link_number", found))
            line = _LINK_NUMBER.sub("", line)
        lines.append(line)
    layout.lines = lines


def _target_lines(lines: list[str]) -> set[int]:
    """The lines of the lists of link targets: runs of LINK_TARGETS_MIN numbered urls or more,
    and the short header line before each run."""
    found: set[int] = set()
    if len(_NUMBERED_URLS.findall("\n" + "\n".join(lines))) < LINK_TARGETS_MIN:
        return found
    run: list[int] = []
    for i, line in enumerate([*lines, "end"]):
        if line.lstrip()[:1].isdigit() and _NUMBERED_URL.match(line):
            run.append(i)
        elif line.strip() or i == len(lines):
            if len(run) >= LINK_TARGETS_MIN:
                found.update(run)
                header = next((j for j in range(run[0] - 1, -1, -1) if lines[j].strip()), None)
                if header is not None and _is_list_header(lines[header]):
                    found.add(header)
            run = []
    return found


def _is_list_header(line: str) -> bool:
    """Whether a line can head a list: a few words, no sentence."""
    words = line.split()
    return 0 < len(words) <= TARGET_HEADER_MAX_WORDS and not ends_full_stop(line.strip())


# A line that _strip_bullets may change, found in the whole text: an indent, then a bullet's
# glyph with text after it (BULLET's, within one line).
_INDENTED_GLYPH = re.compile(r"\n[ \t][^\S\n]*[•*+□○▪◦●■‣-][^\S\n]+\S")


def _strip_bullets(layout: Layout) -> None:
    """Bullet glyphs at the start of an indented line, as text browsers print list items, go;
    the indent stays, so that a wrapped item's continuation lines still line up under it."""
    if not _INDENTED_GLYPH.search("\n" + "\n".join(layout.lines)):
        return  # most dumps: no indented glyph anywhere
    for i, line in enumerate(layout.lines):
        if line.startswith((" ", "\t")):
            m = BULLET.match(line)
            if m and not line[m.end(1) :][:1].isdigit():
                layout.lines[i] = m.group(1) + " " * (m.end() - m.end(1)) + line[m.end() :]


def _wrap_width(lines: list[str]) -> int | None:
    """The width a dump was hard-wrapped at, or None when it was not. Lines holding a url are
    left out of the count: a wrapping writer does not break a long one."""
    # most dumps have too few lines of a wrap's length to have been wrapped
    fitting = sum(1 for n in map(len, lines) if WRAP_MIN_WIDTH - WRAP_SLACK < n <= WRAP_MAX_WIDTH)
    if fitting < WRAP_MIN_NEAR_LINES // 2:
        return None
    lengths = [
        len(line.rstrip())
        for line in lines
        if len(line.strip()) >= WRAP_MIN_CHARS and "://" not in line
    ]
    if len(lengths) < 10:
        return None
    lengths.sort()
    width = lengths[min(len(lengths) - 1, int(len(lengths) * (1 - WRAP_OVERLONG_SHARE)))]
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return None
    # the lines of running text, which a wrap fills (menus and list items stay short)
    long_lines = sum(1 for n in lengths if n > width // 2)
    near = [line for line in lines if width - WRAP_SLACK < len(line.rstrip()) <= width]
    open_ended = sum(1 for line in near if not ends_sentence(line.rstrip()))
    if len(near) >= WRAP_MIN_NEAR_SHARE * long_lines:
        return width if open_ended >= WRAP_MIN_OPEN_SHARE * len(near) else None
    # a page of short lines around a few wrapped paragraphs: many lines at the width, nearly
    # all of them broken mid-sentence
    if len(near) >= WRAP_MIN_NEAR_LINES and open_ended >= WRAP_MIN_OPEN_SHARE_FEW * len(near):
        return width
    return None


# A sentence's end, then the two spaces with which a Markdown writer breaks a line on purpose.
_HARD_BREAK_AFTER = frozenset(".!?:")


def _hard_break(line: str) -> bool:
    """Whether a line ends with a sentence's stop and a Markdown hard break (two spaces)."""
    return line[-2:] == "  " and line[-3:-2] in _HARD_BREAK_AFTER


def _unwrap(layout: Layout, width: int) -> None:
    """Each continuation line joined to its paragraph: a line broke where the next word would
    not fit in ``width``; a blank line or a list item's start begins a new block. The lines of
    a quotation carry its marks ("> "): a continuation carries the same marks as its line."""
    out: list[str] = []
    # what the last line kept tells of itself, its start being that of its first line: its
    # quotation marks, its text's indent, and its length without trailing spaces (-1: blank,
    # nothing continues it)
    last_marks, last_indent, last_length = "", 0, -1
    for line in layout.lines:
        marks, body = quoted(line)
        text = body.strip()
        if (
            text
            and last_length >= 0
            and marks == last_marks
            and last_length + 1 + len(text.split(None, 1)[0]) > width
            and indent(body) >= last_indent
            and not starts_item(body)
            and not _hard_break(out[-1])  # a Markdown writer's own break, after a sentence
        ):
            # the joined line keeps what its last line ends with: a hard break's two spaces
            out[-1] = out[-1].rstrip() + " " + body.lstrip()
            last_length += 1 + len(text)
            layout.joined += 1
            continue
        out.append(line)
        previous = line.rstrip()
        last_marks, previous_body = quoted(previous)
        last_indent = indent(previous_body)
        last_length = len(previous) if previous_body.strip() else -1
    layout.lines = out
