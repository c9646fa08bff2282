"""Clean a sequence of text blocks: strip chrome and read the article's metadata off its lines.

Both paths end here: a text dump's lines, and the paragraphs trafilatura extracts from HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.chrome.classify import breadcrumb_items, classify_line
from extractors.meta.date_words import UPDATE_LABELS
from extractors.meta.dateline import normalize_agency, parse_dateline
from extractors.meta.dates import FoundDate, find_date, parse_date_line
from extractors.meta.people import parse_byline, parse_contributor_line
from extractors.meta.people_words import BIO_ROLE, BIO_VERBS
from extractors.record import Removed
from extractors.text.blocks import (
    BODY_MIN_WORDS,
    CRAWLER_HEADER,
    TERMINAL,
    clean_title,
    is_body,
    normalize_block,
)
from extractors.text.layout import dump_blocks
from extractors.text.lines import BULLET
from extractors.text.main_block import AFTER_END_MIN_PROSE, keep_main_block, prose_quality
from extractors.text.repeats import repeated_copies
from extractors.text.templates import SiteTemplate, line_key
from extractors.words import fold_words, word_count

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
# A promo that ends in a link, after the article's last paragraph.
TAIL_LINK_MAX_WORDS = 25
# Name and date-time pairs a page needs before they are taken as the heads of comments.
COMMENT_HEADS_MIN = 3
COMMENT_STAMP_MAX_WORDS = 8

_NAME_WORD = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ-]+$|^[A-Z]\.$")
_BARE_PUNCT = ".,;:!?\"'“”‘’()"
_TOC_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)+")
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?]$")
_SENTENCE_BREAK = re.compile(r"[a-z0-9\"”’)][.!?]\s+[A-Z\"“]")
_ENDS_IN_URL = re.compile(r"(?:https?://|www\.)\S+\s*$")
# A sentence that announces what follows it ("… you can find the project here:"): the link
# after it is the article's (a "Follow us:" label is too short to be one).
_ANNOUNCES = re.compile(rf"^(?:\S+\s+){{{BODY_MIN_WORDS - 1},}}\S*:$")
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
    published: FoundDate | None = None
    published_text: str | None = None
    dateline: str | None = None
    agency: str | None = None
    site: str | None = None
    url: str | None = None
    # an HTML page's words that its extractor left out (menus, sidebars, footers), which
    # ``removed`` does not list; None for a text dump, whose every block is in one or the other
    dropped_words: int | None = None

    @property
    def text(self) -> str:
        """The article: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


class Page:
    """The blocks of one page and the state of cleaning them."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.kind: list[str | None] = [None] * len(blocks)
        # Segments cut from the front of a kept block (a dateline), recorded in page order.
        self.cut_before: dict[int, Removed] = {}
        self.out = CleanText()
        # Blocks found to head an author box: they end the article like an end marker.
        self.box_heads: set[int] = set()
        # Whether the dump split its sentences at their inline elements (text.layout).
        self.fragmented = False

    def drop(self, i: int, kind: str) -> None:
        """Mark block ``i`` as stripped by rule ``kind``."""
        self.kind[i] = kind

    def content(self) -> list[int]:
        """Indexes of the blocks not stripped so far."""
        return [i for i, k in enumerate(self.kind) if k is None]


def _headline_shape(block: str) -> bool:
    """Whether a block has a headline's size and shape (one sentence, not a dateline)."""
    words = word_count(block)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or len(block) > TITLE_MAX_CHARS:
        return False
    if _SENTENCE_BREAK.search(block) or parse_dateline(block):
        return False
    return block[0].isupper() or block[0].isdigit() or block[0] in "\"“‘'"


def _is_section_label(block: str) -> bool:
    """Whether a block is a short label ("World", "U.S. News") rather than a sentence."""
    return (
        word_count(block) <= SECTION_MAX_WORDS
        and not TERMINAL.search(block)
        and block[0].isupper()
        and not any(ch.isdigit() for ch in block)
    )


def _take_crawler_header(blocks: list[str], out: CleanText) -> list[str]:
    """Strip leading crawler header fields ("date 2024-11-20", "url https://…") off the dump."""
    if not blocks:
        return blocks
    first = blocks[0]
    while True:
        m = CRAWLER_HEADER.match(first)
        if not m:
            break
        key, value = m.group("key").lower(), m.group("value")
        if value.lower().startswith("http"):
            out.url = out.url or value
        elif key in {"date", "published"}:
            found = find_date(value)
            if found and out.published is None:
                out.published, out.published_text = found, m.group(0).strip()
        out.removed.append(Removed("crawler_header", m.group(0).strip()))
        first = first[m.end() :].strip()
    if first == blocks[0]:
        return blocks
    return ([first] if first else []) + blocks[1:]


