"""The shapes of a dump's lines that the layout steps share: a list item's start, a quotation's
marks, an indent; and a paragraph's lines joined back into one."""

from __future__ import annotations

import re
from collections.abc import Callable

# A link's text as restored, between two marks from Unicode's private use area (a dump holding
# either is not marked), so that a block made of nothing but links can be told after the layout
# is undone.
LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"
# Bullet glyphs or a number at the start of a line, as text browsers and Markdown print list
# items; the item's text follows.
BULLET = re.compile(r"^(\s*)(?:[•*+□○▪◦●■‣-]|\d{1,3}[.)])\s+(?=\S)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?=\S)")
# A quotation's marks at the start of its lines ("> ", "> > "); a line of nothing else is blank.
MD_QUOTE = re.compile(r"^\s{0,3}(?:>[ \t]?)+")


# The characters such a line opens with, after its indent, besides a digit.
_ITEM_HEADS = frozenset("•*+□○▪◦●■‣-#")


def starts_item(line: str) -> bool:
    """Whether a line opens a list item (a bullet's glyph, a number) or a Markdown heading."""
    head = line.lstrip()[:1]
    if head not in _ITEM_HEADS and not head.isdigit():
        return False  # most lines, told at one look
    return bool(BULLET.match(line)) or bool(MD_HEADING.match(line))


def quoted(line: str) -> tuple[str, str]:
    """A line's quotation marks (">", ">>"; none for most lines) and the text after them."""
    quote = MD_QUOTE.match(line) if ">" in line[:4] else None
    if quote is None:
        return "", line
    return quote.group().replace(" ", "").replace("\t", ""), line[quote.end() :]


def indent(line: str) -> int:
    """A line's indent, a hanging indent's continuation counting as the item's own."""
    return len(line) - len(line.lstrip())


def join_continuations(
    lines: list[str], continues: Callable[[list[str], str], bool]
) -> tuple[list[str], int]:
    """The lines with each line that ``continues(kept, line)`` the last of the lines kept so
    far joined to it (its quotation marks dropped), and how many were joined. ``continues``
    sees every line in order, the first one with nothing kept."""
    out: list[str] = []
    joined = 0
    for line in lines:
        if continues(out, line) and out:
            # the joined line keeps what its last line ends with: a Markdown hard break's
            # two spaces
            out[-1] = out[-1].rstrip() + " " + quoted(line)[1].lstrip()
            joined += 1
        else:
            out.append(line)
    return out, joined
