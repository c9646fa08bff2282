"""The publication date of an HTML page: its fields, the dates written by its headline, a
note that it was first published earlier, and htmldate's reading as the last resort."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
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
from extractors.html.title import title_key
from extractors.language import detect_language
from extractors.meta.dates import (
    FETCH_DATE_SLACK,
    FoundDate,
    field_date,
    find_date,
    parse_date,
    plausible,
)
from extractors.meta.locale import day_first
from extractors.meta.people_words import BYLINE

if TYPE_CHECKING:
    from extractors.html.metadata import PageMetadata

# A date by the headline with this many words around it is inside a sentence, not a dateline
# ("Posted on April 17th, 2020 by admin" has four; not tuned).
SENTENCE_MIN_WORDS = 8
# A date by the headline that shares a block (up to TEASER_MAX_LEVELS elements up from its
# own, short of the block that holds the headline) with a link of TEASER_LINK_MIN_WORDS words
# or more is a teaser's: another story's headline and its date.
TEASER_MAX_LEVELS = 3
TEASER_LINK_MIN_WORDS = 5
TEASER_MAX_CHARS = 3 * NEAR_TITLE_MAX_CHARS
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_STOP = re.compile(r"[.!?。]$")
# The other end of a range of days: "12.10. - " before a date, " – 15 October 2023" after
# one (a date, not "- 11 minutes" of reading time).
_RANGE_BEFORE = re.compile(r"\d[.)]?\s*(?:[-–—]|\bto\b|\bbis\b|\bal\b|\bau\b)\s*$", re.I)
_RANGE_AFTER = re.compile(r"\s*(?:[-–—]|\bto\b|\bbis\b|\bal\b|\bau\b)\s*(?=\d)", re.I)
# The zones of the world's newsrooms, west to east: a UTC instant falls on the writer's day
# somewhere in this range (Hawaii to Kiribati).
WESTMOST_OFFSET = timedelta(hours=-10)
EASTMOST_OFFSET = timedelta(hours=14)
# The days two statements of one moment may stand apart: a time zone's shift between them.
ZONE_SHIFT_DAYS = 1
# The most days a page's date may stand from a full date in its url before the url's is taken.
URL_DATE_MAX_GAP = ZONE_SHIFT_DAYS
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
    date_fields: Sequence[tuple[str, str]],
    fetched_at: datetime | None,
    day_first: bool | None = None,
) -> tuple[FoundDate | None, str | None]:
    """The publication date the page's fields state (``PageFacts.date_fields``), and where it
    came from; ``day_first`` is the page's order of day and month."""
    for label, value in date_fields:
        found = field_date(value, fetched_at, day_first=day_first)
        if found is not None:
            return found, f"{label}: {value}"
    return None, None


def _shown_date(node: Any, text: str, day_first: bool | None = None) -> FoundDate | None:
    """The date a text node shows; a ``<time>`` element's own ``datetime`` when it holds the
    text, since that one names the day unambiguously ("03/01/2017") and keeps the time."""
    element = text_holder(node)
    if element is not None and element.tag == "time" and element.get("datetime"):
        stated = parse_date(element.get("datetime", ""))
        if stated is not None:
            return stated
    return find_date(text, day_first)


def _not_the_articles(found: FoundDate, text: str) -> bool:
    """Whether a date by the headline is another thing's: an end or a start of a range of
    days ("12.10. - 15.10.2023"), or a date inside a sentence ("The council will meet on 12
    March 2024 to vote"), which a dateline is not."""
    at = text.find(found.matched)
    if at < 0:
        return False
    before, after = text[:at], text[at + len(found.matched) :]
    if _RANGE_BEFORE.search(before):
        return True
    joined = _RANGE_AFTER.match(after)
    if joined and find_date(after[joined.end() :]) is not None:
        return True
    rest = _WORD.findall(before + " " + after)
    return len(rest) >= SENTENCE_MIN_WORDS and bool(_SENTENCE_STOP.search(after.strip() or before))


