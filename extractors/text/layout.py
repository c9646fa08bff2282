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
from extractors.text.lines import BULLET, indent, quoted, starts_item
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

# A link's text as restored, between two marks from Unicode's private use area (a dump holding
# either is not marked), so that a block made of nothing but links can be told after the layout
# is undone: at least LINK_BLOCK_MIN_SHARE of its letters and digits stand in links.
_LINK_OPEN, _LINK_CLOSE = "\ue000", "\ue001"
_MARKED_LINK = re.compile(f"{_LINK_OPEN}([^{_LINK_CLOSE}]*){_LINK_CLOSE}")
LINK_BLOCK_MIN_SHARE = 0.9

# --- Text-browser marks ----------------------------------------------------------------------

# Form fields as text browsers draw them: "[ ]", "[X]", "( )", "[________]".
_FORM_FIELD = re.compile(r"\[(?: |x|X|_{2,})\]|\(\s\)|\[_+\s*\]")
# Link numbers before a link's text ("[12]Council"), and the list of their targets at the end.
_LINK_NUMBER = re.compile(r"\[\d{1,4}\](?=\S)")
_NUMBERED_URL = re.compile(r"^\s*\d{1,4}\.\s+(?:https?|ftp|mailto|file|javascript):\S*\s*$")
# The same lines found in a whole text (a dump with fewer than LINK_TARGETS_MIN has no list).
_NUMBERED_URLS = re.compile(r"(?m)^[^\S\n]*\d{1,4}\.[^\S\n]+(?:https?|ftp|mailto|file|javascript):")
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

# --- Fragments -------------------------------------------------------------------------------

# A dump whose sentences are split at their inline elements has many lines that continue the
# one before them (a lowercase start, a closing mark): at least FRAGMENT_MIN_SHARE of its lines,
# and FRAGMENT_MIN_LINES of them (a poem's few lowercase lines do not make a dump fragmented).
# 0.03 (from 0.06) was checked on both site halves of the bench dumps: BeautifulSoup dumps of
# pages with long menus split their article's sentences too, and every renderer's F1 held.
FRAGMENT_MIN_SHARE = 0.03
FRAGMENT_MIN_LINES = 5
# A short line between two pieces of one sentence (a link's or emphasis's text).
FRAGMENT_MAX_WORDS = 3
# The most lines one sentence is joined from; the fewest words of its opening line, and of the
# whole sentence. An opening of FRAGMENT_TITLE_WORDS words or more all capitalised is a menu's
# or a headline's, not a sentence's.
FRAGMENT_TITLE_WORDS = 3
FRAGMENT_MAX_LINES = 40
FRAGMENT_MIN_OPENING_WORDS = 1
FRAGMENT_MIN_WORDS = 6
# The most blank lines passed over between two pieces of one sentence.
FRAGMENT_MAX_BLANKS = 2
# A longer run of blank lines (a dump of one text node a line keeps the source's indentation
# lines, a hundred at a time) reads as FRAGMENT_MAX_BLANKS + 1 of them: no step tells more
# apart, and each step then walks the lines that hold text, not the markup's whitespace.
_BLANK_RUN = re.compile(f"\\n(?:[ \\t]*\\n){{{FRAGMENT_MAX_BLANKS + 2},}}")
_BLANK_RUN_KEPT = "\n" * (FRAGMENT_MAX_BLANKS + 2)

# A separator between inline items ("Mar 5, 2025 | 6 comments", "Home / News") alone on its
# line, and the most words of the items it joins.
_SEPARATORS = frozenset("|·/")
SEPARATED_MAX_WORDS = 6

