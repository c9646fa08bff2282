"""Words, and text folded to compare it: how words are counted (each Chinese or Japanese
character one), and the keys two spellings of the same text share."""

from __future__ import annotations

import functools
import re

# Chinese and Japanese characters (kana, CJK ideographs and their extensions A and
# compatibility forms): those scripts put no spaces between words, so each counts as one.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
_WORD = re.compile(f"[{CJK}]|[^\\s{CJK}]+")
# Lines whose measures are remembered (word counts here, chrome kinds and prose scores where
# they are computed): menus and footers recur on every page of a site, and a line is measured
# several times while its page is cleaned. Bounded, so the memory of a long run does not grow.
LINE_CACHE_SIZE = 65536
_NOT_WORD = re.compile(r"\W+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated, with each Chinese or Japanese character one
    word. Not remembered: for a whole page's text (``word_count`` remembers a line's)."""
    if CJK_CHAR.search(text) is None:
        return len(text.split())  # the same runs as _WORD's, found faster
    return len(_WORD.findall(text))


word_count = functools.lru_cache(maxsize=LINE_CACHE_SIZE)(count_words)


def fold_words(text: str) -> str:
    """``text`` as its words: case folded, each run of spaces and punctuation one space
    ("Home | News." -> "home news")."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def fold_case(text: str) -> str:
    """``text`` with case folded and each run of spaces one space."""
    return _SPACES.sub(" ", text.casefold()).strip()


# The bytes of ASCII that are no letter or digit (an ASCII text's are counted without a regex).
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())


def alnum_count(text: str) -> int:
    """How many letters and digits ``text`` holds."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM))
    return len(_NOT_ALNUM.sub("", text))


def alnum_key(text: str) -> str:
    """``text`` as its letters and digits, case folded ("The Daily-Post" -> "thedailypost")."""
    return _NOT_ALNUM.sub("", text.casefold())