def _beside_another_story(node: Any, heading: HtmlElement, own: str) -> bool:
    """Whether a date by the headline is a teaser's: a small block (TEASER_MAX_CHARS of text
    at most, up to TEASER_MAX_LEVELS elements up from the date's own, short of the block
    that holds the headline) holds it after a link whose text reads as another story's
    headline (TEASER_LINK_MIN_WORDS words or more, not a byline, not this page's title,
    whose key is ``own``)."""
    holder = text_holder(node)
    element = holder
    for _ in range(TEASER_MAX_LEVELS):
        element = element.getparent() if element is not None else None
        if element is None or element.tag in {"body", "html"} or element in heading.iterancestors():
            return False
        if len(element_text(element)) > TEASER_MAX_CHARS:
            return False
        for link in element.iter("a"):
            if link is holder or holder in link.iterancestors():
                return False  # the links after the date are not its story's
            text = SPACES.sub(" ", element_text(link)).strip()
            if (
                len(text.split()) >= TEASER_LINK_MIN_WORDS
                and not BYLINE.match(text)
                and title_key(text) != own
            ):
                return True
    return False


def date_near_title(
    tree: HtmlElement,
    title: str | None,
    fetched_at: datetime | None = None,
    *,
    updates: bool = True,
    after_only: bool = False,
    day_first: bool | None = None,
) -> tuple[FoundDate | None, str | None]:
    """A date written next to the headline: the dateline block around the article's h1.

    A date labelled as an update ("Updated May 2, 2024", or an "Updated" label just before
    it) is taken only when no other date stands there, and never when ``updates`` is false.
    With ``after_only``, only the texts after the headline are read; ``day_first`` is the
    page's order of day and month.
    """
    heading = title_heading(tree, title)
    if heading is None:
        return None, None
    update: tuple[FoundDate, str] | None = None
    label = ""
    own = title_key(element_text(heading))
    for node, text in near_title_nodes(heading, header_only=True, after_only=after_only):
        found = _shown_date(node, text, day_first)
        if (
            found is None
            or not plausible(found, fetched_at)
            or _not_the_articles(found, text)
            or _beside_another_story(node, heading, own)
        ):
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


def _htmldate_day(page: str, url: str | None, fetched_at: datetime | None) -> str | None:
    """htmldate's reading of the page's original date ("2024-02-12"), from its markup whole,
    scripts included, as htmldate alone reads it (parsed once more, by htmldate: only the
    pages that ask pay for it). A first of January is the guess it makes from a year alone,
    not a date the page states: None."""
    max_date = (fetched_at + FETCH_DATE_SLACK).strftime("%Y-%m-%d") if fetched_at else None
    try:
        value = htmldate.find_date(
            page, extensive_search=True, original_date=True, url=url, max_date=max_date
        )
    except (ValueError, TypeError):
        return None
    return None if not value or value.endswith("-01-01") else value


def htmldate_fallback(
    page: str, url: str | None, fetched_at: datetime | None = None
) -> tuple[FoundDate | None, str | None]:
    """htmldate's extensive search of the page, for pages that state no date anywhere else."""
    value = _htmldate_day(page, url, fetched_at)
    found = field_date(value, fetched_at) if value else None
    return (found, f"htmldate: {value}") if found is not None else (None, None)


def revision_shown(
    tree: HtmlElement,
    page: str,
    meta: PageMetadata,
    published: FoundDate,
    fetched_at: datetime | None,
    day_first: bool | None = None,
) -> tuple[FoundDate | None, str | None]:
    """A date by the headline, days after the fields' publication date, that the fields give
    as the page's modification and that htmldate's reading of the page agrees with: the page
    dates its current version for its readers, and all three say so.

    Where the page shows its revision's date by the headline, those who date it for readers
    take either day: of the 45 such pages of wcxb-dev-articles (none of htmldate-mediacloud),
    htmldate agrees with the headline on 5, all annotated with the revision (3 and 2 in the
    two halves of the sites, split by host); on the other 40, 15 are annotated with the
    revision and 24 with the publication. Only these pages pay for htmldate's reading.
    """
    if not meta.modified_fields:
        return None, None
    shown, where = date_near_title(tree, meta.title, fetched_at, day_first=day_first)
    if shown is None or (shown.day - published.day).days <= ZONE_SHIFT_DAYS:
        return None, None
    modified = (parse_date(value) for value in meta.modified_fields)
    if not any(
        m is not None and _days_apart(m.day, shown.day) <= ZONE_SHIFT_DAYS for m in modified
    ):
        return None, None
    if _htmldate_day(page, meta.page_url, fetched_at) != shown.day.isoformat():
        return None, None
    return shown, where