# The characters a line's end may leave a sentence ended with; the start of a line that goes on
# with the sentence before it (a lowercase word, a closing or continuing mark); and the marks
# around a link's text, which either may stand beside.
_END_CHARS = frozenset('.!?:;…"”’»)]')
_GOES_ON = '(?:[a-zà-ÿ]|[,.;:!?()\\]’”%]|"(?=[\\s,.;:!?)]))'
_MARK_CHARS = _LINK_OPEN + _LINK_CLOSE
_MARKS = f"[{_MARK_CHARS}]*"
# A sentence's end: a word of two letters or more (not an abbreviation's "U.S."), then its stop.
_STOP_WORD = re.compile(f'[^\\s.]{{2,}}[.!?](?:["”’»)\\]])*{_MARKS}')
_CONTINUES = re.compile(f"^{_MARKS}{_GOES_ON}")
# A line, and a line that continues an unfinished one (see _fragmented), found in the whole text.
_NON_BLANK_LINE = re.compile(r"(?m)^[ \t]*\S")
_CONTINUATION_START = re.compile(f"\\n[ \\t]*{_MARKS}{_GOES_ON}")
# The break before a line that goes on with a sentence, blank lines passed over.
_CONTINUATION_AT = re.compile(f"\\n(?:[ \\t]*\\n)*[ \\t]*{_MARKS}{_GOES_ON}")
# The space a text node keeps beside a word (not a bullet glyph's, "* "; not an indent).
# A glyph's space let a list's bullets join the teaser under them (inscriptis dumps, aeb).
_SPACE_BEFORE = re.compile(r"^ \w")
_SPACE_AFTER = re.compile(r"\w $")
_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?)\]’”%]|\"(?=[\s,.;:!?)]|$))")
# A quotation opened at a line's end (`book, "`): the sentence goes on in the next line.
_OPENING_QUOTES = frozenset('"“‘«')


# Each of these three looks at a line's end alone, however long the line (a sentence is
# rejoined piece by piece, and asked at each piece whether it ended).
def _ends_sentence(line: str) -> bool:
    """Whether a line ends with a mark that may end a sentence (a link's marks aside)."""
    return line.rstrip(_MARK_CHARS)[-1:] in _END_CHARS


def _ends_full_stop(text: str) -> bool:
    """Whether text ends a sentence for sure: its last word has two letters or more before
    its stop, and only closing marks after it."""
    if not text or text[-1].isspace():
        return False
    return _STOP_WORD.fullmatch(text.rsplit(None, 1)[-1]) is not None


def _opens_quote(line: str) -> bool:
    """Whether a line ends by opening a quotation (`book, "`)."""
    return line[-1:] in _OPENING_QUOTES and (len(line) == 1 or line[-2].isspace())


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
    if _LINK_OPEN not in restored:
        return DumpBlocks(split_blocks(restored), layout.removed, frozenset(), layout.fragmented)
    links: set[str] = set()
    for line in restored.split("\n"):
        if _LINK_OPEN in line and _link_share(line) >= LINK_BLOCK_MIN_SHARE:
            links.add(_unmarked(line))
    blocks = split_blocks(_unmarked(restored))
    link_blocks = frozenset(split_blocks("\n".join(links)))
    return DumpBlocks(blocks, layout.removed, link_blocks, layout.fragmented)


def restore_layout(text: str) -> Layout:
    """The lines of a dump as one block a line, whichever layout it was written in. A Markdown
    link's text comes back between ``_LINK_OPEN`` and ``_LINK_CLOSE`` (``dump_blocks`` takes
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
        mark = _LINK_OPEN not in text and _LINK_CLOSE not in text
        layout.lines = strip_links(
            layout.lines, layout.removed, (_LINK_OPEN, _LINK_CLOSE) if mark else None
        )
    if "](" in text and is_markdown(text):
        layout.lines, joined = strip_markdown(layout.lines, layout.removed)
        layout.joined += joined
    fields = ("[" in text or "( )" in text) and _FORM_FIELD.search(text)
    targets = _target_lines(layout.lines) if "://" in text else set()
    if fields or targets:
        _strip_browser_marks(layout, targets)
    _strip_bullets(layout)
    if _fragmented("\n".join(layout.lines)):
        layout.fragmented = True
        _join_separated(layout)
        _join_fragments(layout)
    return layout


def _link_share(line: str) -> float:
    """The share of a line's letters and digits that stand in a link's text."""
    # the marks are no letters: the line's letters are counted as they stand
    inside = alnum_count("".join(_MARKED_LINK.findall(line)))
    total = alnum_count(line)
    return inside / total if total else 0.0


def _unmarked(text: str) -> str:
    """Text without the marks around links' texts."""
    return text.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")


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
    if len(_NUMBERED_URLS.findall("\n".join(lines))) < LINK_TARGETS_MIN:
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
    return 0 < len(words) <= TARGET_HEADER_MAX_WORDS and not _ends_full_stop(line.strip())


