"""The HTML path: parse once, read the metadata, let trafilatura find the text, clean it.

One page is parsed once (``trafilatura.utils.load_html``). The metadata is read off that tree
first (``html.metadata``); then the tree loses its scripts and styles, which no extractor
reads, and goes to trafilatura; its text goes through the text path's chrome rules
(``text.clean.clean_blocks``), whose bylines and date lines back the markup's metadata.
"""

from __future__ import annotations

import itertools
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
from extractors.record import MIN_ARTICLE_WORDS, Removed
from extractors.text.blocks import is_body, normalize_block
from extractors.text.clean import CleanText, clean_blocks
from extractors.words import alnum_key, count_words, fold_words, word_count

logger = logging.getLogger(__name__)

# Elements no extractor reads: removed before trafilatura sees the tree, which makes each of
# its passes over the tree cheaper without changing its output (checked on aeb and
# wcxb-dev-articles, see benchmarks/html.py). JSON-LD stays: trafilatura reads it.
_INERT_TAGS = ("style", "svg", "template")
_INERT_XPATH = etree.XPath("//script[not(@type='application/ld+json')]")
# A field that asks for an email address, by its type or its name.
_EMAIL_FIELD = etree.XPath(
    "//input[@type='email' or contains(translate(concat(@name, ' ', @id, ' ', @placeholder),"
    " 'MAIL', 'mail'), 'mail')]"
)
_PAGE_LEVEL = frozenset({"body", "html", "article", "main"})
# A page's <p> elements with their text, spaces folded, in document order.
Paragraphs = list[tuple[HtmlElement, str]]
# The most words a sign-up box holds: a pitch, a consent line and a button, not an article's
# paragraphs (not tuned).
SIGNUP_MAX_WORDS = 60
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
# A recall-mode extraction that holds less than this share is compared with the balanced mode
# too, whose text is kept when it adds words within the recall text (between the first and
# the last lines the two share) of GAP_FILL_MIN_SHARE or more of the recall text's: recall
# mode skipped parts of the article, where the balanced mode only adds at its ends (other
# stories under it, a banner over it). Chosen on the site halves (crc32) of wcxb-dev-articles:
# 0.5 gains on half 0 only, 0.7 on both (recall +0.0022 and +0.0018, F1 +0.0019 and +0.0012),
# higher shares the same for more second runs; aeb unchanged. Taking the balanced text at
# 0.7 on length alone lost F1 on two pages of other stories and banners. GAP_FILL_MIN_SHARE
# from 0.1 to 1.0 chose the same pages. The look at the body's text first (``_spans_more``)
# leaves 10 of the 55 pages between the two shares to a second extraction, the same chosen.
RECALL_GAPS_MAX_SHARE = 0.7
GAP_FILL_MIN_SHARE = 0.5
# A split article body: the text continues in later containers with the same tag and class
# as the one holding the extracted paragraphs (ads between them), under the same ancestor this
# many levels up. Only prose paragraphs are taken from them, and only if they add this many
# words. Tuned on aeb and wcxb-dev-articles (benchmarks/html.py): a wider scope adds other
# stories' text.
CONTINUATION_SCOPE_LEVELS = 2
CONTINUATION_MIN_WORDS = 30
# The extracted paragraphs a container must hold to count as the article's.
CONTINUATION_MIN_PARAGRAPHS = 2
# The safety net: trafilatura's text is kept whole when our chrome rules would take away more
# than this share of its words, or leave too few for an article of a text of at least
# SAFETY_MIN_WORDS words. Chosen on the site halves (crc32) of aeb and wcxb-dev-articles,
# clean step over the same extracted text: 0.1 and 0.15 lower F1 on wcxb half 0; from 0.2
# on, F1 holds on half 0 and holds or rises on half 1 (the rules take more than 0.2 of a
# page's words on one dev page in 892; 0.12 on the next).
SAFETY_MAX_REMOVED_SHARE = 0.2
SAFETY_MIN_WORDS = 100
# What the cleaning takes off that is not article text lost: the lines it reads metadata
# from, and the second copies of a repeated paragraph (the first stays).
_METADATA = frozenset({"title", "date_line", "byline", "dateline", "contributor_line"})
_NOT_LOST = _METADATA | {"duplicate"}


def parse_page(page: str) -> HtmlElement | None:
    """The page's tree, or None when it is not HTML that lxml can read."""
    try:
        return load_html(page)
    except (ValueError, TypeError):
        return None


def _drop_inert(tree: HtmlElement) -> None:
    """Remove scripts (JSON-LD aside), styles, SVG, templates and comments, in place; and the
    boxes that ask for an email address (``_drop_signups``)."""
    etree.strip_elements(tree, *_INERT_TAGS, etree.Comment, with_tail=False)
    for script in _INERT_XPATH(tree):
        script.drop_tree()
    _drop_signups(tree)


