"""The keywords a chrome rule cannot match without: derived from the rule's own regex, and
never a reason to miss a line the rule matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_chrome import ARTICLE_LINES, CHROME

from extractors.chrome import classify as chrome
from extractors.chrome import rules as patterns
from extractors.chrome.classify import classify_line
from extractors.chrome.keywords import is_anchored, literal_key, pattern_keywords

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("pattern", "keywords"),
    [
        (r"all rights reserved", {"all rights reserved"}),
        # an optional part is not required; the longest required run is taken
        (r"\b(?:are|is) (?:a )?(?:registered )?trademarks? of\b", {"trademark"}),
        # one alternative or the other: one keyword from each
        (r"^(?:sign up|subscribe)\b.{0,40}\bnewsletter|inbox$", {"newsletter", "inbox"}),
        (r"(?:getty images?|shutterstock)\s*\.?$", {"getty image", "shutterstock"}),
        # a repeat of at least one holds its item; a caseless symbol is a literal too
        (r"(?:ab+cd){1,3}", {"cd"}),
        (r"^(?:©|\(c\))\s*\d{4}", {"©", "(c)"}),
        # upper case in the pattern is folded, as the line is
        (r"Story Continues Below", {"story continues below"}),
    ],
)
def test_keywords_of_a_pattern(pattern: str, keywords: set[str]) -> None:
    assert pattern_keywords(re.compile(pattern, re.IGNORECASE)) == keywords


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\W+$",  # no literal at all
        r"(?:newsletter)?",  # nothing is required
        r"newsletter|\d+",  # one alternative has no literal
        r"(?=.*newsletter).{3}",  # a lookahead is not counted
    ],
)
def test_a_pattern_without_required_keywords_has_none(pattern: str) -> None:
    assert pattern_keywords(re.compile(pattern, re.IGNORECASE)) is None


@pytest.mark.parametrize(
    "line", ["ALL RIGHTS RESERVED", "Tüm hakları saklıdır — all rıghts reserved", "© İnc"]
)
def test_the_folded_line_holds_what_a_case_insensitive_match_holds(line: str) -> None:
    # the dotless and the dotted capital i match "i" without folding to it
    for pattern in (r"all rights reserved", r"© inc"):
        if re.search(pattern, line, re.IGNORECASE):
            keywords = pattern_keywords(re.compile(pattern, re.IGNORECASE))
            assert keywords is not None
            assert any(k in literal_key(line) for k in keywords)


def _unfiltered(line: str) -> str | None:
    """``classify_line`` with every rule's regex searched, keywords or not."""
    if chrome.breadcrumb_items(line) is not None:
        return "breadcrumb"
    words = chrome.word_count(line)
    kind = chrome.list_header_kind(line, words)
    if kind is not None:
        return kind
    for rule in patterns.LINE_RULES:
        if words <= rule.max_words and rule.pattern.search(line):
            return rule.kind
    return None


LINES = [line for line, _ in CHROME] + ARTICLE_LINES
LINES += [line for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("line", [line.strip() for line in LINES if line.strip()])
def test_keywords_change_no_line_s_kind(line: str) -> None:
    assert classify_line(line) == _unfiltered(line)


def test_every_rule_match_holds_one_of_its_keywords() -> None:
    for rule in chrome._MATCHERS:
        if rule.anywhere is None or rule.keywords is None:
            continue
        for line in LINES:
            if rule.anywhere.search(line):
                assert rule.keywords.search(literal_key(line)), (rule.kind, line)


def test_a_rule_s_anchored_parts_are_tried_at_the_start_only() -> None:
    matchers = dict(zip(patterns.LINE_RULES, chrome._MATCHERS, strict=True))
    newsletter = next(m for r, m in matchers.items() if r.kind == "newsletter")
    assert newsletter.start is not None and newsletter.anywhere is not None
    # "^thanks? for ..." is anchored; "newsletters?$" is not
    assert newsletter.start.match("Thanks for signing up")
    assert not newsletter.start.match("x Thanks for signing up")
    assert newsletter.anywhere.search("Our daily newsletter")
    # an alternative at the top level of a part keeps the part unanchored
    assert not is_anchored(r"^a|b") and is_anchored(r"^(?:a|b)")


@pytest.mark.parametrize(
    "line", [*LINES, "Home :: News", "Home » World » Europe", "A > B", "News/Local", "Top •"]
)
def test_a_line_a_breadcrumb_separator_stands_in_holds_one_of_its_keywords(line: str) -> None:
    if patterns.BREADCRUMB_SEPARATORS.search(line):
        assert chrome._SEPARATOR_KEYWORDS.search(line), line


def test_contributor_lines_keep_their_matches_behind_keywords() -> None:
    from extractors.meta import people as metadata

    for pattern, keywords in metadata._CONTRIBUTOR_KEYWORDS:
        for line in [
            "Lolita C. Baldor and Tara Copp contributed from Washington.",
            "Contributing: Jane Doe, John Roe",
            "Reporting by Jane Doe in London; Editing by John Roe",
            "ADDITIONAL REPORTING BY JANE DOE",
        ]:
            if pattern.match(line):
                assert keywords is not None and keywords.search(literal_key(line))