def _strip_bullets(layout: Layout) -> None:
    """Bullet glyphs at the start of an indented line, as text browsers print list items, go;
    the indent stays, so that a wrapped item's continuation lines still line up under it."""
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
    open_ended = sum(1 for line in near if not _ends_sentence(line.rstrip()))
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


def _fragmented(text: str) -> bool:
    """Whether many lines continue the sentence of the line before them."""
    # a line that opens as a continuation is found fast from its line break; whether the line
    # before it was unfinished is checked only when there are enough of them
    if len(_CONTINUATION_START.findall(text)) < FRAGMENT_MIN_LINES:
        return False
    lines = len(_NON_BLANK_LINE.findall(text))
    continuing = _continued_lines(text)
    return lines >= 10 and continuing >= max(FRAGMENT_MIN_LINES, FRAGMENT_MIN_SHARE * lines)


def _continued_lines(text: str) -> int:
    """How many lines go on with an unfinished line before them: a line that opens as a
    continuation, after one whose last character (spaces, tabs and then a link's marks aside)
    ends no sentence. A line of one character counts as a continuation or as unfinished, not
    both."""
    count = 0
    taken = -1  # the end of the last continuation counted
    for m in _CONTINUATION_AT.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        while k >= 0 and text[k] in _MARK_CHARS:
            k -= 1
        if k < taken or k < 0 or text[k] in _END_CHARS or text[k].isspace():
            continue
        count += 1
        taken = m.end()
    return count


def _join_separated(layout: Layout) -> None:
    """Short items split at the separator between them ("Mar 5, 2025", "|", "6 comments")
    joined back into the one line they stood on: a separator alone on its line joins the
    lines on either side of it when both are short."""
    if not any(line.strip() in _SEPARATORS for line in layout.lines):
        return
    # the lines stay as written, their spaces at either end too (see _join_fragments)
    raw = layout.lines
    lines = [line.strip() for line in raw]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line not in _SEPARATORS:
            out.append(raw[i])
            i += 1
            continue
        after = _next_line(lines, i + 1)
        before = len(out) - 1
        while before >= 0 and not out[before].strip() and len(out) - before <= FRAGMENT_MAX_BLANKS:
            before -= 1
        if (
            after is not None
            and before >= 0
            and out[before].strip()
            and len(out[before].split()) <= SEPARATED_MAX_WORDS
            and len(lines[after].split()) <= SEPARATED_MAX_WORDS
        ):
            del out[before + 1 :]
            out[before] = f"{out[before].strip()} {line} {lines[after]}"
            layout.joined += after - i + 1
            i = after + 1
            continue
        out.append(raw[i])
        i += 1
    layout.lines = out


def _join_fragments(layout: Layout) -> None:
    """The pieces of a sentence split at its inline elements joined: from an unfinished line,
    the lines that continue it (a lowercase start, a closing mark; or a short line, a link's
    text, before such a one), up to the line that ends the sentence. A run that ends no
    sentence (a menu of lowercase items) stays as it is. Blank lines are left out: every
    step after this one reads a line as a block, and a blank line as none."""
    raw = layout.lines
    lines = _Lines([line.strip() for line in raw])
    # the pieces of a sentence that a dump of text nodes split keep the space between them: at
    # the end of one ("rebooted ") or at the start of the next (" TV series"); one space, not
    # an indent (a blank line has neither)
    spaced = set()
    for i in lines.filled:
        line = raw[i]
        if line[:1] == " " and _SPACE_BEFORE.match(line):
            spaced.add(i)
        if line[-1:] == " " and _SPACE_AFTER.search(line):
            spaced.add(i + 1)
    out: list[str] = []
    taken = -1  # the last line joined into a sentence
    for i in lines.filled:
        if i <= taken:
            continue
        end, joined = _sentence_run(lines, i, spaced)
        if end > i:
            out.append(joined)
            layout.joined += end - i
            taken = end
            continue
        out.append(lines.text[i])
    layout.lines = out


