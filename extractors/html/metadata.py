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
from datetime import datetime

from lxml.html import HtmlElement

from extractors.html.authors import (
    byline_anywhere,
    byline_near_title,
    jsonld_authors,
    meta_authors,
    visible_authors,
)
from extractors.html.dates import fields_published
from extractors.html.facts import field_text, first_meta_value, read_facts, site_names_of
from extractors.html.headline import headline_holders, title_heading
from extractors.html.selectors import META_SECTION_KEYS
from extractors.html.title import read_title
from extractors.html.trafilatura_authors import trafilatura_byline
from extractors.meta.dates import FoundDate
from extractors.meta.people import site_and_host_keys

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page's markup says about its article."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: FoundDate | None = None
    published_text: str | None = None  # where the date came from: "json-ld datePublished: …"
    site: str | None = None
    section: str | None = None
    url: str | None = None


# --- JSON-LD ---------------------------------------------------------------------------------


# --- <meta>, <title>, <h1>, canonical --------------------------------------------------------


# --- Site ------------------------------------------------------------------------------------


# --- Title -----------------------------------------------------------------------------------


# --- Authors ---------------------------------------------------------------------------------


# --- Dates -----------------------------------------------------------------------------------


# --- Entry point -----------------------------------------------------------------------------


def read_metadata(
    tree: HtmlElement, url: str | None = None, *, fetched_at: datetime | None = None
) -> PageMetadata:
    """Title, authors, publication date, site, section and canonical url of a parsed page.

    ``fetched_at``, when known, bounds the publication date: a later date is not taken.
    The tree is read, never changed.
    """
    sources = read_facts(tree)
    page_url = url or sources.canonical or first_meta_value(sources, ("og:url",))
    site_names = site_names_of(sources)
    site_keys, host_keys = site_and_host_keys(site_names, page_url)
    title = read_title(sources, site_keys)
    authors = jsonld_authors(sources.jsonld_article, site_keys) or meta_authors(
        sources, site_keys, host_keys
    )
    if not authors:
        # the bylines on the page, outside foreign blocks: found once, the blocks that hold
        # the headline, which are the article's wrappers whatever their classes say
        wrappers = headline_holders(tree)
        authors = (
            visible_authors(tree, site_keys, host_keys, wrappers)
            or byline_near_title(title_heading(tree, title), site_keys, wrappers)
            or jsonld_authors(sources.jsonld_page, site_keys)
            or byline_anywhere(tree, site_keys, wrappers)
            or trafilatura_byline(tree, site_keys)
        )
    published, published_text = fields_published(tree, sources, page_url, fetched_at)
    section = first_meta_value(sources, META_SECTION_KEYS)
    if section is None and sources.jsonld_article:
        raw_section = sources.jsonld_article.get("articleSection")
        if isinstance(raw_section, list):
            raw_section = raw_section[0] if raw_section else None
        section = field_text(raw_section)
    return PageMetadata(
        title=title,
        authors=tuple(authors),
        published=published,
        published_text=published_text,
        site=site_names[0] if site_names else None,
        section=section,
        url=sources.canonical or url,
    )
