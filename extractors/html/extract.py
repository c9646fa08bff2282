"""The HTML path: parse once, read the metadata, let trafilatura find the text, clean it.

One page is parsed once (``trafilatura.utils.load_html``). The metadata is read off that tree
first (``html.metadata``); then the tree loses its scripts and styles, which no extractor
reads, and goes to trafilatura; its text goes through the text path's chrome rules
(``text.clean.clean_blocks``), whose bylines and date lines back the markup's metadata.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from extractors.html.dates import (
    published_date,
)
from extractors.html.metadata import PageMetadata, read_metadata
from extractors.text.blocks import is_body, normalize_block
from extractors.text.clean import CleanText, clean_blocks
from extractors.words import count_words, word_count

logger = logging.getLogger(__name__)

# Elements no extractor reads: removed before trafilatura sees the tree, which makes each of
# its passes over the tree cheaper without changing its output (checked on aeb and
# wcxb-dev-articles, see benchmarks/html.py). JSON-LD stays: trafilatura reads it.
_INERT_TAGS = ("style", "svg", "template")
_INERT_XPATH = etree.XPath("//script[not(@type='application/ld+json')]")
# A recall-mode extraction shorter than this is retried in trafilatura's balanced mode, which
# escalates to its fallbacks where recall mode stops. Tuned on aeb and wcxb-dev-articles
# (benchmarks/html.py): 1000 to 1500 characters do equally well (wcxb word F1 +0.006); 1000
# sends the fewest pages (2% of wcxb, 8% of aeb) through the second run.
RECALL_RETRY_MAX_CHARS = 1000
# A recall-mode extraction that holds less than this share of the text of the page's <p>
# elements missed most of the article (it took one block of a page whose body is split into
# many) and is retried in balanced mode too, the longer text kept. Tuned on aeb and
# wcxb-dev-articles (benchmarks/html.py): shares of 0.2 to 0.4 give wcxb word F1 +0.002 to
# +0.003 and leave aeb unchanged; 0.2 sends the fewest pages (1%) through the second run.
RECALL_RETRY_MIN_SHARE = 0.2
# A split article body: the text continues in later containers with the same tag and class
# as the one holding the extracted paragraphs (ads between them), under the same ancestor this
# many levels up. Only prose paragraphs are taken from them, and only if they add this many
# words. Tuned on aeb and wcxb-dev-articles (benchmarks/html.py): a wider scope adds other
# stories' text.
CONTINUATION_SCOPE_LEVELS = 2
CONTINUATION_MIN_WORDS = 30
# The extracted paragraphs a container must hold to count as the article's.
CONTINUATION_MIN_PARAGRAPHS = 2


def parse_page(page: str) -> HtmlElement | None:
    """The page's tree, or None when it is not HTML that lxml can read."""
    try:
        return load_html(page)
    except (ValueError, TypeError):
        return None


def _drop_inert(tree: HtmlElement) -> None:
    """Remove scripts (JSON-LD aside), styles, SVG, templates and comments, in place."""
    etree.strip_elements(tree, *_INERT_TAGS, etree.Comment, with_tail=False)
    for script in _INERT_XPATH(tree):
        script.drop_tree()


def _extract(tree: HtmlElement, url: str | None, *, favor_recall: bool) -> str:
    """trafilatura's main text of the tree (which it copies, so the tree can be reused)."""
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, with_metadata=False, favor_recall=favor_recall
    )
    if not isinstance(document, Document) or not document.text:
        return ""
    return str(document.text)


def _main_text(tree: HtmlElement, url: str | None) -> str | None:
    """The main text as trafilatura finds it, one block a line; None when there is none.

    Recall mode first: as good as the balanced default on both benchmarks and faster, since it
    skips the comparison with readability on long texts. When it finds little, the balanced
    mode, whose fallbacks reach further on such pages, has the last word; when it finds a
    small share of the page's paragraphs, the longer of the two is kept.
    """
    text = _extract(tree, url, favor_recall=True)
    if len(text) < RECALL_RETRY_MAX_CHARS:
        text = _extract(tree, url, favor_recall=False) or text
    elif _holds_little_of(tree, text):
        balanced = _extract(tree, url, favor_recall=False)
        text = balanced if len(balanced) > len(text) else text
    return text or None


# The characters of the body's text, spaces folded: more than its paragraphs hold, and
# counted by libxml2, so most pages need not count their paragraphs.
_BODY_CHARS = etree.XPath("string-length(normalize-space(//body))")


