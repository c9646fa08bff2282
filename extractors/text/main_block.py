"""The main block of a text dump: each block scored as prose or chrome, and the run with the
most prose kept."""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from extractors.chrome.classify import list_header_kind
from extractors.chrome.rules import LIST_HEADERS
from extractors.text.blocks import TERMINAL, is_body
from extractors.words import CJK_CHAR, LINE_CACHE_SIZE, word_count

if TYPE_CHECKING:
    from extractors.text.clean import Page

# The main-block search scores each block and keeps the contiguous run with the highest sum:
# a paragraph of prose scores its words; other blocks cost these many points. The costs and
# weights below were tuned together by grid search on the whole-page text dumps rendered from
# ../shared/bench (aeb, 181 pages; wcxb-dev-articles, 709), keeping mean recall >= 0.95:
# see `python -m benchmarks.text_dumps`.
SHORT_BLOCK_WORDS = 3
SHORT_BLOCK_COST = 3.0
OTHER_BLOCK_COST = 1.0
CHROME_BLOCK_COST = 25.0
# A run of at least WALL_MIN_BLOCKS blocks none of which is prose (a menu, a teaser list, the
# gap between an article and its comments) costs WALL_COST more: articles rarely cross one.
WALL_MIN_BLOCKS = 4
WALL_COST = 20.0
# Chrome that stands inside articles as often as around them goes, but costs the main block
# no more than the text it stands for: a photo credit, a caption or a table of contents as
# much as any non-prose block, a button label ("Learn more") as much as any short line. (The
# closing braces of a code block cost as much as a line of code: see _block_score.)
INLINE_CHROME_COSTS = {
    "image_credit": OTHER_BLOCK_COST,
    # a block that was a Markdown link's text alone (text.layout); not tuned: any non-prose
    # block's cost, so that a link inside an article does not cut it
    "link_block": OTHER_BLOCK_COST,
    "table_of_contents": OTHER_BLOCK_COST,
    "button": SHORT_BLOCK_COST,
}
# In a dump whose sentences were split at their inline elements (text.layout), a stray token
# is as often a piece of the text as chrome: a list's number, a price beside its shop, a
# trademark sign or a rating star set apart from its name ("®", "★"), an operator of a
# highlighted code sample ("=="). It costs as much as any short line. The glyphs of a widget
# (an arrow, "+", "×", "☰", a close button's "X") cost as chrome does, whatever the layout.
# Checked on both site halves of the bench dumps (aeb, wcxb-dev-articles; bs4, html2text,
# newline and wrap80 renderers), against numbers and punctuation alone at this cost: wcxb bs4
# F1 0.920->0.922 and 0.928->0.932, recall 0.947->0.950 and 0.942->0.949; no half lower.
FRAGMENTED_STRAY_COST = SHORT_BLOCK_COST
_WIDGET_GLYPH = re.compile(r"^[»«›‹→←↑↓▶◀▸◂►◄▲▼△▽+×✕✖☰|X]$")
# Chrome that marks the end of an article (a comment section, the copyright footer, the header
# of a list of other stories or of an author box): prose after it is comments or another
# story, so crossing it costs as much as a paragraph is worth.
END_MARKER_KINDS = frozenset({"comment_widget", "copyright"})
END_MARKER_COST = 50.0
# Prose after a comment widget that follows at least AFTER_END_MIN_PROSE points of prose is
# worth AFTER_END_WEIGHT of its words: a comment thread longer than a short article must not
# win the main block. (Copyright lines do not count here: code and image credits carry them.)
AFTER_END_WEIGHT = 0.25
AFTER_END_MIN_PROSE = 50.0
# A block that is not prose but is written in sentence case (a list item, a subhead) is worth
# this much per word; a title-cased one ("Apple Pro Display XDR") is a menu item and costs.
LIST_ITEM_WEIGHT = 0.25
# Blocks after a references header searched for a source before it is taken as the end.
CITATION_LOOKAHEAD = 3
# Items of a list announced by a line ending in a colon that cost the main block nothing; they
# are no wall, as a table's cells are not. A label inside such a list ("Price:") opens a list
# of its own, and the figure right after it is its value ("$299"), kept as text. Checked on
# both site halves of the bench dumps: wcxb recall 0.944->0.947 (bs4), 0.960->0.963 (wrap80) on
# one half, every other half as good or better.
INTRODUCED_LIST_MAX_ITEMS = 30
# The rows of a data table ("1/1/2013 +13.1%", "Ohio 4.2% 1,204") cost the main block nothing:
# at least this many consecutive lines of two to DATA_ROW_MAX_TOKENS cells, at least half of
# them numbers. (An archive's "October 2019" or a category's "Travel (12)" counts no number:
# years and counts.) On the bench dumps (aeb, wcxb-dev-articles) rows 3 to 8 and cells 8 to
# 30 all leave every page as good or better; 3 and 20 keep the widest tables whole.
DATA_TABLE_MIN_ROWS = 3
DATA_ROW_MAX_TOKENS = 20
# A data table dumped one cell per line ("1/1/2013", "+13.1%", "Larry Ogunjobi", "85%"): a run
# of cells of at most CELL_MAX_TOKENS tokens that are figures, each within CELL_TABLE_MAX_GAP
# blocks of the next, at least CELL_TABLE_MIN_NUMBERS of them not bare one- or two-digit
# numbers (a calendar or a pager is made of those), costs nothing, and is no wall. At least
# CELL_TABLE_MIN_SHORT_SHARE of its blocks are short and at most CELL_TABLE_MAX_HEADLINE_SHARE
# are headlines, or it is a list of teasers with their times and view counts. Chosen by
# reading the bench dumps' worst pages (aeb, wcxb-dev-articles; ours-newline and bs4
# renderers), then checked on both halves of the sites (split by a hash of the site): every
# half as good or better, on html2text and wrap80 dumps too. The fewest numbers, 6 at first,
# is 4 since a second check on both halves: a team's table of three players has as few (aeb
# bs4 recall 0.934->0.940 on one half, wcxb bs4 0.950->0.951 and 0.949->0.952, no page lower);
# at 3 a teaser list's dates and counts pass for a table (wcxb, one half lower).
CELL_TABLE_MIN_NUMBERS = 4
CELL_TABLE_MAX_GAP = 4
CELL_MAX_TOKENS = 3
CELL_TABLE_MIN_SHORT_SHARE = 2 / 3
CELL_TABLE_MAX_HEADLINE_SHARE = 0.1
# Prose quality (see prose_quality): a block of this many words with no punctuation is not
# prose; more than this share of tokens with digits, or fewer short function words than this
# share, halves its worth; under PROSE_MIN_QUALITY it counts as a non-prose block.
PROSE_PUNCT_MIN_WORDS = 12
PROSE_MAX_DIGIT_SHARE = 0.3
PROSE_MIN_FUNCTION_SHARE = 0.08
PROSE_MIN_QUALITY = 0.5
LIST_ITEM_MAX_TITLE_SHARE = 0.6
# A long block with no sentence end is worth half (a teaser's summary, a caption); one cut off
# with an ellipsis ("… the new keyboard...") is a teaser's excerpt, worth a quarter, which puts
# it under PROSE_MIN_QUALITY.
UNFINISHED_WEIGHT = 0.5
TRUNCATED_WEIGHT = 0.25
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
# A source in a list of references: a year, a link, "et al.", "Accessed 11 Apr. 2025".
_CITATION = re.compile(
    r"\b(?:1[89]|20)\d\d\b|https?://|www\.|\bet al\b|\bdoi\b|\b(?:accessed|retrieved)\b", re.I
)
_LEAD_IN = re.compile(r"[:：]$")
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+$")
# A closing brace or bracket left alone on its line by a block of source code: "}", "});".
_CODE_DEBRIS = re.compile(r"^[{}()\[\];,]+$")
_PROSE_PUNCT = re.compile(r"[.,;:!?…。，、！？؛،]")
_DIGIT_TOKEN = re.compile(r"\S*\d\S*")
_DIGIT = re.compile(r"\d")
# The kinds a list header gives (a header of other stories, of an author box, of sources).
_LIST_HEADER_KINDS = frozenset(kind for kind, _ in LIST_HEADERS)
_YEAR_OR_COUNT = re.compile(r"^(?:(?:1[89]|20)\d\d|\(\d[\d,.]*\))$")


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def prose_quality(block: str) -> float:
    """How much a long block reads like running prose, from 0 to 1.

    Prose has punctuation, short function words ("of", "la", "und") and few numbers; a tag
    cloud, a menu row or a contact block lacks one of them. Chinese and Japanese are judged
    by punctuation alone.
    """
    tokens = block.split()
    if not tokens:
        return 0.0
    if word_count(block) >= PROSE_PUNCT_MIN_WORDS and not _PROSE_PUNCT.search(block):
        return 0.0
    quality = 1.0
    if (
        _DIGIT.search(block)
        and len(_DIGIT_TOKEN.findall(block)) / len(tokens) > PROSE_MAX_DIGIT_SHARE
    ):
        quality *= 0.5
    if len(tokens) >= PROSE_PUNCT_MIN_WORDS and not CJK_CHAR.search(block):
        short = [t for t in tokens if len(t) <= 3]
        function_words = sum(1 for t in short if t.isalpha() and t.islower())
        if function_words / len(tokens) < PROSE_MIN_FUNCTION_SHARE:
            quality *= 0.5
    return quality


