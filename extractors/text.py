"""Clean a sequence of text blocks: strip chrome and read the article's metadata off its lines.

Both paths end here: a text dump's lines, and the paragraphs trafilatura extracts from HTML.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from extractors import chrome, metadata, patterns
from extractors.chrome import LINE_CACHE_SIZE
from extractors.record import Removed
from extractors.templates import SiteTemplate, line_key

# A block is body text when it reads as prose: enough words and a sentence end, or many words.
BODY_MIN_WORDS = 8
BODY_LONG_WORDS = 20
# How far into the page the headline may stand, in content blocks.
HEAD_MAX_BLOCKS = 8
# A headline's size.
TITLE_MIN_WORDS, TITLE_MAX_WORDS, TITLE_MAX_CHARS = 3, 30, 250
# A headline found past the page's first blocks needs a byline or date line within this many
# content blocks after it.
HEADLINE_CREDIT_BLOCKS = 2
# An author box: a name of at most NAME_MAX_WORDS words alone on its line, then a bio that
# names the person within its first BIO_NAME_WITHIN_WORDS words.
NAME_MAX_WORDS = 4
BIO_NAME_WITHIN_WORDS = 15
# An entry of a table of contents: a heading of at most this many words.
TOC_ENTRY_MAX_WORDS = 15
# A section label's size.
SECTION_MAX_WORDS = 4
# Blocks shorter than this are not checked for repeats (short labels repeat legitimately).
DUPLICATE_MIN_CHARS = 20
# A promo that ends in a link, after the article's last paragraph.
TAIL_LINK_MAX_WORDS = 25
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
    "table_of_contents": OTHER_BLOCK_COST,
    "button": SHORT_BLOCK_COST,
}
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
# Name and date-time pairs a page needs before they are taken as the heads of comments.
COMMENT_HEADS_MIN = 3
COMMENT_STAMP_MAX_WORDS = 8
# Blocks after a references header searched for a source before it is taken as the end.
CITATION_LOOKAHEAD = 3
# Items of a list announced by a line ending in a colon that cost the main block nothing.
INTRODUCED_LIST_MAX_ITEMS = 30
# The rows of a data table ("1/1/2013 +13.1%", "Ohio 4.2% 1,204") cost the main block nothing:
# at least this many consecutive lines of two to DATA_ROW_MAX_TOKENS cells, at least half of
# them numbers. (An archive's "October 2019" or a category's "Travel (12)" counts no number:
# years and counts.) On the bench dumps (aeb, wcxb-dev-articles) rows 3 to 8 and cells 8 to
# 30 all leave every page as good or better; 3 and 20 keep the widest tables whole.
DATA_TABLE_MIN_ROWS = 3
DATA_ROW_MAX_TOKENS = 20
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

# The spaces a block's are folded from, besides the plain one.
_OTHER_SPACES = "\t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff"
_SPACES = re.compile(f"[ {_OTHER_SPACES}]+")
# Most texts hold no space but the plain one, and few runs of it: they are folded faster alone.
_ODD_SPACE = re.compile(f"[{_OTHER_SPACES}]")
_SPACE_RUN = re.compile("  +")
# A block of nothing but invisible format characters (zero-width joiners, soft hyphens, word
# joiners), left by page builders between paragraphs: it is as empty as a blank line.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]+")
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”’»]$")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
_NAME_WORD = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ-]+$|^[A-Z]\.$")
_BARE_PUNCT = ".,;:!?\"'“”‘’()"
_TOC_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)+")
# A source in a list of references: a year, a link, "et al.", "Accessed 11 Apr. 2025".
_CITATION = re.compile(
    r"\b(?:1[89]|20)\d\d\b|https?://|www\.|\bet al\b|\bdoi\b|\b(?:accessed|retrieved)\b", re.I
)
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?]$")
_LEAD_IN = re.compile(r"[:：]$")
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+$")
# A closing brace or bracket left alone on its line by a block of source code: "}", "});".
_CODE_DEBRIS = re.compile(r"^[{}()\[\];,]+$")
_SENTENCE_BREAK = re.compile(r"[a-z0-9\"”’)][.!?]\s+[A-Z\"“]")
_PROSE_PUNCT = re.compile(r"[.,;:!?…。，、！？؛،]")
_DIGIT_TOKEN = re.compile(r"\S*\d\S*")
_DIGIT = re.compile(r"\d")
# The kinds a list header gives (a header of other stories, of an author box, of sources).
_LIST_HEADER_KINDS = frozenset(kind for kind, _ in patterns.LIST_HEADERS)
_NON_WORD = re.compile(r"\W+")
_YEAR_OR_COUNT = re.compile(r"^(?:(?:1[89]|20)\d\d|\(\d[\d,.]*\))$")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_ENDS_IN_URL = re.compile(r"(?:https?://|www\.)\S+\s*$")
_COPYRIGHT_HOLDER = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?,?\s*(?P<holder>[^.|,©]{2,60}?)"
    r"(?:,?\s+(?:LLC|L\.L\.C\.|Inc|Ltd|Limited|GmbH|Corp|Corporation|PLC|LLP|AG|S\.A))?\.?"
    r"(?:\s+all rights reserved.*)?$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class CleanText:
    """What cleaning a page's blocks gives: the article paragraphs, what went, and metadata."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    published: metadata.FoundDate | None = None
    published_text: str | None = None
    dateline: str | None = None
    agency: str | None = None
    site: str | None = None
    url: str | None = None

    @property
    def text(self) -> str:
        """The article: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


def _fold_spaces(text: str) -> str:
    """``text`` with each run of spaces (of any width) one plain space."""
    if _ODD_SPACE.search(text):
        return _SPACES.sub(" ", text)
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


def _fold(text: str) -> str:
    """A block folded for comparison: case, spaces and outer punctuation ignored."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def is_body(block: str) -> bool:
    """Whether a block reads as a paragraph of prose."""
    words = chrome.word_count(block)
    return words >= BODY_LONG_WORDS or (words >= BODY_MIN_WORDS and bool(_TERMINAL.search(block)))