def _holds_little_of(tree: HtmlElement, text: str) -> bool:
    """Whether ``text`` holds less than RECALL_RETRY_MIN_SHARE of the page's paragraph text."""
    least = len(text) / RECALL_RETRY_MIN_SHARE
    if least >= _BODY_CHARS(tree):
        return False
    paragraphs = (normalize_block(p.text_content()) for p in tree.iter("p"))
    return least < sum(len(paragraph) for paragraph in paragraphs)


def _continued(tree: HtmlElement, blocks: list[str]) -> list[str]:
    """The blocks plus the prose of later containers that continue a split article body."""
    extracted = set(blocks)
    holders: Counter[HtmlElement] = Counter()
    for paragraph in tree.iter("p"):
        text = normalize_block(paragraph.text_content())
        if text in extracted and is_body(text):
            parent = paragraph.getparent()
            if parent is not None:
                holders[parent] += 1
    if not holders:
        return blocks
    main, count = holders.most_common(1)[0]
    marks = main.get("class")
    if not marks or count < CONTINUATION_MIN_PARAGRAPHS:
        return blocks
    scope = main
    for _ in range(CONTINUATION_SCOPE_LEVELS):
        parent = scope.getparent()
        if parent is None:
            break
        scope = parent
    added: list[str] = []
    after_main = False
    for other in scope.iter(main.tag):
        if other is main:
            after_main = True
            continue
        if not after_main or other.get("class") != marks:
            continue
        if any(ancestor is main for ancestor in other.iterancestors()):
            continue
        prose = [normalize_block(p.text_content()) for p in other.iter("p")]
        prose = [t for t in prose if t not in extracted and is_body(t)]
        if sum(word_count(t) for t in prose) >= CONTINUATION_MIN_WORDS:
            added.extend(prose)
            extracted.update(prose)
    if added:
        logger.debug("split article body: %d paragraphs added", len(added))
    return blocks + added


# What a reader does not see in the page's body: its JSON-LD (the only scripts left when
# trafilatura gets the tree), and what shows only without JavaScript.
_UNSEEN = etree.XPath("//body//script|//body//noscript")


def _dropped_words(tree: HtmlElement, blocks: list[str]) -> int:
    """The words of the page's body that the extracted blocks leave out."""
    body = tree.find("body")
    if body is None:
        body = tree
    shown = count_words(" ".join(body.itertext()))
    shown -= sum(count_words(" ".join(unseen.itertext())) for unseen in _UNSEEN(tree))
    return max(0, shown - sum(count_words(block) for block in blocks))


def _blocks(text: str) -> list[str]:
    """trafilatura's text as blocks, one a line, spaces folded, empty lines dropped."""
    return [block for block in (normalize_block(line) for line in text.split("\n")) if block]


def _merge_metadata(cleaned: CleanText, meta: PageMetadata) -> None:
    """Markup metadata first; what the text path read off the text fills the gaps."""
    cleaned.title = meta.title
    cleaned.url = meta.url  # the canonical url, else the one given
    cleaned.site = meta.site or (urlsplit(cleaned.url).hostname if cleaned.url else None)
    cleaned.section = meta.section or cleaned.section
    if meta.authors:
        cleaned.authors = list(meta.authors)


def extract_html(
    page: str, url: str | None = None, *, fetched_at: datetime | None = None
) -> CleanText | None:
    """Main text and metadata of an HTML page; None when no main text is found.

    ``fetched_at`` (the crawl time), when the caller knows it, bounds the publication date:
    a later one is not taken. ``published_text`` says where the date was read.
    """
    tree = parse_page(page)
    if tree is None:
        return None
    if fetched_at is not None and fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    # Read the metadata first: what follows changes the tree.
    meta = read_metadata(tree, url)
    _drop_inert(tree)
    text = _main_text(tree, url or meta.url)
    if not text:
        return None
    blocks = _continued(tree, _blocks(text))
    cleaned = clean_blocks(blocks, title=meta.title, find_title=False)
    cleaned.dropped_words = _dropped_words(tree, blocks)
    _merge_metadata(cleaned, meta)
    cleaned.published, cleaned.published_text = published_date(
        tree,
        page,
        meta,
        (cleaned.published, cleaned.published_text),
        cleaned.url,
        fetched_at,
        cleaned.text,
    )
    return cleaned
