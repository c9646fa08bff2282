"""The page's facts gathered in one pass over its tree: JSON-LD nodes, ``<meta>`` values,
``<title>``, ``<h1>`` texts, the canonical url and the site's names."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from extractors.html.selectors import (
    JSONLD_ARTICLE_TYPES,
    JSONLD_MODIFIED_KEYS,
    JSONLD_PAGE_TYPES,
    JSONLD_PERSON_KEYS,
    JSONLD_PUBLISHED_KEYS,
    JSONLD_SITE_TYPES,
    META_MODIFIED_KEYS,
    META_PUBLISHED_KEYS,
    META_SECTION_KEYS,
    META_SITE_KEYS,
    TIME_IN_ARTICLE_XPATH,
    TIME_PUBLISHED_XPATH,
    TITLE_MAX_WORDS,
)

logger = logging.getLogger(__name__)

_TIME_PUBLISHED = etree.XPath(TIME_PUBLISHED_XPATH)
_TIME_IN_ARTICLE = etree.XPath(TIME_IN_ARTICLE_XPATH)

SPACES = re.compile(r"\s+")
# JSON-LD types as the per-node checks look them up.
_ARTICLE_RANK = {t: i for i, t in enumerate(JSONLD_ARTICLE_TYPES)}
_PAGE_TYPES = frozenset(JSONLD_PAGE_TYPES)
_MEDIA_TYPES = frozenset({"videoobject", "audioobject", "imageobject"})
SITE_TYPES = frozenset(JSONLD_SITE_TYPES)


@dataclass(frozen=True, slots=True)
class JsonldAuthor:
    """An author a JSON-LD node names: the name, and the types the node gives it."""

    name: str
    types: frozenset[str]


@dataclass(slots=True)
class PageFacts:
    """The values a page offers about its article, gathered in one pass over its tree; the
    title, author and date readers weigh them."""

    jsonld_article: dict[str, Any] | None = None
    jsonld_page: dict[str, Any] | None = None
    jsonld_site_names: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    title_element: str | None = None
    h1s: list[str] = field(default_factory=list)
    canonical: str | None = None
    # what the readers take, read off the values above
    url: str | None = None  # the canonical url, else og:url
    site_names: list[str] = field(default_factory=list)  # best first
    section: str | None = None
    headline: str | None = None  # the article node's
    article_authors: list[JsonldAuthor] = field(default_factory=list)
    page_authors: list[JsonldAuthor] = field(default_factory=list)
    # (where, value) of every publication date the fields and <time> elements state, best first
    date_fields: list[tuple[str, str]] = field(default_factory=list)
    # the modification dates the JSON-LD article and page nodes and the metas state
    modified_fields: list[str] = field(default_factory=list)
    # the page's language tag: <html lang>, else its content-language or og:locale meta
    lang: str | None = None
    # the datePublished of a JSON-LD script that does not parse (an unescaped quote in its
    # headline): read off its text
    unparsed_published: str | None = None


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_UNPARSED_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def field_text(value: object) -> str | None:
    """A metadata string with entities decoded and spaces folded; None when empty."""
    if not isinstance(value, str):
        return None
    value = SPACES.sub(" ", html.unescape(value)).strip()
    return value or None


def element_text(element: HtmlElement) -> str:
    """The visible text of an element, spaces folded."""
    return SPACES.sub(" ", element.text_content()).strip()


def jsonld_types(node: dict[str, Any]) -> set[str]:
    """A JSON-LD node's @type values, lower-cased and without a schema.org prefix."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _nodes(value: object) -> Iterator[tuple[dict[str, Any], str]]:
    """Every dict in a JSON-LD document, in document order, with the key it stands under
    ("" at the top level and in @graph). Iterative: a hostile document may nest deeply."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, key = stack.pop()
        if isinstance(item, dict):
            yield item, key
            children = [
                (child, key if child_key == "@graph" else child_key)
                for child_key, child in item.items()
                if isinstance(child, dict | list)
            ]
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend((child, key) for child in reversed(item))


def _load_jsonld(text: str) -> object:
    """One JSON-LD script's document, or None when it does not parse."""
    try:
        return json.loads(text, strict=False)
    except RecursionError:
        logger.debug("JSON-LD nested too deeply, skipped")
        return None
    except ValueError:
        # A common slip: a trailing comma before a closing bracket.
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
        except (ValueError, RecursionError):
            logger.debug("unparsable JSON-LD skipped")
            return None


