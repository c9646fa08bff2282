"""Line-level chrome classification: which rule, if any, says a block is page furniture."""

from __future__ import annotations

import functools
import re

from extractors import patterns

# A word: a run of non-space characters, except that each Chinese or Japanese character counts
# as one, since those scripts put no spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")
_SENTENCE_PUNCT = re.compile(r"[.!?;\"“”]")
# Lines whose word count and chrome kind are remembered: menus and footers recur on every page
# of a site, and a line is measured several times while its page is cleaned. Bounded, so the
# memory of a long run does not grow.
LINE_CACHE_SIZE = 65536


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated, with each Chinese or Japanese character one word."""
    return len(_WORD.findall(text))


def breadcrumb_items(line: str) -> list[str] | None:
    """The items of a breadcrumb trail ("Home > News > World"), or None if ``line`` is not one."""
    if not patterns.BREADCRUMB_SEPARATORS.search(line):
        return None
    items = [i for i in patterns.BREADCRUMB_SEPARATORS.split(line.strip()) if i]
    if not items or len(items) > 12:
        return None
    for item in items:
        if word_count(item) > patterns.BREADCRUMB_MAX_ITEM_WORDS or _SENTENCE_PUNCT.search(item):
            return None
        if not re.search(r"[^\W\d_]", item) or not item[0].isupper():
            return None
    # One item is a crumb only with a trailing or leading separator ("Home |").
    if len(items) == 1 and not re.search(r"^\s*(?:\||›|»|>|→|•)|(?:\||›|»|>|→|•)\s*$", line):
        return None
    return items


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def classify_line(line: str) -> str | None:
    """The chrome kind of one stripped block, or None when it may be article text."""
    if breadcrumb_items(line) is not None:
        return "breadcrumb"
    words = word_count(line)
    kind = list_header_kind(line, words)
    if kind is not None:
        return kind
    for rule in patterns.LINE_RULES:
        if words <= rule.max_words and rule.pattern.search(line):
            return rule.kind
    return None


def list_header_kind(line: str, words: int | None = None) -> str | None:
    """The kind of a line that heads what follows an article (other stories, the author's
    box), or None; ``words`` is the line's word count when the caller has it."""
    if (word_count(line) if words is None else words) > patterns.RELATED_HEADER_MAX_WORDS:
        return None
    return next((kind for kind, rx in patterns.LIST_HEADERS if rx.match(line)), None)
