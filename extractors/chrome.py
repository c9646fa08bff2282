"""Line-level chrome classification: which rule, if any, says a block is page furniture."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from extractors import patterns

# A word: a run of non-space characters, except that each Chinese or Japanese character counts
# as one, since those scripts put no spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SENTENCE_PUNCT = re.compile(r"[.!?;\"“”]")
# Lines whose word count and chrome kind are remembered: menus and footers recur on every page
# of a site, and a line is measured several times while its page is cleaned. Bounded, so the
# memory of a long run does not grow.
LINE_CACHE_SIZE = 65536


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated, with each Chinese or Japanese character one word."""
    if _CJK_CHAR.search(text) is None:
        return len(text.split())  # the same runs as _WORD's, found faster
    return len(_WORD.findall(text))


def breadcrumb_items(line: str) -> list[str] | None:
    """The items of a breadcrumb trail ("Home > News > World"), or None if ``line`` is not one."""
    if not _SEPARATOR_KEYWORDS.search(line) or not patterns.BREADCRUMB_SEPARATORS.search(line):
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

# Python's own regex parser, which names the parts of a pattern (see pattern_keywords).
_parser: Any = import_module("re._parser")
_constants: Any = import_module("re._constants")
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


def literal_key(line: str) -> str:
    """``line`` folded so that a case-insensitive match of an ASCII literal in it is a substring
    of it: case folded, and the two i's that match "i" without folding to it ("ı", "İ")
    written as "i"."""
    return line.casefold().replace("i\u0307", "i").replace("ı", "i")


def _foldable(ch: str) -> bool:
    """Whether a literal character of a case-insensitive pattern, lower-cased, stands in the
    ``literal_key`` of whatever it matches: an ASCII one, or one without case ("©", "|")."""
    return ch.isascii() or ch.lower() == ch.upper() == ch.casefold() == ch


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The option whose shortest keyword is longest (then the one with fewest keywords)."""
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def _keyword_options(items: Any) -> list[frozenset[str]]:
    """Sets of keywords one of which every match of the parsed pattern ``items`` holds."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is _constants.LITERAL and _foldable(chr(arg)):
            run.append(chr(arg).lower())
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        if op is _constants.SUBPATTERN:
            options.extend(_keyword_options(arg[3]))
        elif op is _constants.ATOMIC_GROUP:
            options.extend(_keyword_options(arg))
        elif op in _REPEATS and arg[0] >= 1:
            options.extend(_keyword_options(arg[2]))
        elif op is _constants.BRANCH:
            branches = [_best(_keyword_options(branch)) for branch in arg[1]]
            if all(branches):
                options.append(frozenset().union(*(b for b in branches if b)))
    return options


def pattern_keywords(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` holds (tested against
    ``literal_key`` of the text), or None when the pattern has no such set worth testing."""
    return _best(_keyword_options(_parser.parse(pattern.pattern, pattern.flags)))


def keyword_search(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A search for any of ``pattern_keywords(pattern)``, longest first; None without them."""
    keywords = pattern_keywords(pattern)
    if keywords is None:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True)))


# The strings every breadcrumb separator holds ("|", "::", ...): a line without one is no trail,
# found without the separators' own search. They have no case, so the line is searched as it is.
_SEPARATOR_KEYWORDS = keyword_search(patterns.BREADCRUMB_SEPARATORS) or re.compile("")


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


def _anchored(part: str) -> bool:
    """Whether a pattern matches only at the start of the text: it opens with ``^`` and has no
    alternative at its top level."""
    first = _parser.parse(part, re.IGNORECASE)[0]
    return part.startswith("^") and first == (_constants.AT, _constants.AT_BEGINNING)


def _matcher(rule: patterns.LineRule) -> _Matcher:
    anchored = [p[1:] for p in rule.parts if _anchored(p)]  # without the ^: match() holds it
    floating = [p for p in rule.parts if not _anchored(p)]
    start = patterns.alternation(anchored) if anchored else None
    anywhere = patterns.alternation(floating) if floating else None
    keywords = keyword_search(anywhere) if anywhere is not None else None
    return _Matcher(rule.kind, rule.max_words, start, anywhere, keywords)


_MATCHERS = tuple(_matcher(rule) for rule in patterns.LINE_RULES)


def list_header_kind(line: str, words: int | None = None) -> str | None:
    """The kind of a line that heads what follows an article (other stories, the author's
    box), or None; ``words`` is the line's word count when the caller has it."""
    if (word_count(line) if words is None else words) > patterns.RELATED_HEADER_MAX_WORDS:
        return None
    return next((kind for kind, rx in patterns.LIST_HEADERS if rx.match(line)), None)