class _Lines:
    """A dump's lines, stripped, with what the sentence runs ask of each line that holds text
    (``filled``) worked out once: its number of words, whether it goes on with the sentence
    before it, and the next line that holds text within FRAGMENT_MAX_BLANKS blank lines
    (``after``; None when there is none)."""

    __slots__ = ("after", "filled", "goes_on", "text", "words")

    def __init__(self, text: list[str]) -> None:
        self.text = text
        self.filled = [i for i, line in enumerate(text) if line]
        count = len(text)
        self.words = [0] * count
        self.goes_on = [False] * count
        self.after: list[int | None] = [None] * count
        continues = _CONTINUES.match
        for i in self.filled:
            line = text[i]
            self.words[i] = len(line.split())
            self.goes_on[i] = continues(line) is not None
        for i, j in zip(self.filled, self.filled[1:], strict=False):
            if j - i - 1 <= FRAGMENT_MAX_BLANKS:
                self.after[i] = j


def _sentence_run(lines: _Lines, start: int, spaced: set[int]) -> tuple[int, str]:
    """The last line of the sentence that opens, unfinished, at ``start`` and goes on in the
    lines after it, and the sentence; ``start`` and its line when it does not. The opening
    reads as prose (a few words, not all capitalised), and the run ends as a sentence does: a
    word, then its full stop, not an abbreviation's dot, an ellipsis or a closing bracket; or,
    where the next line no longer goes on, a last piece longer than a link's text that ends
    with any mark that ends a sentence but an ellipsis. Blank lines between
    the pieces are passed over (a dump of one text node a line keeps the source's own)."""
    text, words, following_line = lines.text, lines.words, lines.after
    first = text[start]
    if words[start] < FRAGMENT_MIN_OPENING_WORDS:
        return start, first
    if not _goes_on_from(lines, following_line[start], spaced, frozenset()):
        return start, first  # the line after the opening does not go on with it
    title_cased = words[start] >= FRAGMENT_TITLE_WORDS and not any(
        w[:1].islower() for w in first.split()
    )
    ended = _ends_sentence(first) and not _opens_quote(first)
    if title_cased or ended:
        return start, first
    joined, last = first, start
    admitted: set[int] = set()
    j = following_line[start]
    while j is not None and j - start <= FRAGMENT_MAX_LINES:
        after = following_line[j]
        if not _goes_on_from(lines, j, spaced, admitted):
            break
        if (
            words[j] <= FRAGMENT_MAX_WORDS
            and after is not None
            and after in spaced
            and words[after] > FRAGMENT_MAX_WORDS
        ):
            admitted.add(after)
        joined, last = _joined(joined, text[j]), j
        if _ends_full_stop(joined):
            break
        j = after
    if last == start or len(joined.split()) < FRAGMENT_MIN_WORDS:
        return start, first
    if _ends_full_stop(joined) or (
        words[last] > FRAGMENT_MAX_WORDS
        and _ends_sentence(joined)
        and not joined.endswith(("...", "…"))
    ):
        return last, joined
    return start, first


def _goes_on_from(
    lines: _Lines, j: int | None, spaced: set[int], admitted: set[int] | frozenset[int]
) -> bool:
    """Whether line ``j`` goes on with the sentence before it: it opens as a continuation; or
    it is a short piece (a link's text) before a line that does, or before a run of text that
    kept its space before it (" TV series, is in ..."), whatever that run's case; or a short
    piece before it let it in (``admitted``)."""
    if j is None:
        return False
    if lines.goes_on[j] or j in admitted:
        return True
    if lines.words[j] > FRAGMENT_MAX_WORDS:
        return False
    after = lines.after[j]
    if after is None:
        return False
    return lines.goes_on[after] or (after in spaced and lines.words[after] > FRAGMENT_MAX_WORDS)


def _next_line(lines: list[str], i: int) -> int | None:
    """The first non-blank line from ``i`` within FRAGMENT_MAX_BLANKS blank lines, if any."""
    for j in range(i, min(len(lines), i + FRAGMENT_MAX_BLANKS + 1)):
        if lines[j]:
            return j
    return None


def _joined(before: str, after: str) -> str:
    """Two pieces of one sentence as one, with a space unless the second opens with a mark."""
    if _NO_SPACE_BEFORE.match(after) or _opens_quote(before):
        return before + after
    return f"{before} {after}"