def _read_jsonld(tree: HtmlElement, sources: PageFacts) -> None:
    """The page's article node, its page node and the site names its JSON-LD gives."""
    found: list[tuple[dict[str, Any], str]] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        if script.text:
            document = _load_jsonld(script.text)
            found.extend(_nodes(document))
            if document is None:
                m = _UNPARSED_PUBLISHED.search(script.text)
                if m and sources.unparsed_published is None:
                    sources.unparsed_published = field_text(m.group(1))
    if not found:
        return
    nodes = [node for node, _ in found]
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    best: tuple[int, int] | None = None
    for index, (node, key) in enumerate(found):
        types = jsonld_types(node)
        if key in JSONLD_PERSON_KEYS:
            continue  # an author's or editor's own node says nothing of the page or the site
        ranks = [_ARTICLE_RANK[t] for t in types if t in _ARTICLE_RANK]
        if ranks and (best is None or (min(ranks), index) < best):
            best = (min(ranks), index)
        if sources.jsonld_page is None and types & _PAGE_TYPES:
            sources.jsonld_page = _resolved(node, by_id)
        if types & SITE_TYPES and key in {"", "publisher", "isPartOf"}:
            name = field_text(node.get("name"))
            if name:
                sources.jsonld_site_names.append(name)
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            name = field_text(_resolve(publisher, by_id).get("name"))
            if name:
                sources.jsonld_site_names.append(name)
    if best is not None:
        sources.jsonld_article = _resolved(nodes[best[1]], by_id)


def _resolve(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A reference node ({"@id": …}, perhaps with a "name" but no "@type") completed by the
    node it points to, so that its type is known."""
    ref = node.get("@id")
    if isinstance(ref, str) and "@type" not in node and ref in by_id:
        return {**by_id[ref], **node}
    return node


def _resolved(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A node whose author references (Yoast's graph) point to the Person nodes themselves."""
    author = node.get("author")
    if isinstance(author, dict):
        return {**node, "author": _resolve(author, by_id)}
    if isinstance(author, list):
        return {
            **node,
            "author": [_resolve(a, by_id) if isinstance(a, dict) else a for a in author],
        }
    return node


def read_facts(tree: HtmlElement) -> PageFacts:
    """The page's JSON-LD, metas, <title>, h1s, canonical link and dated <time> elements, and
    what the title, author and date readers take of them."""
    sources = PageFacts()
    _read_jsonld(tree, sources)
    for element in tree.iterfind(".//meta[@content]"):
        key = (
            element.get("property")
            or element.get("name")
            or element.get("itemprop")
            or element.get("http-equiv")  # "content-language", as the server would send it
        )
        value = field_text(element.get("content"))
        if key and value:
            sources.meta.setdefault(key.strip().lower(), []).append(value)
    title = tree.find(".//title")
    if title is not None:
        sources.title_element = field_text(title.text_content())
    for h1 in tree.iterfind(".//body//h1"):
        text = element_text(h1)
        if text and len(text.split()) <= TITLE_MAX_WORDS:
            sources.h1s.append(text)
    canonical = tree.find(".//link[@rel='canonical']")
    if canonical is not None and (canonical.get("href") or "").startswith("http"):
        sources.canonical = canonical.get("href")
    sources.url = sources.canonical or first_meta_value(sources, ("og:url",))
    sources.site_names = site_names_of(sources)
    sources.section = _section(sources)
    article = sources.jsonld_article
    sources.headline = field_text(article.get("headline")) if article else None
    sources.article_authors = _jsonld_authors(article)
    sources.page_authors = _jsonld_authors(sources.jsonld_page)
    sources.date_fields = list(_date_fields(tree, sources))
    sources.modified_fields = _modified_fields(sources)
    root = tree.getroottree().getroot()
    sources.lang = field_text(root.get("lang") or root.get(_XML_LANG)) or first_meta_value(
        sources, ("content-language", "og:locale")
    )
    return sources


def _section(sources: PageFacts) -> str | None:
    """The section the metas or the article node name."""
    section = first_meta_value(sources, META_SECTION_KEYS)
    if section is None and sources.jsonld_article:
        raw_section = sources.jsonld_article.get("articleSection")
        if isinstance(raw_section, list):
            raw_section = raw_section[0] if raw_section else None
        section = field_text(raw_section)
    return section


def _jsonld_authors(node: dict[str, Any] | None) -> list[JsonldAuthor]:
    """The authors a JSON-LD node names (Persons, Organizations, strings, or a list)."""
    if not node:
        return []
    raw = node.get("author") or node.get("creator")
    authors: list[JsonldAuthor] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, dict):
            value = item.get("name")
            if isinstance(value, list):
                value = value[0] if value else None
            types = frozenset(jsonld_types(item))
        else:
            value, types = item, frozenset()
        text = field_text(value)
        if text:
            authors.append(JsonldAuthor(text, types))
    return authors


