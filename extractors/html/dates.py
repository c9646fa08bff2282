"""The publication date of an HTML page: its fields, the dates written by its headline, a
note that it was first published earlier, and htmldate's reading as the last resort."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import htmldate
from lxml import etree
from lxml.html import HtmlElement

from extractors.html.facts import SPACES, element_text
from extractors.html.headline import near_title_nodes, text_holder, title_heading
from extractors.html.selectors import (
    NEAR_TITLE_MAX_CHARS,
    ORIGINALLY_PUBLISHED,
    ORIGINALLY_PUBLISHED_HINTS,
    ORIGINALLY_PUBLISHED_XPATH,
    UPDATE_LABEL,
)
from extractors.meta.dates import (
    FETCH_DATE_SLACK,
    FoundDate,
    field_date,
    find_date,
    parse_date,
    plausible,
)

if TYPE_CHECKING:
    from extractors.html.metadata import PageMetadata

# htmldate's extensive search (free text and dateparser) as the last resort for a date. On
# wcxb-dev-articles it finds 7 more right dates of 588 (+0.012) but costs about 8 ms a page on
# average, more than the HTML path's lead over trafilatura alone (benchmarks/html.py): off.
HTMLDATE_EXTENSIVE = False
# How much earlier than the fields' publication date a date by the headline must be to be
# taken as the original one: more than a time zone's shift of a date given without a time.
ORIGINAL_DATE_MIN_GAP = timedelta(days=2)
# The most characters between "originally published" and its date ("on the site of the
# Riverton Courier on").
ORIGINAL_NOTE_MAX_GAP = 40
# The longest text standing alone before a date that labels it ("Last updated on:").
UPDATE_LABEL_MAX_WORDS = 3
_ORIGINALLY_PUBLISHED = etree.XPath(ORIGINALLY_PUBLISHED_XPATH)


def fields_published(
    date_fields: Sequence[tuple[str, str]], url: str | None, fetched_at: datetime | None
) -> tuple[FoundDate | None, str | None]:
    """The publication date the page's fields state (``PageFacts.date_fields``), or else its
    url, and where it came from."""
    candidates = [*date_fields, ("url", url)] if url else list(date_fields)
    for label, value in candidates:
        found = field_date(value, fetched_at, from_url=label == "url")
        if found is not None:
            shown = found.matched if label == "url" else value
            return found, f"{label}: {shown}"
    return None, None


def _shown_date(node: Any, text: str) -> FoundDate | None:
    """The date a text node shows; a ``<time>`` element's own ``datetime`` when it holds the
    text, since that one names the day unambiguously ("03/01/2017") and keeps the time."""
    element = text_holder(node)
    if element is not None and element.tag == "time" and element.get("datetime"):
        stated = parse_date(element.get("datetime", ""))
        if stated is not None:
            return stated
    return find_date(text)


def date_near_title(
    tree: HtmlElement,
    title: str | None,
    fetched_at: datetime | None = None,
    *,
    updates: bool = True,
    after_only: bool = False,
) -> tuple[FoundDate | None, str | None]:
    """A date written next to the headline: the dateline block around the article's h1.

    A date labelled as an update ("Updated May 2, 2024", or an "Updated" label just before
    it) is taken only when no other date stands there, and never when ``updates`` is false.
    With ``after_only``, only the texts after the headline are read.
    """
    heading = title_heading(tree, title)
    if heading is None:
        return None, None
    update: tuple[FoundDate, str] | None = None
    label = ""
    for node, text in near_title_nodes(heading, header_only=True, after_only=after_only):
        found = _shown_date(node, text)
        if found is None or not plausible(found, fetched_at):
            label = text
            continue
        labelled = UPDATE_LABEL.search(text) or (
            len(label.split()) <= UPDATE_LABEL_MAX_WORDS and UPDATE_LABEL.search(label)
        )
        label = text
        if labelled:
            update = update or (found, text)
            continue
        return found, f"near the headline: {text}"
    if update is not None and updates:
        return update[0], f"near the headline: {update[1]}"
    return None, None


def originally_published(
    tree: HtmlElement, fetched_at: datetime | None = None
) -> tuple[FoundDate | None, str | None]:
    """The date of a note that the article first appeared earlier ("This article was
    originally published on 26 Sep 2019"), read in the element that holds the note."""
    for node in _ORIGINALLY_PUBLISHED(tree):
        holder = text_holder(node)
        if holder is None:
            continue
        text = SPACES.sub(" ", element_text(holder)).strip()
        m = ORIGINALLY_PUBLISHED.search(text)
        if m is None:
            continue
        rest = text[m.end() :].strip()[:NEAR_TITLE_MAX_CHARS]
        found = find_date(rest)
        # the date must follow the note at once, not stand later in the sentence
        if found is None or rest.find(found.matched) > ORIGINAL_NOTE_MAX_GAP:
            continue
        if plausible(found, fetched_at):
            return found, f"originally published: {found.matched}"
    return None, None


def original_near_title(
    tree: HtmlElement, title: str | None, published: FoundDate, fetched_at: datetime | None
) -> tuple[FoundDate | None, str | None]:
    """A publication date next to the headline that is days before the one the fields give.

    Republishing a page, or moving it to a new system, resets its fields' publication date;
    the date its headline block shows readers keeps the original. Only the block after the
    headline is read: before it stand menus and lists of other stories, with their dates.
    """
    found, source = date_near_title(tree, title, fetched_at, updates=False, after_only=True)
    if found is not None and found.value < published.value - ORIGINAL_DATE_MIN_GAP:
        return found, source
    return None, None


def htmldate_fallback(
    tree: HtmlElement, url: str | None, fetched_at: datetime | None = None
) -> tuple[FoundDate | None, str | None]:
    """htmldate's reading of the page's visible dates, for pages whose fields state none."""
    try:
        value = htmldate.find_date(
            tree,
            extensive_search=HTMLDATE_EXTENSIVE,
            original_date=True,
            url=url,
            max_date=(fetched_at + FETCH_DATE_SLACK).strftime("%Y-%m-%d") if fetched_at else None,
        )
    except (ValueError, TypeError):
        return None, None
    found = field_date(value, fetched_at) if value else None
    if found is None:
        return None, None
    return found, f"htmldate (page text): {value}"


def published_date(
    tree: HtmlElement,
    page: str,
    meta: PageMetadata,
    from_text: tuple[FoundDate | None, str | None],
    url: str | None,
    fetched_at: datetime | None,
) -> tuple[FoundDate | None, str | None]:
    """The publication date of an HTML page and where it was read, chosen in this one place.

    1. The page's fields (JSON-LD, ``<meta>``, ``<time>``, the url: ``meta``), else a date line
       the text path read off the extracted text (``from_text``), if not after the crawl.
    2. Over the fields' date, one days earlier written after the headline: republishing a page
       resets its fields, not what its headline block shows readers.
    3. Over either, an earlier date in a note that the article was first published then.
    4. With none of these, a date written by the headline, then htmldate's reading of the page.

    ``tree`` has lost its scripts and styles by now; ``page`` is its markup, searched for the
    words of such a note before the tree is.
    """
    published, source = fields_published(meta.date_fields, meta.page_url, fetched_at)
    if published is not None:
        found, where = original_near_title(tree, meta.title, published, fetched_at)
        if found is not None:
            published, source = found, where
    elif from_text[0] is not None and plausible(from_text[0], fetched_at):
        published, source = from_text[0], f"text: {from_text[1]}"
    if any(hint in page for hint in ORIGINALLY_PUBLISHED_HINTS):
        first, where = originally_published(tree, fetched_at)
        if first is not None and (published is None or first.value < published.value):
            published, source = first, where
    if published is None:
        published, source = date_near_title(tree, meta.title, fetched_at)
        if published is None:
            published, source = htmldate_fallback(tree, url, fetched_at)
    return published, source
