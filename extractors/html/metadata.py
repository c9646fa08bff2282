"""Metadata of an HTML page read off its markup: title, authors, dates, site and section.

The page's facts are gathered once (``html.facts``); the title, author and date readers
(``html.title``, ``html.authors``, ``html.dates``) take them and the parsed tree, which they
never change, so the same tree goes on to trafilatura afterwards. Sources are weighed best
first: JSON-LD, then ``<meta>``, then visible markup (``<h1>``, ``<time>``, bylines), then the
url; a value that no source backs well enough stays ``None`` rather than guessed. The
selectors are in ``html.selectors``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml.html import HtmlElement

from extractors.html.authors import (
    byline_anywhere,
    byline_near_title,
    jsonld_authors,
    meta_authors,
    trafilatura_byline,
    visible_authors,
)
from extractors.html.facts import read_facts
from extractors.html.headline import headline_holders, title_heading
from extractors.html.title import read_title
from extractors.meta.people import site_and_host_keys
from extractors.text.blocks import clean_title

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page's markup says about its article."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    site: str | None = None
    section: str | None = None
    url: str | None = None  # the canonical url, else the one given
    page_url: str | None = None  # the url given, else the canonical one: its path may hold a date
    # (where, value) of the publication dates the page's fields state, best first
    date_fields: tuple[tuple[str, str], ...] = ()
    modified_fields: tuple[str, ...] = ()  # the modification dates they state
    lang: str | None = None  # the page's language tag ("en-US"): its locale's date order and zone


# --- Entry point -----------------------------------------------------------------------------


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, authors, site, section and canonical url of a parsed page, and the dates its
    fields state (``html.dates.published_date`` chooses among them and the others).

    The tree is read, never changed.
    """
    sources = read_facts(tree)
    page_url = url or sources.url
    site_names = sources.site_names
    site_keys, host_keys = site_and_host_keys(site_names, page_url)
    title = read_title(sources, site_keys)
    authors = jsonld_authors(sources.article_authors, site_keys) or meta_authors(
        sources, site_keys, host_keys
    )
    if not authors:
        # the bylines on the page, outside foreign blocks: found once, the blocks that hold
        # the headline, which are the article's wrappers whatever their classes say
        wrappers = headline_holders(tree)
        authors = (
            visible_authors(tree, site_keys, host_keys, wrappers)
            or byline_near_title(title_heading(tree, title), site_keys, wrappers)
            or jsonld_authors(sources.page_authors, site_keys)
            or byline_anywhere(tree, site_keys, wrappers)
            or trafilatura_byline(tree, site_keys)
        )
    return PageMetadata(
        title=(clean_title(title) or None) if title else None,
        authors=tuple(authors),
        site=site_names[0] if site_names else None,
        section=sources.section,
        url=sources.canonical or url,
        page_url=page_url,
        date_fields=tuple(sources.date_fields),
        modified_fields=tuple(sources.modified_fields),
        lang=sources.lang,
    )