def clean_title(title: str) -> str:
    """A headline without a closing full stop ("… Russian forces." -> "… Russian forces")."""
    title = normalize_block(title)
    last = title.split(" ")[-1] if title else ""
    if title.endswith(".") and not title.endswith("..") and last.count(".") == 1:
        title = title[:-1].rstrip()
    return title


def _headline_shape(block: str) -> bool:
    """Whether a block has a headline's size and shape (one sentence, not a dateline)."""
    words = chrome.word_count(block)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or len(block) > TITLE_MAX_CHARS:
        return False
    if _SENTENCE_BREAK.search(block) or metadata.parse_dateline(block):
        return False
    return block[0].isupper() or block[0].isdigit() or block[0] in "\"“‘'"


def _is_section_label(block: str) -> bool:
    """Whether a block is a short label ("World", "U.S. News") rather than a sentence."""
    return (
        chrome.word_count(block) <= SECTION_MAX_WORDS
        and not _TERMINAL.search(block)
        and block[0].isupper()
        and not any(ch.isdigit() for ch in block)
    )


class _Page:
    """The blocks of one page and the state of cleaning them."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.kind: list[str | None] = [None] * len(blocks)
        # Segments cut from the front of a kept block (a dateline), recorded in page order.
        self.cut_before: dict[int, Removed] = {}
        self.out = CleanText()
        # Blocks found to head an author box: they end the article like an end marker.
        self.box_heads: set[int] = set()

    def drop(self, i: int, kind: str) -> None:
        """Mark block ``i`` as stripped by rule ``kind``."""
        self.kind[i] = kind

    def content(self) -> list[int]:
        """Indexes of the blocks not stripped so far."""
        return [i for i, k in enumerate(self.kind) if k is None]


def _take_crawler_header(blocks: list[str], out: CleanText) -> list[str]:
    """Strip leading crawler header fields ("date 2024-11-20", "url https://…") off the dump."""
    if not blocks:
        return blocks
    first = blocks[0]
    while True:
        m = patterns.CRAWLER_HEADER.match(first)
        if not m:
            break
        key, value = m.group("key").lower(), m.group("value")
        if value.lower().startswith("http"):
            out.url = out.url or value
        elif key in {"date", "published"}:
            found = metadata.find_date(value)
            if found and out.published is None:
                out.published, out.published_text = found, m.group(0).strip()
        out.removed.append(Removed("crawler_header", m.group(0).strip()))
        first = first[m.end() :].strip()
    if first == blocks[0]:
        return blocks
    return ([first] if first else []) + blocks[1:]


def _mark_chrome(page: _Page) -> None:
    """Mark every block that a chrome rule catches."""
    for i, block in enumerate(page.blocks):
        kind = chrome.classify_line(block)
        if kind:
            page.drop(i, kind)
    crumbs = [page.blocks[i] for i, k in enumerate(page.kind) if k == "breadcrumb"]
    for crumb in crumbs[:1]:
        items = [x for x in (chrome.breadcrumb_items(crumb) or []) if x.lower() != "home"]
        if items:
            page.out.section = items[-1]


def _mark_template(page: _Page, template: SiteTemplate) -> None:
    """Mark blocks of the site's template, except one that stands inside the article's prose.

    A line every page of a site carries is chrome when it sits among other chrome (a footer, a
    menu); between two paragraphs of a page's own prose it is the article's (a pull-quote).
    """
    if not template:
        return
    content = page.content()
    hits = {i for i in content if line_key(page.blocks[i]) in template}
    for n, i in enumerate(content):
        if i not in hits:
            continue
        before = content[n - 1] if n > 0 else None
        after = content[n + 1] if n + 1 < len(content) else None
        inside_prose = all(
            j is not None and j not in hits and is_body(page.blocks[j]) for j in (before, after)
        )
        if not inside_prose:
            page.drop(i, "site_template")


def _take_date(page: _Page, i: int) -> bool:
    """Read block ``i`` as a date line; keep the publication date over an update."""
    parsed = metadata.parse_date_line(page.blocks[i])
    if parsed is None:
        return False
    found, label = parsed
    page.drop(i, "date_line")
    is_update = label in patterns.UPDATE_LABELS
    out = page.out
    if out.published is None or (
        not is_update
        and out.published_text is not None
        and out.published_text.lower().startswith(tuple(patterns.UPDATE_LABELS))
    ):
        out.published, out.published_text = found, page.blocks[i]
    return True


def _take_byline(page: _Page, i: int) -> bool:
    """Read block ``i`` as a byline."""
    credit = metadata.parse_byline(page.blocks[i])
    if credit is None:
        return False
    page.drop(i, "byline")
    page.out.authors.extend(n for n in credit.names if n not in page.out.authors)
    page.out.agency = page.out.agency or credit.agency
    return True


def _read_head(page: _Page, title: str | None, find_title: bool, strict: bool = False) -> None:
    """Read title, section, byline and date off the blocks before the first paragraph.

    ``strict`` takes a headline only when a byline or a date line follows it within
    HEADLINE_CREDIT_BLOCKS content blocks (a dek may stand between).
    """
    content = page.content()
    head: list[int] = []
    for i in content[:HEAD_MAX_BLOCKS]:
        if _take_date(page, i) or _take_byline(page, i):
            continue
        head.append(i)
        if is_body(page.blocks[i]) and not _headline_shape(page.blocks[i]):
            break
    folded_title = _fold(title) if title else None
    if folded_title:
        for i in head:
            if _fold(page.blocks[i]) == folded_title:
                page.drop(i, "title")
        return
    if not find_title:
        return
    chrome_before = any(k is not None for k in page.kind[: head[0]]) if head else False
    for n, i in enumerate(head):
        block = page.blocks[i]
        if _is_section_label(block) and chrome.word_count(block) < TITLE_MIN_WORDS + 1:
            continue
        if not _headline_shape(block):
            return
        after = [j for j in page.content() if j > i]
        if strict:
            window = after[:HEADLINE_CREDIT_BLOCKS]
            end = window[-1] if len(window) == HEADLINE_CREDIT_BLOCKS else None
            if not set(page.kind[i + 1 : end]) & {"date_line", "byline"}:
                return
        elif _TERMINAL.search(block) and not (
            chrome_before
            or n > 0
            or (after and set(page.kind[i + 1 : after[0]]) & {"date_line", "byline"})
            or (after and metadata.parse_dateline(page.blocks[after[0]]) is not None)
        ):
            return
        if not after:
            return
        page.out.title = clean_title(block)
        page.drop(i, "title")
        labels = head[:n]
        for j in labels[:-1]:
            page.drop(j, "navigation")
        if labels:
            page.out.section = page.blocks[labels[-1]]
            page.drop(labels[-1], "section_label")
        return


def _read_dateline(page: _Page) -> None:
    """Parse the dateline and agency off the first paragraph, and remove them from it."""
    content = page.content()
    if not content:
        return
    i = content[0]
    found = metadata.parse_dateline(page.blocks[i])
    if found is None:
        return
    page.out.dateline = found.place
    page.out.agency = page.out.agency or found.agency
    page.cut_before[i] = Removed("dateline", found.matched)
    page.blocks[i] = found.rest


def _read_credits(page: _Page) -> None:
    """Move contributor lines into ``contributors``."""
    for i in page.content():
        credit = metadata.parse_contributor_line(page.blocks[i])
        if credit is None:
            continue
        page.drop(i, "contributor_line")
        page.out.contributors.extend(n for n in credit.names if n not in page.out.contributors)
        page.out.agency = page.out.agency or credit.agency


def _is_person_name(block: str) -> bool:
    """Whether a block is a name alone: two to four capitalised words ("Trevor Jackins")."""
    words = block.split()
    return 2 <= len(words) <= NAME_MAX_WORDS and all(_NAME_WORD.match(w) for w in words)


def _is_bio_of(bio: str, name: str) -> bool:
    """Whether ``bio`` opens as a short biography of the person ``name``: it names them as
    the subject of a bio verb, or as "I'm <first name>", and mentions a role or a career."""
    words = bio.split()[:BIO_NAME_WITHIN_WORDS]
    names = {w for w in name.split() if len(w) > 2}
    for k, word in enumerate(words):
        bare = word.strip(_BARE_PUNCT)
        if bare in {"I'm", "I’m"} or (bare == "I" and words[k + 1 : k + 2] == ["am"]):
            following = words[k + 1 + (bare == "I") :][:2]
        elif bare in names:
            following = words[k + 1 :][:2]
            if following and following[0].strip(_BARE_PUNCT) in names:
                following = following[1:]
        else:
            continue
        if following and (
            following[0] in patterns.BIO_VERBS
            or (following[0][:1].isupper() and following[0].endswith(","))
        ):
            return bool(patterns.BIO_ROLE.search(" ".join(words)))
    return False


def _mark_author_boxes(page: _Page) -> None:
    """A name alone on its line, after the article's first prose, followed by a paragraph that
    names that person in its first words ("Mike Marshall" / "With over seven years at
    FreightWaves, Mike has …"), is an author box: both go, and the name ends the article."""
    content = page.content()
    prose = 0
    for n, i in enumerate(content[:-1]):
        block = page.blocks[i]
        if prose >= AFTER_END_MIN_PROSE and _is_person_name(block):
            bio = page.blocks[content[n + 1]]
            if chrome.word_count(bio) >= BODY_MIN_WORDS and _is_bio_of(bio, block):
                page.drop(i, "author_bio")
                page.drop(content[n + 1], "author_bio")
                page.box_heads.add(i)
                continue
        if is_body(block):
            prose += chrome.word_count(block)


def _mark_comment_heads(page: _Page) -> None:
    """The head of each comment in a thread: a short name line, then a line that is only a date
    with a clock time ("Emma" / "December 18, 2025, 9:59 pm"). Taken after the page's first
    paragraph, when there are at least COMMENT_HEADS_MIN of them, so that an article's own
    author and date lines are not."""
    content = page.content()
    heads = []
    prose = False
    for n, i in enumerate(content[:-1]):
        name, stamp = page.blocks[i], page.blocks[content[n + 1]]
        prose = prose or is_body(name)
        if (
            prose
            and chrome.word_count(name) <= NAME_MAX_WORDS
            and not _SENTENCE_END.search(name)
            and _CLOCK_TIME.search(stamp)
            and chrome.word_count(stamp) <= COMMENT_STAMP_MAX_WORDS
            and metadata.parse_date_line(stamp) is not None
        ):
            heads.append((i, content[n + 1]))
    if len(heads) >= COMMENT_HEADS_MIN:
        for i, j in heads:
            page.drop(i, "comment_widget")
            page.drop(j, "comment_widget")


def _toc_key(block: str) -> str:
    """A heading folded for matching its entry in a table of contents ("2.1 1. HIIT" -> "hiit")."""
    return _fold(_TOC_NUMBERING.sub("", block))


def _drop_toc_entries(page: _Page) -> None:
    """The entries under a table of contents' header: short lines that stand again further
    down the page as the article's subheads (the entry goes, the subhead stays)."""
    headers = [i for i, kind in enumerate(page.kind) if kind == "table_of_contents"]
    if not headers:
        return
    last = {_toc_key(b): n for n, b in enumerate(page.blocks)}
    for i in headers:
        for j in range(i + 1, len(page.blocks)):
            block = page.blocks[j]
            if page.kind[j] is not None:
                continue
            if is_body(block) or chrome.word_count(block) > TOC_ENTRY_MAX_WORDS:
                break
            key = _toc_key(block)
            if key and last[key] > j:
                page.drop(j, "table_of_contents")


def _drop_repeats(page: _Page) -> None:
    """The second and later copies of a paragraph go."""
    seen: set[str] = set()
    for i in page.content():
        key = _fold(page.blocks[i])
        if len(key) < DUPLICATE_MIN_CHARS:
            continue
        if key in seen:
            page.drop(i, "duplicate")
        seen.add(key)


def _drop_tail_links(page: _Page) -> None:
    """Short blocks ending in a link, after the last paragraph of prose, are promos."""
    content = page.content()
    last_body = max(
        (i for i in content if is_body(page.blocks[i]) and not _ENDS_IN_URL.search(page.blocks[i])),
        default=-1,
    )
    for i in content:
        block = page.blocks[i]
        if (
            i > last_body
            and _ENDS_IN_URL.search(block)
            and chrome.word_count(block) <= TAIL_LINK_MAX_WORDS
        ):
            page.drop(i, "share_follow")
    for i in content:
        if i > last_body and page.kind[i] is None and metadata.parse_date_line(page.blocks[i]):
            _take_date(page, i)


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
    if chrome.word_count(block) >= PROSE_PUNCT_MIN_WORDS and not _PROSE_PUNCT.search(block):
        return 0.0
    quality = 1.0
    if (
        _DIGIT.search(block)
        and len(_DIGIT_TOKEN.findall(block)) / len(tokens) > PROSE_MAX_DIGIT_SHARE
    ):
        quality *= 0.5
    if len(tokens) >= PROSE_PUNCT_MIN_WORDS and not _CJK_CHAR.search(block):
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


def _ends_article(page: _Page, i: int) -> bool:
    """Whether block ``i`` ends the article: an end marker, or the header of a list of other
    stories or of an author box."""
    kind = page.kind[i]
    if kind in END_MARKER_KINDS or i in page.box_heads:
        return True
    if kind not in _LIST_HEADER_KINDS or chrome.list_header_kind(page.blocks[i]) != kind:
        return False
    # A "Sources" header ends the article when sources follow it; some articles put a few
    # links of further reading under that header and then go on.
    return kind != "references" or any(
        _CITATION.search(b) for b in page.blocks[i + 1 : i + 1 + CITATION_LOOKAHEAD]
    )


def _block_score(page: _Page, i: int) -> float:
    """A block's worth to the main block: words of prose, or a cost for anything else."""
    if _ends_article(page, i):
        return -END_MARKER_COST
    kind = page.kind[i]
    if kind is not None:
        if kind == "stray_token" and _CODE_DEBRIS.match(page.blocks[i]):
            return -OTHER_BLOCK_COST
        return -INLINE_CHROME_COSTS.get(kind, CHROME_BLOCK_COST)
    block = page.blocks[i]
    if is_body(block):
        quality = prose_quality(block)
        if not _TERMINAL.search(block):
            quality *= UNFINISHED_WEIGHT
        elif _TRUNCATED.search(block):
            quality *= TRUNCATED_WEIGHT
        if quality >= PROSE_MIN_QUALITY:
            return quality * chrome.word_count(block)
        return -OTHER_BLOCK_COST
    words = chrome.word_count(block)
    if words <= SHORT_BLOCK_WORDS:
        return -SHORT_BLOCK_COST
    if _title_case_share(block) < LIST_ITEM_MAX_TITLE_SHARE:
        # A list item or a subhead in sentence case ("Eat every 2–3 hours"): part of the text.
        return LIST_ITEM_WEIGHT * words
    return -OTHER_BLOCK_COST


def _is_data_row(page: _Page, i: int) -> bool:
    """Whether block ``i`` reads as a row of a data table: two or more cells, half of them
    numbers."""
    if page.kind[i] is not None or not _DIGIT.search(page.blocks[i]):
        return False
    tokens = page.blocks[i].split()
    if not 2 <= len(tokens) <= DATA_ROW_MAX_TOKENS:
        return False
    numbers = sum(1 for t in tokens if _DIGIT_TOKEN.match(t) and not _YEAR_OR_COUNT.match(t))
    return 2 * numbers >= len(tokens)


def _free_data_tables(page: _Page, scores: list[float]) -> None:
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


def _block_scores(page: _Page) -> list[float]:
    """Every block's score, with a wall's cost added where a long run of non-prose begins."""
    scores = [_block_score(page, i) for i in range(len(page.blocks))]
    _free_data_tables(page, scores)
    # The items of a list that a line ending in a colon announces ("Services offered:") are
    # part of the text, however short: they cost nothing, up to the next prose or chrome.
    items = 0
    for i, score in enumerate(scores):
        if (
            items
            and score < 0
            and page.kind[i] in (None, "button")  # "Jump to review" under an item
            and items <= INTRODUCED_LIST_MAX_ITEMS
            and not _BARE_URL.match(page.blocks[i])  # a list of sources, not of the text's items
        ):
            scores[i] = 0.0
            items += 1
        elif page.kind[i] is None and _LEAD_IN.search(page.blocks[i]):
            scores[i] = max(score, 0.0)
            items = 1
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
            and chrome.word_count(page.blocks[i]) > 1  # not a lone "Reply" or "Report" button
        ):
            ended = True
    run_start = None
    for i, score in enumerate([*scores, 1.0]):
        if score <= 0:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None and i - run_start >= WALL_MIN_BLOCKS:
            scores[run_start] -= WALL_COST
        run_start = None
    return scores


