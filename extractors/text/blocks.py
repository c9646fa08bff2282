"""A page as blocks: one per line of a dump, spaces folded, and which blocks read as prose."""

from __future__ import annotations

import functools
import re
import unicodedata

from extractors.words import LINE_CACHE_SIZE, word_count

# Crawler headers that some dumpers put first: "date 2024-11-20", "url: https://…".
CRAWLER_HEADER = re.compile(
    r"^\s*(?P<key>date|url|fetched|fetched_at|crawled|crawl_date|retrieved|published|source)"
    r"\s*[:=]?\s+(?P<value>https?://\S+|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?"
    r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?=\s|$)",
    re.IGNORECASE,
)
# A block is body text when it reads as prose: enough words and a sentence end, or many words.
BODY_MIN_WORDS = 8
BODY_LONG_WORDS = 20
# The spaces a block's are folded from, besides the plain one.
_OTHER_SPACES = "\t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff"
# Each of the others becomes a plain space first (few are), then each run of plain spaces
# one: a substitution at every space between two words would cost a match each.
_ODD_SPACE = re.compile(f"[{_OTHER_SPACES}]")
_SPACE_RUN = re.compile("  +")
# A block of nothing but invisible format characters (zero-width joiners, soft hyphens, word
# joiners), left by page builders between paragraphs: it is as empty as a blank line.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]+")
TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”’»]$")


def _fold_spaces(text: str) -> str:
    """``text`` with each run of spaces (of any width) one plain space."""
    text = _ODD_SPACE.sub(" ", text)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def normalize_block(block: str) -> str:
    """One block with NFC, unicode spaces folded to one space, and outer space stripped; a
    block of invisible characters only is empty."""
    block = _fold_spaces(unicodedata.normalize("NFC", block)).strip()
    return "" if _INVISIBLE.fullmatch(block) else block


def split_blocks(text: str) -> list[str]:
    """A dump's non-empty blocks: each line is one block (whitespace-only lines go), each as
    ``normalize_block`` gives it."""
    # The whole text normalised at once is each line normalised: no space pattern holds a line
    # break, and NFC composes nothing across one.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _fold_spaces(unicodedata.normalize("NFC", text))
    blocks = (line.strip() for line in text.split("\n"))
    return [b for b in blocks if b and not _INVISIBLE.fullmatch(b)]


def block_bound(text: str) -> int:
    """At least the number of blocks ``split_blocks`` finds in ``text``, counted without
    splitting: its line breaks, less the empty lines between two newlines."""
    return text.count("\n") + text.count("\r") + 1 - text.count("\n\n")


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def is_body(block: str) -> bool:
    """Whether a block reads as a paragraph of prose."""
    words = word_count(block)
    return words >= BODY_LONG_WORDS or (words >= BODY_MIN_WORDS and bool(TERMINAL.search(block)))


def clean_title(title: str) -> str:
    """A headline without a closing full stop ("… Russian forces." -> "… Russian forces")."""
    title = normalize_block(title)
    last = title.split(" ")[-1] if title else ""
    if title.endswith(".") and not title.endswith("..") and last.count(".") == 1:
        title = title[:-1].rstrip()
    return title
