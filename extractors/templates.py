"""Site templates: lines that recur across many pages of one site are chrome, whatever they say.

A run learns them in a first pass over its text dumps (``page_line_keys`` per page, then
``learn_templates``), keeps them as ``TemplateLine`` rows, and hands each page the keys of its
site's template (``SiteTemplate``) when it cleans it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from extractors import patterns
from extractors.record import TemplateLine

# A site needs this many pages in the run before a template is learned for it: with fewer,
# a line shared by chance (two copies of one story) would pass for chrome.
MIN_SITE_PAGES = 3
# A line is template chrome when it stands on at least this share of its site's pages.
MIN_TEMPLATE_SHARE = 0.5

SiteTemplate = frozenset[str]
"""The line keys of one site's template."""


def line_key(block: str) -> str:
    """A block's key: a short hash of its text with case, spacing and punctuation folded."""
    folded = re.sub(r"\W+", " ", block.casefold()).strip()
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


def dump_url(text: str) -> str | None:
    """The url a text dump's crawler header gives ("url https://…"), if any."""
    head = text[:2000].lstrip()
    while True:
        m = patterns.CRAWLER_HEADER.match(head)
        if not m:
            return None
        if m.group("value").lower().startswith("http"):
            return m.group("value")
        head = head[m.end() :].lstrip()


def site_of(source: str, url: str | None) -> str:
    """A page's site: the url's host without "www.", else the folder the page was read from."""
    if url:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    return os.path.dirname(source) or "."


def page_line_keys(blocks: Iterable[str]) -> dict[str, str]:
    """The distinct blocks of one page: key to text (the first spelling met)."""
    keys: dict[str, str] = {}
    for block in blocks:
        if block:
            keys.setdefault(line_key(block), block)
    return keys


def learn_templates(pages: Iterable[tuple[str, dict[str, str]]]) -> list[TemplateLine]:
    """Template lines of every site with enough pages, from (site, page_line_keys) pairs."""
    page_count: Counter[str] = Counter()
    line_count: dict[str, Counter[str]] = defaultdict(Counter)
    texts: dict[tuple[str, str], str] = {}
    for site, keys in pages:
        page_count[site] += 1
        line_count[site].update(keys.keys())
        for key, text in keys.items():
            texts.setdefault((site, key), text)
    lines: list[TemplateLine] = []
    for site in sorted(page_count):
        total = page_count[site]
        if total < MIN_SITE_PAGES:
            continue
        for key, count in sorted(line_count[site].items()):
            share = count / total
            if count >= 2 and share >= MIN_TEMPLATE_SHARE:
                lines.append(TemplateLine(site, key, texts[(site, key)], share, total))
    return lines


def site_templates(lines: Iterable[TemplateLine]) -> dict[str, SiteTemplate]:
    """Template lines grouped by site, as the keys ``clean_blocks`` looks up."""
    grouped: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        grouped[line.site].add(line.line_hash)
    return {site: frozenset(keys) for site, keys in grouped.items()}