def _keep_main_block(page: _Page) -> None:
    """Keep the contiguous run of blocks with the most prose; the blocks around it go."""
    best = run = 0.0
    best_span = (0, -1)
    start = 0
    for i, score in enumerate(_block_scores(page)):
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


def _read_site(page: _Page) -> None:
    """The site's name from its copyright line ("© 2024 BVD LLC." -> "BVD")."""
    for i, kind in enumerate(page.kind):
        if kind != "copyright":
            continue
        m = _COPYRIGHT_HOLDER.match(page.blocks[i])
        if m:
            holder = m.group("holder").strip()
            if metadata.normalize_agency(holder) is None and chrome.word_count(holder) <= 6:
                page.out.site = holder
                return


def clean_blocks(
    blocks: list[str],
    *,
    title: str | None = None,
    find_title: bool = True,
    main_block: bool = False,
    template: SiteTemplate = frozenset(),
    normalized: bool = False,
) -> CleanText:
    """Strip chrome from a page's blocks and read its metadata.

    ``title``, when the caller already knows it (HTML metadata), is removed from the body
    rather than searched for; ``find_title`` says whether to look for a headline line;
    ``main_block`` whether to keep only the page's main run of prose (text dumps, where
    no extractor has chosen the main content yet); ``template`` holds the line keys of the
    site's template, learned over the run (see ``extractors.templates``); ``normalized`` says
    the blocks are already as ``normalize_block`` gives them, none empty (``split_blocks``).
    """
    out = CleanText()
    if not normalized:
        blocks = [normalize_block(b) for b in blocks if b.strip()]
    blocks = _take_crawler_header(blocks, out)
    page = _Page([b for b in blocks if b])
    page.out = out
    _mark_chrome(page)
    _mark_template(page, template)
    if main_block:
        _mark_comment_heads(page)
    _read_head(page, title, find_title)
    _read_dateline(page)
    _read_credits(page)
    _drop_tail_links(page)
    _drop_toc_entries(page)
    if main_block:
        _mark_author_boxes(page)
        _keep_main_block(page)
        if find_title and title is None and page.out.title is None:
            # The headline may stand further in than HEAD_MAX_BLOCKS when menus come first:
            # read the head again from the start of the main block.
            _read_head(page, None, True, strict=True)
    _drop_repeats(page)
    _read_site(page)
    for i, kind in enumerate(page.kind):
        if i in page.cut_before:
            out.removed.append(page.cut_before[i])
        if kind is None:
            out.paragraphs.append(page.blocks[i])
        else:
            out.removed.append(Removed(kind, page.blocks[i]))
    return out


# The functions that remember lines, held here: a measurement that swaps one of them out of
# its module still has its cache emptied.
_LINE_CACHES = (chrome.word_count, chrome.classify_line, is_body, prose_quality)


def clear_line_caches() -> None:
    """Forget the remembered lines (word counts, chrome kinds, prose scores), so that a
    measurement does not profit from lines an earlier one met."""
    for cached in _LINE_CACHES:
        cached.cache_clear()


def clean_text_dump(text: str, template: SiteTemplate = frozenset()) -> CleanText:
    """Clean the text of a whole page (site chrome included): the text path of the pipeline."""
    return clean_blocks(
        split_blocks(text), find_title=True, main_block=True, template=template, normalized=True
    )