def _title_case_share(block: str) -> float:
    """Share of a block's words that start with a capital letter."""
    words = [w for w in block.split() if w[:1].isalpha()]
    if not words:
        return 1.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _ends_article(page: Page, i: int) -> bool:
    """Whether block ``i`` ends the article: an end marker, or the header of a list of other
    stories or of an author box."""
    kind = page.kind[i]
    if i in page.box_heads:
        return True
    if kind in END_MARKER_KINDS:
        # a one-word widget that stands more than once ("Report" under each embedded post) is
        # a button; once ("Comments"), it heads the comments
        block = page.blocks[i]
        return kind != "comment_widget" or word_count(block) > 1 or page.blocks.count(block) < 2
    if kind not in _LIST_HEADER_KINDS or list_header_kind(page.blocks[i]) != kind:
        return False
    # A "Sources" header ends the article when sources follow it; some articles put a few
    # links of further reading under that header and then go on.
    return kind != "references" or any(
        _CITATION.search(b) for b in page.blocks[i + 1 : i + 1 + CITATION_LOOKAHEAD]
    )


def _is_list_item(block: str) -> bool:
    """Whether a block that is no prose reads as a list item or a subhead in sentence case
    ("Eat every 2–3 hours"); a title-cased one ("Apple Pro Display XDR") is a menu's."""
    return (
        word_count(block) > SHORT_BLOCK_WORDS
        and _title_case_share(block) < LIST_ITEM_MAX_TITLE_SHARE
        and not is_body(block)
    )