def _mark_chrome(page: Page) -> None:
    """Mark every block that a chrome rule catches."""
    for i, block in enumerate(page.blocks):
        kind = classify_line(block)
        if kind:
            page.drop(i, kind)
    crumbs = [page.blocks[i] for i, k in enumerate(page.kind) if k == "breadcrumb"]
    for crumb in crumbs[:1]:
        items = [x for x in (breadcrumb_items(crumb) or []) if x.lower() != "home"]
        if items:
            page.out.section = items[-1]


def _keep_notices_inside_prose(page: Page) -> None:
    """A notice stands at the edge of an article (a disclosure above it, a disclaimer below
    it): between two paragraphs of prose, a block that reads as one is the article's own
    sentence about the same thing ("Affiliate programs pay a commission per sale")."""
    for i in range(1, len(page.blocks) - 1):
        if page.kind[i] == "legal_notice" and all(
            page.kind[j] is None and is_body(page.blocks[j]) for j in (i - 1, i + 1)
        ):
            page.kind[i] = None


def _mark_link_blocks(page: Page, link_blocks: frozenset[str]) -> None:
    """Mark the blocks that were nothing but a link's text where the dump's markup said so (a
    menu's item, a teaser's headline): an article's own text is not a link."""
    for i, block in enumerate(page.blocks):
        if page.kind[i] is None and block in link_blocks:
            page.drop(i, "link_block")


def _mark_template(page: Page, template: SiteTemplate) -> None:
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


def _take_date(page: Page, i: int) -> bool:
    """Read block ``i`` as a date line; keep the publication date over an update."""
    parsed = parse_date_line(page.blocks[i])
    if parsed is None:
        return False
    found, label = parsed
    page.drop(i, "date_line")
    is_update = label in UPDATE_LABELS
    out = page.out
    if out.published is None or (
        not is_update
        and out.published_text is not None
        and out.published_text.lower().startswith(tuple(UPDATE_LABELS))
    ):
        out.published, out.published_text = found, page.blocks[i]
    return True


def _take_byline(page: Page, i: int) -> bool:
    """Read block ``i`` as a byline."""
    credit = parse_byline(page.blocks[i])
    if credit is None:
        return False
    page.drop(i, "byline")
    page.out.authors.extend(n for n in credit.names if n not in page.out.authors)
    page.out.agency = page.out.agency or credit.agency
    return True


def _read_head(page: Page, title: str | None, find_title: bool, strict: bool = False) -> None:
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
    folded_title = fold_words(title) if title else None
    if folded_title:
        for i in head:
            if fold_words(page.blocks[i]) == folded_title:
                page.drop(i, "title")
        return
    if not find_title:
        return
    chrome_before = any(k is not None for k in page.kind[: head[0]]) if head else False
    for n, i in enumerate(head):
        block = page.blocks[i]
        if _is_section_label(block) and word_count(block) < TITLE_MIN_WORDS + 1:
            continue
        if not _headline_shape(block):
            return
        after = [j for j in page.content() if j > i]
        if strict:
            window = after[:HEADLINE_CREDIT_BLOCKS]
            end = window[-1] if len(window) == HEADLINE_CREDIT_BLOCKS else None
            if not set(page.kind[i + 1 : end]) & {"date_line", "byline"}:
                return
        elif TERMINAL.search(block) and not (
            chrome_before
            or n > 0
            or (after and set(page.kind[i + 1 : after[0]]) & {"date_line", "byline"})
            or (after and parse_dateline(page.blocks[after[0]]) is not None)
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


def _read_dateline(page: Page) -> None:
    """Parse the dateline and agency off the first paragraph, and remove them from it."""
    content = page.content()
    if not content:
        return
    i = content[0]
    found = parse_dateline(page.blocks[i])
    if found is None:
        return
    page.out.dateline = found.place
    page.out.agency = page.out.agency or found.agency
    page.cut_before[i] = Removed("dateline", found.matched)
    page.blocks[i] = found.rest


def _read_credits(page: Page) -> None:
    """Move contributor lines into ``contributors``."""
    for i in page.content():
        credit = parse_contributor_line(page.blocks[i])
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
            following[0] in BIO_VERBS or (following[0][:1].isupper() and following[0].endswith(","))
        ):
            return bool(BIO_ROLE.search(" ".join(words)))
    return False


def _mark_author_boxes(page: Page) -> None:
    """A name alone on its line, after the article's first prose, followed by a paragraph that
    names that person in its first words ("Mike Marshall" / "With over seven years at
    FreightWaves, Mike has …"), is an author box: both go, and the name ends the article."""
    content = page.content()
    prose = 0
    for n, i in enumerate(content[:-1]):
        block = page.blocks[i]
        if prose >= AFTER_END_MIN_PROSE and _is_person_name(block):
            bio = page.blocks[content[n + 1]]
            if word_count(bio) >= BODY_MIN_WORDS and _is_bio_of(bio, block):
                page.drop(i, "author_bio")
                page.drop(content[n + 1], "author_bio")
                page.box_heads.add(i)
                continue
        if is_body(block):
            prose += word_count(block)