def _days_apart(one: date, other: date) -> int:
    return abs((one - other).days)


def own_day(found: FoundDate, in_url: FoundDate | None) -> date:
    """The calendar day of publication in the writer's own zone.

    A date stated with its zone (or without one) is that day as written. An instant stated
    in UTC may fall on the writer's day before or after: the day a full date in the url
    (``in_url``) states, when the instant falls on it in some newsroom's zone, is the
    writer's; else the UTC day. (Also tried, and not kept: a date by the headline as such
    evidence, 5 days won and 6 lost on the dev sets; the zone of the page's country guessed
    from its domain or language tag, 7 right days of 588 lost on wcxb-dev-articles and none
    won back on htmldate-mediacloud.)
    """
    if not found.utc_stated or in_url is None or in_url.utc_stated:
        return found.day
    west, east = (found.value + WESTMOST_OFFSET).date(), (found.value + EASTMOST_OFFSET).date()
    return in_url.day if west <= in_url.day <= east else found.day


def published_date(
    tree: HtmlElement,
    page: str,
    meta: PageMetadata,
    from_text: tuple[FoundDate | None, str | None],
    url: str | None,
    fetched_at: datetime | None,
    article_text: str = "",
) -> tuple[FoundDate | None, str | None]:
    """The publication date of an HTML page and where it was read, chosen in this one place.

    1. The page's fields (JSON-LD, ``<meta>``, ``<time>``: ``meta``), else a date written by
       the headline, else a date line the text path read off the extracted text
       (``from_text``), if not after the crawl: the headline's block is where the page dates
       its article, a line further down may date a revision or a quote.
    2. Over the fields' date, one days earlier written after the headline: republishing a page
       resets its fields, not what its headline block shows readers.
    3. Over any of these, an earlier date in a note that the article was first published then.
    4. A full date in the url over any of these but a note of first publication, when they
       are more than URL_DATE_MAX_GAP apart: the url is written once, at publication.
    5. With none at all, htmldate's reading of the page.

    The order of day and month in a date of numbers is the page's locale's: its language tag
    and country domain, else the language ``article_text`` is written in.

    The date's ``day`` is the writer's own (``own_day``). ``tree`` has lost its scripts and
    styles by now; ``page`` is its markup, searched for the words of such a note first.
    """
    order = day_first(meta.lang, meta.page_url)
    if order is None and not meta.lang and article_text:
        # no language tag: the language the article is written in tells the order
        order = day_first(detect_language(article_text)[0], meta.page_url)
    published, source = fields_published(meta.date_fields, fetched_at, order)
    if published is not None:
        found, where = original_near_title(tree, meta.title, published, fetched_at)
        if found is None:
            found, where = revision_shown(tree, page, meta, published, fetched_at, order)
        if found is not None:
            published, source = found, where
    else:
        published, source = date_near_title(tree, meta.title, fetched_at, day_first=order)
        if published is None and from_text[0] is not None and plausible(from_text[0], fetched_at):
            published, source = from_text[0], f"text: {from_text[1]}"
    noted = False
    if any(hint in page for hint in ORIGINALLY_PUBLISHED_HINTS):
        first, where = originally_published(tree, fetched_at)
        if first is not None and (published is None or first.value < published.value):
            published, source, noted = first, where, True
    in_url = field_date(meta.page_url, fetched_at, from_url=True) if meta.page_url else None
    if (
        in_url is not None
        and not noted
        and (
            published is None
            or _days_apart(own_day(published, in_url), in_url.day) > URL_DATE_MAX_GAP
        )
    ):
        published, source = in_url, f"url: {in_url.matched}"
    if published is None:
        published, source = htmldate_fallback(page, url, fetched_at)
    if published is None or not published.utc_stated:
        return published, source
    return dataclasses.replace(published, day=own_day(published, in_url)), source