def _listed_link(page: Page, i: int) -> bool:
    """Whether block ``i`` is a link whose text reads as a list item in sentence case ("Shop
    may receive a commission"): it costs as a link but builds no wall, as the same line does
    not where the dump marks no links. Checked on both site halves of the bench dumps
    (html2text): aeb recall 0.934->0.940 on one half, the other unchanged; wcxb unchanged (F1
    0.9271->0.9270 on one half)."""
    return page.kind[i] == "link_block" and _is_list_item(page.blocks[i])


def _block_score(page: Page, i: int) -> float:
    """A block's worth to the main block: words of prose, or a cost for anything else."""
    if _ends_article(page, i):
        return -END_MARKER_COST
    kind = page.kind[i]
    if kind is not None:
        if kind == "stray_token" and _CODE_DEBRIS.match(page.blocks[i]):
            return -OTHER_BLOCK_COST
        if kind == "stray_token" and page.fragmented and not _WIDGET_GLYPH.match(page.blocks[i]):
            return -FRAGMENTED_STRAY_COST
        return -INLINE_CHROME_COSTS.get(kind, CHROME_BLOCK_COST)
    block = page.blocks[i]
    if is_body(block):
        quality = prose_quality(block)
        if not TERMINAL.search(block):
            quality *= UNFINISHED_WEIGHT
        elif _TRUNCATED.search(block):
            quality *= TRUNCATED_WEIGHT
        if quality >= PROSE_MIN_QUALITY:
            return quality * word_count(block)
        return -OTHER_BLOCK_COST
    words = word_count(block)
    if words <= SHORT_BLOCK_WORDS:
        return -SHORT_BLOCK_COST
    if _is_list_item(block):  # part of the text
        return LIST_ITEM_WEIGHT * words
    return -OTHER_BLOCK_COST