def _drop_signups(tree: HtmlElement) -> None:
    """Remove each box around a field that asks for an email address: a newsletter's sign-up
    with its pitch, a comment or a share-by-email form. The box is the largest element
    around the field with SIGNUP_MAX_WORDS words or fewer and no top-level heading."""
    boxes = []
    for field in _EMAIL_FIELD(tree):
        box = None
        element = field.getparent()
        while element is not None and element.tag not in _PAGE_LEVEL:
            if (
                count_words(element.text_content()) > SIGNUP_MAX_WORDS
                or element.find(".//h1") is not None
            ):
                break
            box, element = element, element.getparent()
        if box is not None:
            boxes.append(box)
    for box in boxes:
        if box.getparent() is not None:
            box.drop_tree()


def _extract(tree: HtmlElement, url: str | None, *, favor_recall: bool) -> str:
    """trafilatura's main text of the tree (which it copies, so the tree can be reused)."""
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, with_metadata=False, favor_recall=favor_recall
    )
    if not isinstance(document, Document) or not document.text:
        return ""
    return str(document.text)


def _main_text(tree: HtmlElement, url: str | None, paragraphs: Paragraphs) -> str | None:
    """The main text as trafilatura finds it, one block a line; None when there is none.

    Recall mode first: as good as the balanced default on both benchmarks and faster, since it
    skips the comparison with readability on long texts. When it finds little, the balanced
    mode, whose fallbacks reach further on such pages, has the last word; when it finds a
    small share of the page's paragraphs, the longer of the two is kept; when it finds a
    larger share, but not most, and the body holds much more text from the recall text's first
    line to its last (``_spans_more``), the balanced text is kept where it fills the recall
    text's gaps (``_fills_gaps``).
    """
    text = _extract(tree, url, favor_recall=True)
    if len(text) < RECALL_RETRY_MAX_CHARS:
        return _extract(tree, url, favor_recall=False) or text or None
    share = _paragraph_share(tree, text, paragraphs)
    if share < RECALL_RETRY_MIN_SHARE:
        balanced = _extract(tree, url, favor_recall=False)
        return balanced if len(balanced) > len(text) else text
    if share < RECALL_GAPS_MAX_SHARE and _spans_more(tree, text):
        balanced = _extract(tree, url, favor_recall=False)
        if len(balanced) > len(text) and _fills_gaps(text, balanced):
            return balanced
    return text


# The characters of the body's text, spaces folded: more than its paragraphs hold, and
# counted by libxml2, so most pages need not count their paragraphs.
_BODY_CHARS = etree.XPath("string-length(normalize-space(//body))")
_BODY_TEXT = etree.XPath("normalize-space(//body)")
# The characters of a line's start, and of its end, looked for in the body's text.
SPAN_KEY_CHARS = 40


def _paragraph_share(tree: HtmlElement, text: str, paragraphs: Paragraphs) -> float:
    """The share of the text of the page's ``paragraphs`` that ``text``'s length makes; 1.0
    when it makes RECALL_GAPS_MAX_SHARE of the body's text or more."""
    body = float(_BODY_CHARS(tree))
    if len(text) >= RECALL_GAPS_MAX_SHARE * body:
        return 1.0
    chars = sum(len(paragraph) for _, paragraph in paragraphs)
    return len(text) / min(body, chars) if chars else 1.0


def _spans_more(tree: HtmlElement, text: str) -> bool:
    """Whether the body's text from ``text``'s first line to its last holds room for the gaps
    ``_fills_gaps`` looks for (``1 + GAP_FILL_MIN_SHARE`` times its length or more): a cheap
    look before a second extraction. False when either line is not found as written."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    head = normalize_block(lines[0])[:SPAN_KEY_CHARS]
    tail = normalize_block(lines[-1])[-SPAN_KEY_CHARS:]
    body = str(_BODY_TEXT(tree))
    start = body.find(head)
    end = body.rfind(tail)
    if start < 0 or end < 0:
        return False
    return end + len(tail) - start >= (1 + GAP_FILL_MIN_SHARE) * len(text)


def _fills_gaps(text: str, other: str) -> bool:
    """Whether ``other`` adds GAP_FILL_MIN_SHARE of ``text``'s words or more within ``text``:
    in lines between the first and the last line the two share."""
    lines = set(text.split("\n"))
    others = other.split("\n")
    shared = [n for n, line in enumerate(others) if line in lines]
    if not shared:
        return False
    within = others[shared[0] : shared[-1] + 1]
    added = sum(word_count(line) for line in within if line not in lines)
    return added >= GAP_FILL_MIN_SHARE * word_count(text)


# How many letters of a paragraph's start or end, found in the text, show it was written
# (not tuned: a clause's length, more than a common phrase's).
GAP_KEY_LETTERS = 30


def _gaps_filled(paragraphs: Paragraphs, blocks: list[str]) -> list[str]:
    """The blocks with the paragraphs trafilatura left out between two it kept, each after the
    one before it: a ``<p>`` of prose whose nearest ``<p>`` siblings before and after (a
    figure, an ad slot or a sign-up box may stand between) are both in the text is the
    article's. trafilatura may leave out one that is mostly a link."""
    extracted = set(blocks)
    siblings: dict[HtmlElement, list[str]] = {}
    for paragraph, text in paragraphs:
        siblings.setdefault(paragraph.getparent(), []).append(text)
    gaps: list[tuple[str, list[str]]] = []
    for texts in siblings.values():
        kept = [i for i, text in enumerate(texts) if text in extracted]
        for before, following in itertools.pairwise(kept):
            gap = texts[before + 1 : following]
            if gap and all(text not in extracted and is_body(text) for text in gap):
                gaps.append((texts[before], gap))
    if not gaps:
        return blocks
    # a paragraph trafilatura wrote otherwise (split at a <br>, spaced otherwise, a link's
    # words left out) is in the text all the same: its first or last letters are
    written = alnum_key(" ".join(blocks))

    def unwritten(text: str) -> bool:
        letters = alnum_key(text)
        return not (letters[:GAP_KEY_LETTERS] in written or letters[-GAP_KEY_LETTERS:] in written)

    after: dict[str, list[str]] = {}
    for before_text, gap in gaps:
        missing = [text for text in gap if unwritten(text)]
        if missing and len(missing) == len(gap) and not extracted.intersection(missing):
            after.setdefault(before_text, []).extend(missing)
            extracted.update(missing)
    if not after:
        return blocks
    filled: list[str] = []
    for block in blocks:
        filled.append(block)
        filled.extend(after.pop(block, ()))
    return filled