def _jsonld_dates(sources: PageFacts) -> Iterator[tuple[str, str]]:
    """(where, value) of the publication dates of the JSON-LD article and page nodes."""
    for node in (sources.jsonld_article, sources.jsonld_page):
        if node:
            for key in JSONLD_PUBLISHED_KEYS:
                value = field_text(node.get(key))
                if value:
                    yield f"json-ld {key}", value


def _modified_fields(sources: PageFacts) -> list[str]:
    """The modification dates the JSON-LD article and page nodes and the metas state."""
    values = [
        field_text(node.get(key))
        for node in (sources.jsonld_article, sources.jsonld_page)
        if node
        for key in JSONLD_MODIFIED_KEYS
    ]
    values += [value for key in META_MODIFIED_KEYS for value in sources.meta.get(key, [])[:1]]
    return [value for value in values if value]


def _date_fields(tree: HtmlElement, sources: PageFacts) -> Iterator[tuple[str, str]]:
    """(where, value) of every publication date the page's fields state, best first."""
    # a video's node dates the video, which an article may embed long after its upload: the
    # page's own metas come first then
    media = bool(sources.jsonld_article and jsonld_types(sources.jsonld_article) & _MEDIA_TYPES)
    jsonld = list(_jsonld_dates(sources))
    if not media:
        yield from jsonld
    for key in META_PUBLISHED_KEYS:
        for value in sources.meta.get(key, [])[:1]:
            yield f"meta {key}", value
    if media:
        yield from jsonld
    if sources.unparsed_published:
        yield "json-ld datePublished (unparsed)", sources.unparsed_published
    for element in _TIME_PUBLISHED(tree):
        yield "<time> published", element.get("datetime", "")
    for element in _TIME_IN_ARTICLE(tree)[:1]:
        yield "<time>", element.get("datetime", "")


def site_names_of(sources: PageFacts) -> list[str]:
    """Names the page gives its site, best first."""
    names: list[str] = []
    for key in META_SITE_KEYS:
        names.extend(sources.meta.get(key, []))
    names.extend(sources.jsonld_site_names)
    twitter = sources.meta.get("twitter:site")
    if twitter:
        names.append(twitter[0].lstrip("@"))
    return [n for n in dict.fromkeys(names) if n and not n.startswith("http")]


def first_meta_value(sources: PageFacts, keys: Iterable[str]) -> str | None:
    """The value of the first of ``keys`` that the page's metas carry."""
    for key in keys:
        values = sources.meta.get(key)
        if values:
            return values[0]
    return None
