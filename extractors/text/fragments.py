"""Sentences split at their inline elements, joined back: a dump of one text node a line
breaks a sentence at each link and emphasis ("Read the", "full report", "on the site."), and
the pieces read as a menu's items to the chrome rules. Whether a dump is so split is read from
its whole text (how many lines go on with an unfinished one), never from the tool that wrote
it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from extractors.text.lines import LINK_CLOSE, LINK_OPEN

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
# A separator between inline items ("Mar 5, 2025 | 6 comments", "Home / News") alone on its
# line, and the most words of the items it joins.
_SEPARATORS = frozenset("|·/")
SEPARATED_MAX_WORDS = 6

# The characters a line's end may leave a sentence ended with; the start of a line that goes on
# with the sentence before it (a lowercase word, a closing or continuing mark); and the marks
# around a link's text, which either may stand beside.
_END_CHARS = frozenset('.!?:;…"”’»)]')
_GOES_ON = '(?:[a-zà-ÿ]|[,.;:!?()\\]’”%]|"(?=[\\s,.;:!?)]))'
_MARK_CHARS = LINK_OPEN + LINK_CLOSE
_MARKS = f"[{_MARK_CHARS}]*"
# A sentence's end: a word of two letters or more (not an abbreviation's "U.S."), then its stop.
_STOP_WORD = re.compile(f'[^\\s.]{{2,}}[.!?](?:["”’»)\\]])*{_MARKS}')
_CONTINUES = re.compile(f"^{_MARKS}{_GOES_ON}")
# A line, and a line that continues an unfinished one (see fragmented), found in the whole text.
_NON_BLANK_LINE = re.compile(r"\n[ \t]*\S")
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
def ends_sentence(line: str) -> bool:
    """Whether a line ends with a mark that may end a sentence (a link's marks aside)."""
    return line.rstrip(_MARK_CHARS)[-1:] in _END_CHARS


def ends_full_stop(text: str) -> bool:
    """Whether text ends a sentence for sure: its last word has two letters or more before
    its stop, and only closing marks after it."""
    if not text or text[-1].isspace():
        return False
    return _STOP_WORD.fullmatch(text.rsplit(None, 1)[-1]) is not None


def opens_quote(line: str) -> bool:
    """Whether a line ends by opening a quotation (`book, "`)."""
    return line[-1:] in _OPENING_QUOTES and (len(line) == 1 or line[-2].isspace())


def fragmented(text: str) -> bool:
    """Whether many lines continue the sentence of the line before them."""
    # a line that opens as a continuation is found fast from its line break; whether the line
    # before it was unfinished is checked only when there are enough of them
    if len(_CONTINUATION_START.findall(text)) < FRAGMENT_MIN_LINES:
        return False
    lines = len(_NON_BLANK_LINE.findall("\n" + text))
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


def join_separated(raw: list[str]) -> tuple[list[str], int]:
    """Short items split at the separator between them ("Mar 5, 2025", "|", "6 comments")
    joined back into the one line they stood on: a separator alone on its line joins the
    lines on either side of it when both are short."""
    if not any(line.strip() in _SEPARATORS for line in raw):
        return raw, 0
    # the lines stay as written, their spaces at either end too (see join_fragments)
    lines = [line.strip() for line in raw]
    following = _following([i for i, line in enumerate(lines) if line], len(lines))
    joined = 0
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line not in _SEPARATORS:
            out.append(raw[i])
            i += 1
            continue
        after = following[i]
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
            joined += after - i + 1
            i = after + 1
            continue
        out.append(raw[i])
        i += 1
    return out, joined


def join_fragments(raw: list[str]) -> tuple[list[str], int]:
    """The pieces of a sentence split at its inline elements joined: from an unfinished line,
    the lines that continue it (a lowercase start, a closing mark; or a short line, a link's
    text, before such a one), up to the line that ends the sentence. A run that ends no
    sentence (a menu of lowercase items) stays as it is. Blank lines are left out: every
    step after this one reads a line as a block, and a blank line as none."""
    lines = _Lines([line.strip() for line in raw])
    joined_lines = 0
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
    going_on = _going_on(lines, spaced)
    out: list[str] = []
    taken = -1  # the last line joined into a sentence
    for i in lines.filled:
        if i <= taken:
            continue
        if lines.after[i] not in going_on:  # the next line does not go on with this one
            out.append(lines.text[i])
            continue
        end, joined = _sentence_run(lines, i, spaced, going_on)
        if end > i:
            out.append(joined)
            joined_lines += end - i
            taken = end
            continue
        out.append(lines.text[i])
    return out, joined_lines


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
        continues = _CONTINUES.match
        for i in self.filled:
            line = text[i]
            self.words[i] = len(line.split())
            self.goes_on[i] = continues(line) is not None
        self.after = _following(self.filled, count)


def _sentence_run(
    lines: _Lines, start: int, spaced: set[int], going_on: set[int]
) -> tuple[int, str]:
    """The last line of the sentence that opens, unfinished, at ``start`` and goes on in the
    lines after it, and the sentence; ``start`` and its line when it does not. The opening
    reads as prose (a few words, not all capitalised), and the run ends as a sentence does: a
    word, then its full stop, not an abbreviation's dot, an ellipsis or a closing bracket; or,
    where the next line no longer goes on, a last piece longer than a link's text that ends
    with any mark that ends a sentence but an ellipsis. Blank lines between
    the pieces are passed over (a dump of one text node a line keeps the source's own).
    ``going_on``: the lines that go on with the sentence before them (``_going_on``)."""
    text, words, following_line = lines.text, lines.words, lines.after
    first = text[start]
    if words[start] < FRAGMENT_MIN_OPENING_WORDS:
        return start, first
    if following_line[start] not in going_on:
        return start, first  # the line after the opening does not go on with it
    title_cased = words[start] >= FRAGMENT_TITLE_WORDS and not any(
        w[:1].islower() for w in first.split()
    )
    ended = ends_sentence(first) and not opens_quote(first)
    if title_cased or ended:
        return start, first
    joined, last = first, start
    admitted: set[int] = set()
    j = following_line[start]
    while j is not None and j - start <= FRAGMENT_MAX_LINES:
        after = following_line[j]
        if j not in going_on and j not in admitted:
            break
        if (
            words[j] <= FRAGMENT_MAX_WORDS
            and after is not None
            and after in spaced
            and words[after] > FRAGMENT_MAX_WORDS
        ):
            admitted.add(after)
        joined, last = _joined(joined, text[j]), j
        if ends_full_stop(joined):
            break
        j = after
    if last == start or len(joined.split()) < FRAGMENT_MIN_WORDS:
        return start, first
    if ends_full_stop(joined) or (
        words[last] > FRAGMENT_MAX_WORDS
        and ends_sentence(joined)
        and not joined.endswith(("...", "…"))
    ):
        return last, joined
    return start, first


def _going_on(lines: _Lines, spaced: set[int]) -> set[int]:
    """The lines that go on with the sentence before them: each opens as a continuation; or
    it is a short piece (a link's text) before a line that does, or before a run of text that
    kept its space before it (" TV series, is in ..."), whatever that run's case. (In a run,
    a short piece also lets in the line after it.)"""
    goes_on, words, after = lines.goes_on, lines.words, lines.after
    going_on = set()
    for j in lines.filled:
        later = after[j]
        if goes_on[j] or (
            words[j] <= FRAGMENT_MAX_WORDS
            and later is not None
            and (goes_on[later] or (later in spaced and words[later] > FRAGMENT_MAX_WORDS))
        ):
            going_on.add(j)
    return going_on


def _following(filled: list[int], count: int) -> list[int | None]:
    """For each of ``count`` lines, the next of the lines that hold text (``filled``) within
    FRAGMENT_MAX_BLANKS blank lines after it, if any (set on the lines that hold text)."""
    after: list[int | None] = [None] * count
    for i, j in pairwise(filled):
        if j - i - 1 <= FRAGMENT_MAX_BLANKS:
            after[i] = j
    return after


def _joined(before: str, after: str) -> str:
    """Two pieces of one sentence as one, with a space unless the second opens with a mark."""
    if _NO_SPACE_BEFORE.match(after) or opens_quote(before):
        return before + after
    return f"{before} {after}"