def _mark_comment_heads(page: Page) -> None:
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
            and word_count(name) <= NAME_MAX_WORDS
            and not _SENTENCE_END.search(name)
            and _CLOCK_TIME.search(stamp)
            and word_count(stamp) <= COMMENT_STAMP_MAX_WORDS
            and parse_date_line(stamp) is not None
        ):
            heads.append((i, content[n + 1]))
    if len(heads) >= COMMENT_HEADS_MIN:
        for i, j in heads:
            page.drop(i, "comment_widget")
            page.drop(j, "comment_widget")


def _toc_key(block: str) -> str:
    """A heading folded for matching its entry in a table of contents ("2.1 1. HIIT" -> "hiit")."""
    return fold_words(_TOC_NUMBERING.sub("", block))


def _drop_toc_entries(page: Page) -> None:
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
            if is_body(block) or word_count(block) > TOC_ENTRY_MAX_WORDS:
                break
            key = _toc_key(block)
            if key and last[key] > j:
                page.drop(j, "table_of_contents")


def _drop_repeats(page: Page) -> None:
    """The copies of blocks printed again (``repeated_copies``) go."""
    content = page.content()
    for n in repeated_copies([page.blocks[i] for i in content]):
        page.drop(content[n], "duplicate")


def _drop_tail_links(page: Page) -> None:
    """Short blocks ending in a link, after the last paragraph of prose, are promos."""
    content = page.content()
    last_body = max(
        (i for i in content if is_body(page.blocks[i]) and not _ENDS_IN_URL.search(page.blocks[i])),
        default=-1,
    )
    previous = ""
    for i in content:
        block = page.blocks[i]
        if (
            i > last_body
            and _ENDS_IN_URL.search(block)
            and word_count(block) <= TAIL_LINK_MAX_WORDS
            and not _ANNOUNCES.search(previous)
            # a link alone on its line after a list's item ("3) Blade Runner (4K)") is the item's
            and not (_ENDS_IN_URL.match(block) and BULLET.match(previous))
        ):
            page.drop(i, "share_follow")
        previous = block
    for i in content:
        if i > last_body and page.kind[i] is None and parse_date_line(page.blocks[i]):
            _take_date(page, i)


def _read_site(page: Page) -> None:
    """The site's name from its copyright line ("© 2024 BVD LLC." -> "BVD")."""
    for i, kind in enumerate(page.kind):
        if kind != "copyright":
            continue
        m = _COPYRIGHT_HOLDER.match(page.blocks[i])
        if m:
            holder = m.group("holder").strip()
            if normalize_agency(holder) is None and word_count(holder) <= 6:
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
    link_blocks: frozenset[str] = frozenset(),
    fragmented: bool = False,
) -> CleanText:
    """Strip chrome from a page's blocks and read its metadata.

    ``title``, when the caller already knows it (HTML metadata), is removed from the body
    rather than searched for; ``find_title`` says whether to look for a headline line;
    ``main_block`` whether to keep only the page's main run of prose (text dumps, where
    no extractor has chosen the main content yet); ``template`` holds the line keys of the
    site's template, learned over the run (see ``extractors.templates``); ``normalized`` says
    the blocks are already as ``normalize_block`` gives them, none empty (``split_blocks``);
    ``fragmented`` that the dump had its sentences split at their inline elements
    (``text.layout``), so a stray token may be a piece of one.
    """
    out = CleanText()
    if not normalized:
        blocks = [normalize_block(b) for b in blocks if b.strip()]
    blocks = _take_crawler_header(blocks, out)
    page = Page([b for b in blocks if b])
    page.out = out
    page.fragmented = fragmented
    _mark_chrome(page)
    _keep_notices_inside_prose(page)
    if link_blocks:
        _mark_link_blocks(page, link_blocks)
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
        keep_main_block(page)
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
_LINE_CACHES = (word_count, classify_line, is_body, prose_quality)


def clear_line_caches() -> None:
    """Forget the remembered lines (word counts, chrome kinds, prose scores), so that a
    measurement does not profit from lines an earlier one met."""
    for cached in _LINE_CACHES:
        cached.cache_clear()


def clean_text_dump(text: str, template: SiteTemplate = frozenset()) -> CleanText:
    """Clean the text of a whole page (site chrome included): the text path of the pipeline.
    The dump's layout is undone first (``text.layout``): what that takes off opens
    ``removed``."""
    dump = dump_blocks(text)
    cleaned = clean_blocks(
        dump.blocks,
        find_title=True,
        main_block=True,
        template=template,
        normalized=True,
        link_blocks=dump.link_blocks,
        fragmented=dump.fragmented,
    )
    cleaned.removed[:0] = dump.removed
    return cleaned