def _is_data_row(page: Page, i: int) -> bool:
    """Whether block ``i`` reads as a row of a data table: two or more cells, half of them
    numbers."""
    if page.kind[i] is not None or not _DIGIT.search(page.blocks[i]):
        return False
    tokens = page.blocks[i].split()
    if not 2 <= len(tokens) <= DATA_ROW_MAX_TOKENS:
        return False
    numbers = sum(1 for t in tokens if _DIGIT_TOKEN.match(t) and not _YEAR_OR_COUNT.match(t))
    return 2 * numbers >= len(tokens)


def _free_data_tables(page: Page, scores: list[float]) -> None:
    """The rows of a data table inside the text cost nothing, however many."""
    i = 0
    while i < len(scores):
        j = i
        while j < len(scores) and _is_data_row(page, j):
            j += 1
        if j - i >= DATA_TABLE_MIN_ROWS:
            for k in range(i, j):
                scores[k] = max(scores[k], 0.0)
        i = max(j, i + 1)


_SMALL_INTEGER = re.compile(r"^\d{1,2}$")
# A figure as a table cell holds it: a sign or currency, digits, separators, a short unit
# ("+13.1%", "$139.00", "1/1/2013", "2.5m"); not a name with a number glued to it ("CF-S10(7)").
_FIGURE = re.compile(r"^[-+−±~<>$€£¥(]*\d[\d.,:/%‰-]*[^\W\d_]{0,2}[%)]?$")


def _is_figure_cell(page: Page, i: int) -> bool:
    """Whether block ``i`` is a table cell holding a figure: "+13.1%", "1/1/2013", "63"."""
    if page.kind[i] not in (None, "stray_token"):
        return False
    tokens = page.blocks[i].split()
    if not tokens or len(tokens) > CELL_MAX_TOKENS:
        return False
    numbers = [t for t in tokens if _FIGURE.match(t) and not _YEAR_OR_COUNT.match(t)]
    return 2 * len(numbers) >= len(tokens)


def _reads_as_table(page: Page, span: range) -> bool:
    """Whether the blocks of ``span`` read as a table's cells: mostly short, and few headlines
    (a list of teasers with their dates, times or view counts has one per item)."""
    short = headlines = 0
    for k in span:
        if word_count(page.blocks[k]) <= SHORT_BLOCK_WORDS:
            short += 1
        elif _title_case_share(page.blocks[k]) >= LIST_ITEM_MAX_TITLE_SHARE:
            headlines += 1
    return short >= CELL_TABLE_MIN_SHORT_SHARE * len(
        span
    ) and headlines <= CELL_TABLE_MAX_HEADLINE_SHARE * len(span)


