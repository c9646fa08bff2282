"""The keywords a regex cannot match without, found by Python's own regex parser: a cheap
prefilter that spares most lines a chrome rule's full search.

The parser (``re._parser``) is private to Python; ``BOILERSTRIP_PLAIN=regex_keywords`` (see
``extractors.switches``) turns the prefilter off: no rule has keywords, no part is taken as
anchored, and every line gets every rule's full search, with the same answers. Measured with
``python -m benchmarks.fast_paths``.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

from extractors.switches import plain

# Python's own regex parser, which names the parts of a pattern (see pattern_keywords).
_parser: Any = import_module("re._parser")
_constants: Any = import_module("re._constants")
PLAIN = plain("regex_keywords")
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
    ``literal_key`` of the text), or None when the pattern has no such set worth testing (or
    the prefilter is off)."""
    if PLAIN:
        return None
    return _best(_keyword_options(_parser.parse(pattern.pattern, pattern.flags)))


def keyword_search(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A search for any of ``pattern_keywords(pattern)``, longest first; None without them."""
    keywords = pattern_keywords(pattern)
    if keywords is None:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True)))


def is_anchored(part: str) -> bool:
    """Whether a pattern matches only at the start of the text: it opens with ``^`` and has no
    alternative at its top level. (With the prefilter off, none is: each part is searched.)"""
    if PLAIN:
        return False
    first = _parser.parse(part, re.IGNORECASE)[0]
    return part.startswith("^") and first == (_constants.AT, _constants.AT_BEGINNING)
