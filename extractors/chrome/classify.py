"""Line-level chrome classification: which rule, if any, says a block is page furniture."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors.chrome.keywords import is_anchored, keyword_search, literal_key
from extractors.chrome.rules import (
    BREADCRUMB_MAX_ITEM_WORDS,
    BREADCRUMB_SEPARATORS,
    LINE_RULES,
    LIST_HEADERS,
    RELATED_HEADER_MAX_WORDS,
    LineRule,
    alternation,
)
from extractors.words import LINE_CACHE_SIZE, word_count

_SENTENCE_PUNCT = re.compile(r"[.!?;\"“”]")


def breadcrumb_items(line: str) -> list[str] | None:
    """The items of a breadcrumb trail ("Home > News > World"), or None if ``line`` is not one."""
    if not _SEPARATOR_KEYWORDS.search(line) or not BREADCRUMB_SEPARATORS.search(line):
        return None
    stripped = line.strip()
    items = [i for i in BREADCRUMB_SEPARATORS.split(stripped) if i]
    if not items or len(items) > 12:
        return None
    if len(items) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        return None  # a table's row, its cells between pipes ("| Retail | Basic | Best |")
    for item in items:
        if word_count(item) > BREADCRUMB_MAX_ITEM_WORDS or _SENTENCE_PUNCT.search(item):
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
    key: str | None = None
    for rule in _MATCHERS:
        if words > rule.max_words:
            continue
        if rule.start is not None and rule.start.match(line):
            return rule.kind
        if rule.anywhere is None:
            continue
        if rule.keywords is not None:
            # the rest can match only where one of its keywords stands: a search for plain
            # strings spares most lines the rule's own search
            key = literal_key(line) if key is None else key
            if not rule.keywords.search(key):
                continue
        if rule.anywhere.search(line):
            return rule.kind
    return None


# --- Keywords a pattern cannot match without -----------------------------------------------


# The strings every breadcrumb separator holds ("|", "::", ...): a line without one is no trail,
# found without the separators' own search. They have no case, so the line is searched as it is.
_SEPARATOR_KEYWORDS = keyword_search(BREADCRUMB_SEPARATORS) or re.compile("")


@dataclass(frozen=True, slots=True)
class _Matcher:
    """A rule as ``classify_line`` runs it: the alternatives anchored at the line's start are
    tried there alone (a search would try them at every character); the others are searched
    for where one of their keywords stands."""

    kind: str
    max_words: int
    start: re.Pattern[str] | None
    anywhere: re.Pattern[str] | None
    keywords: re.Pattern[str] | None


def _matcher(rule: LineRule) -> _Matcher:
    anchored = [p[1:] for p in rule.parts if is_anchored(p)]  # without the ^: match() holds it
    floating = [p for p in rule.parts if not is_anchored(p)]
    start = alternation(anchored) if anchored else None
    anywhere = alternation(floating) if floating else None
    keywords = keyword_search(anywhere) if anywhere is not None else None
    return _Matcher(rule.kind, rule.max_words, start, anywhere, keywords)


_MATCHERS = tuple(_matcher(rule) for rule in LINE_RULES)


def list_header_kind(line: str, words: int | None = None) -> str | None:
    """The kind of a line that heads what follows an article (other stories, the author's
    box), or None; ``words`` is the line's word count when the caller has it."""
    if (word_count(line) if words is None else words) > RELATED_HEADER_MAX_WORDS:
        return None
    return next((kind for kind, rx in LIST_HEADERS if rx.match(line)), None)