def _free_cell_tables(page: Page, scores: list[float]) -> set[int]:
    """The cells of a data table dumped one cell per line cost nothing, its header and the
    first row's cells before its first figure included; returns the blocks freed."""
    freed: set[int] = set()
    figures = [i for i in range(len(scores)) if _is_figure_cell(page, i)]
    telling = {i for i in figures if not _SMALL_INTEGER.match(page.blocks[i].strip())}
    start = 0
    for end in range(1, len(figures) + 1):
        if end < len(figures) and figures[end] - figures[end - 1] <= CELL_TABLE_MAX_GAP:
            continue
        run, start = figures[start:end], end
        if sum(1 for i in run if i in telling) < CELL_TABLE_MIN_NUMBERS:
            continue
        if not _reads_as_table(page, range(run[0], run[-1] + 1)):
            continue
        # the first row's cells before its first figure and the header row above it: twice
        # as many as stand between two figures
        first = run[0]
        head = 2 * (max(b - a for a, b in itertools.pairwise(run)) - 1)
        while (
            head
            and first > 0
            and page.kind[first - 1] in (None, "stray_token")
            and word_count(page.blocks[first - 1]) <= SHORT_BLOCK_WORDS
        ):
            first -= 1
            head -= 1
        for k in range(first, run[-1] + 1):
            if page.kind[k] in (None, "stray_token"):
                scores[k] = max(scores[k], 0.0)
                freed.add(k)
    return freed


def _is_label_value(page: Page, i: int) -> bool:
    """Whether block ``i`` is the figure a short label before it announces ("Price:" "$299")."""
    return (
        i > 0
        and page.kind[i] == "stray_token"
        and word_count(page.blocks[i - 1]) <= SHORT_BLOCK_WORDS
        and _is_figure_cell(page, i)
    )


def _block_scores(page: Page) -> tuple[list[float], set[int]]:
    """Every block's score, with a wall's cost added where a long run of non-prose begins;
    and the cells of the tables dumped one cell per line."""
    scores = [_block_score(page, i) for i in range(len(page.blocks))]
    _free_data_tables(page, scores)
    # a table's cells are not a wall between the text around them
    cells = _free_cell_tables(page, scores)
    # The items of a list that a line ending in a colon announces ("Services offered:") are
    # part of the text, however short: they cost nothing, up to the next prose or chrome.
    items = 0
    for i, score in enumerate(scores):
        if page.kind[i] is None and _LEAD_IN.search(page.blocks[i]):
            # a label inside the list ("Price:") opens a list of its own
            if items:
                cells.add(i)
            scores[i] = max(score, 0.0)
            items = 1
        elif (
            items
            and score < 0
            and page.kind[i] in (None, "button")  # "Jump to review" under an item
            and items <= INTRODUCED_LIST_MAX_ITEMS
            and not _BARE_URL.match(page.blocks[i])  # a list of sources, not of the text's items
        ) or (items == 1 and _is_label_value(page, i)):
            scores[i] = 0.0
            cells.add(i)
            items += 1
        else:
            items = 0
    # Prose after an end marker that follows the article's first prose is comments or other
    # stories more often than the article's: it counts for less.
    prose = 0.0
    ended = False
    for i, score in enumerate(scores):
        if ended and score > 0:
            scores[i] = score * AFTER_END_WEIGHT
        elif score > 0:
            prose += score
        elif (
            prose >= AFTER_END_MIN_PROSE
            and page.kind[i] == "comment_widget"
            and word_count(page.blocks[i]) > 1  # not a lone "Reply" or "Report" button
        ):
            ended = True
    run_start = None
    for i, score in enumerate([*scores, 1.0]):
        if score <= 0 and i not in cells and not _listed_link(page, i):
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None and i - run_start >= WALL_MIN_BLOCKS:
            scores[run_start] -= WALL_COST
        run_start = None
    return scores, cells


def keep_main_block(page: Page) -> None:
    """Keep the contiguous run of blocks with the most prose; the blocks around it go."""
    best = run = 0.0
    best_span = (0, -1)
    start = 0
    scores, cells = _block_scores(page)
    for i, score in enumerate(scores):
        if run <= 0:
            run, start = score, i
        else:
            run += score
        if run > best:
            best, best_span = run, (start, i)
    if best <= 0:
        return
    first, last = best_span
    for i in page.content():
        if i < first or i > last:
            page.drop(i, "outside_main_block")
    # a figure alone in its cell ("63", "85%") is the table's text, not a stray token
    for i in cells:
        if first <= i <= last and page.kind[i] == "stray_token":
            page.kind[i] = None