def _continued(paragraphs: Paragraphs, blocks: list[str]) -> list[str]:
    """The blocks, with the paragraphs left out between two kept (``_gaps_filled``), plus the
    prose of later containers that continue a split article body."""
    blocks = _gaps_filled(paragraphs, blocks)
    extracted = set(blocks)
    holders: Counter[HtmlElement] = Counter()
    for paragraph, text in paragraphs:
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


def _dropped_words(tree: HtmlElement, extracted: int) -> int:
    """The words of the page's body that the ``extracted`` words of its text leave out."""
    body = tree.find("body")
    if body is None:
        body = tree
    shown = count_words(" ".join(body.itertext()))
    shown -= sum(count_words(" ".join(unseen.itertext())) for unseen in _UNSEEN(tree))
    return max(0, shown - extracted)


def _safety_net(blocks: list[str], extracted: int, cleaned: CleanText) -> None:
    """Keep trafilatura's text (``blocks``, of ``extracted`` words) when the cleaning would
    take away more than SAFETY_MAX_REMOVED_SHARE of it, or leave too few words of
    SAFETY_MIN_WORDS or more; only its metadata lines and repeated copies stay out. Recorded
    as a ``safety_net`` removal."""
    lost: Counter[str] = Counter()
    for removal in cleaned.removed:
        if removal.kind not in _NOT_LOST:
            lost[removal.kind] += word_count(removal.text)
    kept = sum(word_count(paragraph) for paragraph in cleaned.paragraphs)
    if kept < MIN_ARTICLE_WORDS and extracted >= SAFETY_MIN_WORDS:
        why = f"the cleaning would have left {kept} of its {extracted} words"
    elif sum(lost.values()) > SAFETY_MAX_REMOVED_SHARE * extracted:
        why = f"the cleaning would have taken {sum(lost.values())} of its {extracted} words"
    else:
        return
    metadata = {fold_words(r.text) for r in cleaned.removed if r.kind in _METADATA}
    copies = {fold_words(r.text) for r in cleaned.removed if r.kind == "duplicate"}
    seen: set[str] = set()
    paragraphs = []
    for block in blocks:
        key = fold_words(block)
        if key not in metadata and not (key in copies and key in seen):
            paragraphs.append(block)
        seen.add(key)
    kinds = ", ".join(f"{kind} {words}" for kind, words in lost.most_common())
    cleaned.paragraphs = paragraphs
    cleaned.removed = [r for r in cleaned.removed if r.kind in _NOT_LOST]
    cleaned.removed.append(
        Removed("safety_net", f"trafilatura's text kept: {why} ({kinds or 'none'})")
    )


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


def extracted_blocks(page: str, url: str | None = None) -> list[str]:
    """The blocks of a page's main text as ``extract_html`` cleans them (``_extracted``);
    [] when there is none."""
    tree = parse_page(page)
    return [] if tree is None else _extracted(tree, url or read_metadata(tree, url).url)


def _extracted(tree: HtmlElement, url: str | None) -> list[str]:
    """trafilatura's text of the tree, scripts and styles dropped, in the mode chosen, with a
    split body's continuation, as blocks; [] when there is none."""
    _drop_inert(tree)
    paragraphs = [(p, normalize_block(p.text_content())) for p in tree.iter("p")]
    text = _main_text(tree, url, paragraphs)
    return _continued(paragraphs, _blocks(text)) if text else []


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
    blocks = _extracted(tree, url or meta.url)
    if not blocks:
        return None
    cleaned = clean_blocks(blocks, title=meta.title, find_title=False)
    extracted = sum(word_count(block) for block in blocks)  # lines: counted while cleaning
    _safety_net(blocks, extracted, cleaned)
    cleaned.dropped_words = _dropped_words(tree, extracted)
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
