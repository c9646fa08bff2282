"""The HTML path: trafilatura finds the main text and metadata, then the text path cleans it."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from extractors import metadata
from extractors.text import CleanText, clean_blocks, clean_title

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    """What trafilatura read off the page's markup."""

    title: str | None
    authors: tuple[str, ...]
    date: str | None
    site: str | None
    url: str | None
    section: str | None


def _unescape(value: str | None) -> str | None:
    """A metadata string with the HTML entities trafilatura left in it ("M&amp;A") decoded."""
    return html.unescape(value).strip() if value else value


def _authors(raw: str | None) -> tuple[str, ...]:
    """trafilatura's author string ("Jane Doe; John Roe") as clean names."""
    if not raw:
        return ()
    names: list[str] = []
    for part in raw.split(";"):
        found, _, _ = metadata.split_names(part, min_tokens=1)
        names.extend(n for n in found if n not in names)
    return tuple(names)


def extract_html(page: str, url: str | None = None) -> CleanText | None:
    """Main text and metadata of an HTML page; None when trafilatura finds no main text."""
    document = trafilatura.bare_extraction(
        page,
        url=url,
        include_comments=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": True, "original_date": True},
    )
    if not isinstance(document, Document) or not document.text:
        return None
    categories = document.categories or []
    site = _unescape(document.sitename) or None
    meta = HtmlMeta(
        title=clean_title(_unescape(document.title) or "") or None,
        authors=tuple(
            a
            for a in _authors(_unescape(document.author))
            if a.casefold() != (site or "").casefold()
        ),
        date=document.date,
        site=site,
        url=document.url or url,
        section=_unescape(categories[0]) if categories else None,
    )
    cleaned = clean_blocks(document.text.split("\n"), title=meta.title, find_title=False)
    cleaned.title = meta.title
    cleaned.url = meta.url
    cleaned.site = meta.site or (urlsplit(meta.url).hostname if meta.url else None) or cleaned.site
    cleaned.section = cleaned.section or meta.section
    if meta.authors:
        cleaned.authors = list(meta.authors) + [a for a in cleaned.authors if a not in meta.authors]
    if meta.date and cleaned.published is None:
        found = metadata.find_date(meta.date)
        if found:
            cleaned.published, cleaned.published_text = found, meta.date
    return cleaned
