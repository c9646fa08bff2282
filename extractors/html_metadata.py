"""Metadata of an HTML page read off its markup: title, authors, dates, site and section.

Every reader takes the page's parsed tree (``lxml.html``) and never changes it, so the same
tree goes on to trafilatura afterwards. Sources are weighed as the issue asks: JSON-LD, then
``<meta>``, then visible markup (``<h1>``, ``<time>``, bylines), then the url; a value that no
source backs well enough stays ``None`` rather than guessed. The selectors and patterns are
in ``html_patterns.py``.
"""

from __future__ import annotations

import copy
import html
import json
import logging
import re
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

import htmldate
from dateutil import parser as dateutil_parser
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import extract_metainfo, normalize_authors

from extractors import chrome, metadata, patterns
from extractors import html_patterns as hp
from extractors.metadata import FoundDate

logger = logging.getLogger(__name__)

# htmldate's extensive search (free text and dateparser) as the last resort for a date. On
# wcxb-dev-articles it finds 7 more right dates of 588 (+0.012) but costs about 8 ms a page on
# average, more than the HTML path's lead over trafilatura alone (benchmarks/html.py): off.
HTMLDATE_EXTENSIVE = False
# A date this far after the crawl is a clock or time-zone slip, not a later page: allowed.
FETCH_DATE_SLACK = timedelta(days=1)
# How much earlier than the fields' publication date a date by the headline must be to be
# taken as the original one: more than a time zone's shift of a date given without a time.
ORIGINAL_DATE_MIN_GAP = timedelta(days=2)
# The most characters between "originally published" and its date ("on the site of the
# Riverton Courier on").
ORIGINAL_NOTE_MAX_GAP = 40
# The longest text standing alone before a date that labels it ("Last updated on:").
UPDATE_LABEL_MAX_WORDS = 3
# Time-zone abbreviations dateutil should know, in seconds east of UTC (from patterns.py).
_TZINFOS = {name: minutes * 60 for name, minutes in patterns.TIMEZONE_OFFSETS.items()}
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)
_EMAIL_OR_URL = re.compile(r"\S+@\S+\.\S+|https?://\S+|www\.\S+|(?<!\w)@\w+")
_HAS_DIGIT_RUN = re.compile(r"\d{2,}")
_BYLINE_CANDIDATES = etree.XPath(hp.BYLINE_CANDIDATES_XPATH)
_BODY_TEXTS = etree.XPath("//body//text()")
# JSON-LD types as the per-node checks look them up.
_ARTICLE_RANK = {t: i for i, t in enumerate(hp.JSONLD_ARTICLE_TYPES)}
_PAGE_TYPES = frozenset(hp.JSONLD_PAGE_TYPES)
_SITE_TYPES = frozenset(hp.JSONLD_SITE_TYPES)
_PAGE_WIDE = frozenset({"body", "html"})
_INNER_TEXTS = etree.XPath("descendant::text()[normalize-space()]")
_NEXT_TEXT = etree.XPath("following::text()[normalize-space()][1]")
# XPath's normalize-space(): XML whitespace only, so a no-break space stays a character.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
# Elements whose text begins an article's body, after its header block (see _opens_body):
# a subheading of the body or a data table. Smaller headings (h3 to h6) often hold the dek
# or the byline (checked on wcxb-dev-articles, benchmarks/html.py).
_BODY_OPENERS = frozenset({"h2", "table"})
_TIME_PUBLISHED = etree.XPath(hp.TIME_PUBLISHED_XPATH)
_TRAFILATURA_AUTHOR = [etree.XPath(x) for x in hp.TRAFILATURA_AUTHOR_XPATHS]
_TRAFILATURA_AUTHOR_DISCARD = [etree.XPath(x) for x in hp.TRAFILATURA_AUTHOR_DISCARD_XPATHS]
# trafilatura's limit on an author text's length (``extract_author``'s ``len_limit``).
TRAFILATURA_AUTHOR_LIMIT = 120
_ORIGINALLY_PUBLISHED = etree.XPath(hp.ORIGINALLY_PUBLISHED_XPATH)
_TIME_IN_ARTICLE = etree.XPath(hp.TIME_IN_ARTICLE_XPATH)
_NEAR_TITLE_BEFORE = etree.XPath(hp.NEAR_TITLE_BEFORE_XPATH)
_NEAR_TITLE_AFTER = etree.XPath(hp.NEAR_TITLE_AFTER_XPATH)


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


@dataclass(slots=True)
class _Sources:
    """The raw values a page offers, gathered in one pass over its tree."""

    jsonld_article: dict[str, Any] | None = None
    jsonld_page: dict[str, Any] | None = None
    jsonld_site_names: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    title_element: str | None = None
    h1s: list[str] = field(default_factory=list)
    canonical: str | None = None


def _text(value: object) -> str | None:
    """A metadata string with entities decoded and spaces folded; None when empty."""
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", html.unescape(value)).strip()
    return value or None


def _element_text(element: HtmlElement) -> str:
    """The visible text of an element, spaces folded."""
    return _SPACES.sub(" ", element.text_content()).strip()


# --- JSON-LD ---------------------------------------------------------------------------------


def _types(node: dict[str, Any]) -> set[str]:
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


def _read_jsonld(tree: HtmlElement, sources: _Sources) -> None:
    """The page's article node, its page node and the site names its JSON-LD gives."""
    found: list[tuple[dict[str, Any], str]] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        if script.text:
            found.extend(_nodes(_load_jsonld(script.text)))
    if not found:
        return
    nodes = [node for node, _ in found]
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    best: tuple[int, int] | None = None
    for index, (node, key) in enumerate(found):
        types = _types(node)
        if key in hp.JSONLD_PERSON_KEYS:
            continue  # an author's or editor's own node says nothing of the page or the site
        ranks = [_ARTICLE_RANK[t] for t in types if t in _ARTICLE_RANK]
        if ranks and (best is None or (min(ranks), index) < best):
            best = (min(ranks), index)
        if sources.jsonld_page is None and types & _PAGE_TYPES:
            sources.jsonld_page = _resolved(node, by_id)
        if types & _SITE_TYPES and key in {"", "publisher", "isPartOf"}:
            name = _text(node.get("name"))
            if name:
                sources.jsonld_site_names.append(name)
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            name = _text(_resolve(publisher, by_id).get("name"))
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


# --- <meta>, <title>, <h1>, canonical --------------------------------------------------------


def _gather(tree: HtmlElement) -> _Sources:
    """The JSON-LD, metas, <title>, h1s and canonical link that the readers below weigh."""
    sources = _Sources()
    _read_jsonld(tree, sources)
    for element in tree.iterfind(".//meta[@content]"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = _text(element.get("content"))
        if key and value:
            sources.meta.setdefault(key.strip().lower(), []).append(value)
    title = tree.find(".//title")
    if title is not None:
        sources.title_element = _text(title.text_content())
    for h1 in tree.iterfind(".//body//h1"):
        text = _element_text(h1)
        if text and len(text.split()) <= hp.TITLE_MAX_WORDS:
            sources.h1s.append(text)
    canonical = tree.find(".//link[@rel='canonical']")
    if canonical is not None and (canonical.get("href") or "").startswith("http"):
        sources.canonical = canonical.get("href")
    return sources


# --- Site ------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """A name folded for comparison: case, spaces, punctuation and a leading "The" ignored."""
    return _NOT_ALNUM.sub("", _LEADING_THE.sub("", name).casefold())


def _host_keys(url: str | None) -> set[str]:
    """Keys of a url's host that a site name folds to ("news.example.co.uk" -> "example", …)."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    if len(labels) < 2:
        return set()
    # Drop the public suffix, roughly: the last label, and a second short one ("co.uk").
    core = labels[:-1]
    if len(core) > 1 and len(core[-1]) <= 3:
        core = core[:-1]
    keys = {_name_key(label) for label in core}
    keys.add(_name_key("".join(core)))
    keys.add(_name_key("".join(reversed(core))))
    keys.add(_name_key(".".join(labels)))
    return {k for k in keys if len(k) >= 3}


def _site_names(sources: _Sources) -> list[str]:
    """Names the page gives its site, best first."""
    names: list[str] = []
    for key in hp.META_SITE_KEYS:
        names.extend(sources.meta.get(key, []))
    names.extend(sources.jsonld_site_names)
    twitter = sources.meta.get("twitter:site")
    if twitter:
        names.append(twitter[0].lstrip("@"))
    return [n for n in dict.fromkeys(names) if n and not n.startswith("http")]


# --- Title -----------------------------------------------------------------------------------


def _segments(title: str) -> list[str]:
    """A title cut at its separators ("Headline | Section | Site" -> three segments)."""
    return [s.strip() for s in hp.TITLE_SEPARATOR.split(title) if s.strip()]


def _strip_site(title: str, site_keys: set[str]) -> str:
    """A title without the segments at either end that name the site."""
    segments = _segments(title)
    while len(segments) > 1 and _name_key(segments[-1]) in site_keys:
        segments.pop()
    while len(segments) > 1 and _name_key(segments[0]) in site_keys:
        segments.pop(0)
    if len(segments) == len(_segments(title)):
        return title
    # Rejoin what is left with the title's own separators.
    start = title.find(segments[0])
    end = title.rfind(segments[-1]) + len(segments[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(segments)


def _head(title: str) -> str:
    """The headline part of a title: what stands before its first separator."""
    segments = _segments(title)
    return segments[0] if segments else title


def _before_pipe(title: str) -> str:
    """An h1 without what follows a pipe ("Headline | Top 19 Companies" -> "Headline")."""
    return hp.TITLE_PIPE.split(title)[0].strip() or title


def _fold(text: str) -> str:
    """Text folded for comparing titles: case and spaces."""
    return _SPACES.sub(" ", text.casefold()).strip()


def _title_key(text: str) -> str:
    """A title folded to its letters and digits: case, spaces, punctuation and quotes ignored."""
    return _NOT_ALNUM.sub("", text.casefold())


def _agrees(h1: str, meta_title: str) -> bool:
    """Whether an h1 and a metadata title name the same headline."""
    a, b = _title_key(h1), _title_key(meta_title)
    if not a or not b:
        return False
    return a == b or b.startswith(a) or _title_key(_head(h1)) == _title_key(_head(meta_title))


def _plainest(title: str, forms: list[str]) -> str:
    """Of the page's forms of one title, the one with the fewest typographic quotes."""
    key = _title_key(title)
    same = [f for f in forms if _title_key(f) == key]
    return min([title, *same], key=lambda f: len(hp.TYPOGRAPHIC_QUOTES.findall(f)))


def _without_dateline(h1: str) -> str:
    """An h1 without a date line that themes put inside it: "Dec 18 2025 Headline",
    "Headline Posted on July 1, 2024 by Jane"."""
    found = metadata.find_date(h1)
    if found is None:
        return h1
    start = h1.find(found.matched)
    if start == 0:
        return h1[len(found.matched) :].strip(" -–—|:·") or h1
    m = hp.TITLE_TRAILING_DATELINE.search(h1[:start])
    if m is not None:
        return h1[: m.start()].strip() or h1
    return h1


def _title(sources: _Sources, site_keys: set[str]) -> str | None:
    """The headline: the page's h1, backed by a metadata title when one agrees.

    An h1 that a metadata title (og:title, JSON-LD headline, <title>, …) agrees with wins;
    else the first h1 of a headline's length; else the metadata titles' consensus. Site-name
    segments go ("Headline | Site"), and of the forms the page gives the plainest is kept.
    """
    metas: list[str] = []
    for key in hp.META_TITLE_KEYS:
        metas.extend(sources.meta.get(key, [])[:1])
    if sources.jsonld_article:
        headline = _text(sources.jsonld_article.get("headline"))
        if headline:
            metas.append(headline)
    if sources.title_element:
        metas.append(sources.title_element)
    metas = [_strip_site(hp.TITLE_MARKUP.sub("", m).strip(), site_keys) for m in metas]
    metas = [m for m in metas if m]
    h1s = [_without_dateline(hp.TITLE_MARKUP.sub("", h).strip()) for h in sources.h1s]
    h1s = [
        h for h in h1s if h and not hp.TITLE_NOT_HEADLINE.match(h) and _name_key(h) not in site_keys
    ]
    forms = [_head(m) for m in metas] + [_before_pipe(_strip_site(h, site_keys)) for h in h1s]
    for h1 in h1s:
        if any(_agrees(h1, m) for m in metas):
            return _plainest(_before_pipe(_strip_site(h1, site_keys)), forms)
    headlines = [h for h in h1s if len(h.split()) >= hp.TITLE_H1_MIN_WORDS]
    if headlines:
        return _plainest(_before_pipe(_strip_site(headlines[0], site_keys)), forms)
    if metas:
        votes: dict[str, int] = {}
        form: dict[str, str] = {}
        for m in metas:
            key = _fold(_head(m))
            votes[key] = votes.get(key, 0) + 1
            form.setdefault(key, _head(m))
        return _plainest(form[max(votes, key=lambda k: votes[k])], forms)
    return _before_pipe(_strip_site(h1s[0], site_keys)) if h1s else None


# --- Authors ---------------------------------------------------------------------------------


def _is_role(part: str) -> bool:
    """Whether a byline part is a job title or a credential rather than a name."""
    if hp.AUTHOR_CREDENTIAL.match(part.strip()):
        return True
    words = [w.strip(".,()").lower() for w in part.split()]
    return any(w in hp.AUTHOR_ROLE_WORDS for w in words)


def _is_organisation(part: str) -> bool:
    """Whether an author string names an organisation ("Everfit Team", "Center for …").

    A word must name it ("Everfit"): "Editorial Team" or "News Desk" name nobody.
    """
    words = [w.strip(".,()").lower() for w in part.split()]
    return (
        1 < len(words) <= 8
        and part[:1].isupper()
        and any(w in hp.AUTHOR_ORGANISATION_WORDS for w in words)
        and any(
            w not in hp.AUTHOR_ORGANISATION_WORDS
            and w not in hp.AUTHOR_ROLE_WORDS
            and w not in hp.AUTHOR_GENERIC_WORDS
            for w in words
        )
    )


_NOT_IN_A_PERSON_NAME = (
    hp.AUTHOR_ORGANISATION_WORDS
    | hp.AUTHOR_GENERIC_WORDS
    | hp.AUTHOR_ROLE_WORDS
    | hp.NOT_PERSON_NAME_WORDS
    | patterns.NON_NAME_WORDS
)


def _person_shaped(text: str) -> bool:
    """Whether a name is shaped like a person's: two to four capitalised words, none of them
    an organisation's, a role's or a generic word ("Cory Dransfeldt", not "Podium Staff")."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not _is_role(text)
        and not any(w.strip(".,()").lower() in _NOT_IN_A_PERSON_NAME for w in words)
        and metadata.clean_person_name(text) == text
    )


def _host_spells(name: str, host_keys: frozenset[str]) -> bool:
    """Whether the host spells a person's name the ways personal sites do: whole
    ("karl-voit.at"), the given or the family name alone ("pierce.dev", "artmann.co"), or one
    of them with the other's initial ("coryd.dev" for "Cory Dransfeldt")."""
    words = [_name_key(w) for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return False
    first, last = words[0], words[-1]
    spellings = {"".join(words), first + last, first + last[0], first[0] + last}
    spellings |= {w for w in (first, last) if len(w) >= hp.HOST_NAME_PART_MIN_CHARS}
    return not spellings.isdisjoint(host_keys)


def _names_the_site(name: str, site_keys: set[str], host_keys: frozenset[str]) -> bool:
    """Whether ``name`` is the site's name and so names no author. A personal site bears its
    author's name, and its host spells it: there a person's name is kept."""
    key = _name_key(name)
    return key in site_keys and not (_host_spells(name, host_keys) and _person_shaped(name))


def _name_case(part: str) -> str:
    """A name typed in lower case, in title case ("jane doe" -> "Jane Doe"); else unchanged."""
    if part.islower() and " " in part:
        return re.sub(r"[^\W\d_]+", lambda w: w.group(0).capitalize(), part)
    return part


def clean_authors(
    raw: str,
    *,
    structured: bool,
    site_keys: set[str],
    organisation: bool = False,
    host_keys: frozenset[str] = frozenset(),
) -> list[str]:
    """Names in one author string: no "By", emails, dates, job titles, site or feed names.

    ``structured`` says the string comes from a field that holds only authors (JSON-LD, meta),
    so one-word names and organisations are kept; visible bylines need two-word person names.
    ``site_keys`` are the folded names of the site, which name nobody; ``organisation`` says
    the source types the author as one; ``host_keys``, those of the page's host, given by
    fields that hold only authors (meta), let them name the person a personal site is named
    after.
    """
    text = _EMAIL_OR_URL.sub(" ", html.unescape(raw))
    text = hp.AUTHOR_PREFIX.sub("", text.strip())
    dated = metadata.find_date(text)
    if dated is not None and text.startswith(dated.matched):
        # the date first, then the name: "Dec 17, 2025 · Jane Doe"
        text = hp.AUTHOR_PREFIX.sub("", text[len(dated.matched) :].strip(" .,;:|-–—·•"))
    text = hp.AUTHOR_TAIL.sub("", text).strip(" .,;:|-–—")
    dated = metadata.find_date(text)
    if dated is not None and text.endswith(dated.matched):
        # the name, then the date: "Jane Doe 4 August 2010"
        text = text[: -len(dated.matched)].strip(" .,;:|-–—·•")
        dated = metadata.find_date(text)
    if not text or hp.AUTHOR_PLACEHOLDER.match(text) or dated is not None:
        return []
    if _names_the_site(text, site_keys, host_keys):
        return []
    if structured and (organisation or _is_organisation(text)):
        return [] if _HAS_DIGIT_RUN.search(text) else [text]
    names: list[str] = []
    for part in patterns.NAME_SEPARATOR.split(text):
        part = hp.AUTHOR_PREFIX.sub("", part).strip(" .,;:|-–—()")
        part = hp.HONORIFIC.sub("", part)
        if structured:
            # a field typed in lower case ("jane doe"); on the page, "by submitting your
            # number" is a sentence, not a name
            part = _name_case(part)
        if not part or _is_role(part) or hp.AUTHOR_PLACEHOLDER.match(part):
            continue
        if _names_the_site(part, site_keys, host_keys):
            continue
        name = metadata.clean_person_name(part, min_tokens=1 if structured else 2)
        if name and not structured and chrome.classify_line(name) is not None:
            continue  # a button or a link of the page's furniture ("Learn More")
        if name and name not in names:
            names.append(name)
    return names


def _jsonld_authors(node: dict[str, Any] | None, site_keys: set[str]) -> list[str]:
    """Author names of a JSON-LD node (a Person, an Organization, a string, or a list)."""
    if not node:
        return []
    raw = node.get("author") or node.get("creator")
    items = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            value = item.get("name")
            if isinstance(value, list):
                value = value[0] if value else None
            types = _types(item)
        else:
            value, types = item, set()
        text = _text(value)
        if text:
            # A Person may bear the site's name (a personal site); an Organization may not,
            # nor a "Person" whose name is no person's ("Cleveland Clinic").
            person = "person" in types
            found = clean_authors(
                text,
                structured=True,
                site_keys=set() if person and _person_shaped(text) else site_keys,
                organisation=not person and bool(types & _SITE_TYPES),
            )
            names.extend(n for n in found if n not in names)
    return names


def _turned_round(name: str) -> str:
    """A name written family name first ("Roy, Aniruddha") in the usual order; else as given."""
    inverted = hp.INVERTED_NAME.match(name.strip())
    if inverted is None or _is_role(inverted.group("given")):
        return name
    return f"{inverted.group('given')} {inverted.group('family')}"


def _meta_authors(
    sources: _Sources, site_keys: set[str], host_keys: frozenset[str] = frozenset()
) -> list[str]:
    """Author names from <meta> fields, the first field that names somebody."""
    for key in hp.META_AUTHOR_KEYS:
        names: list[str] = []
        for value in sources.meta.get(key, []):
            if key in hp.META_AUTHOR_INVERTED_KEYS:
                value = _turned_round(value)
            names.extend(
                n
                for n in clean_authors(
                    value, structured=True, site_keys=site_keys, host_keys=host_keys
                )
                if n not in names
            )
        if names:
            return names
    for index in ("1", "2"):
        label = sources.meta.get(f"twitter:label{index}")
        data = sources.meta.get(f"twitter:data{index}")
        if label and data and label[0].strip(" :").lower() in hp.META_AUTHOR_LABELS:
            names = clean_authors(data[0], structured=True, site_keys=site_keys)
            if names:
                return names
    return []


def _headline_holders(tree: HtmlElement) -> set[HtmlElement]:
    """The elements that hold a top-level heading: wrappers of the article, whatever their
    classes say."""
    holders: set[HtmlElement] = set()
    for heading in tree.iter("h1"):
        holders.update(heading.iterancestors())
    return holders


def _excluded(element: HtmlElement, wrappers: set[HtmlElement]) -> bool:
    """Whether a byline candidate sits in a comment, teaser, quote or other foreign block.

    ``wrappers`` hold the headline: a block that holds it holds the article, so its classes
    ("cs-sidebar-enabled", "content-sidebar-wrap") describe the layout around the article,
    and neither it nor the blocks around it are searched for foreign marks.
    """
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_WIDE or ancestor in wrappers:
            # the page's own classes name its layout ("has-sidebar", "comments-open")
            break
        if ancestor.tag in {"footer", "aside", "blockquote", "nav"}:
            return True
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if hp.BYLINE_EXCLUDED_CONTAINERS.search(marks) and any(
            hp.BYLINE_EXCLUDED_CONTAINERS.search(token)
            for token in marks.split()
            if not hp.LAYOUT_CLASS.search(token)
        ):
            return True
    return False


def _byline_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    """Elements that may hold a byline, in page order."""
    for element in _BYLINE_CANDIDATES(tree):
        if element.get("rel") == "author" or element.get("itemprop") == "author":
            yield element
            continue
        if element.tag == "a" and hp.AUTHOR_HREF.search(element.get("href", "")):
            yield element
            continue
        tokens = f"{element.get('class', '')} {element.get('id', '')}".split()
        marked = [t for t in tokens if hp.BYLINE_ATTRIBUTE.search(t)]
        if any(
            hp.BYLINE_NAME_TOKEN.search(t) or not hp.BYLINE_ATTRIBUTE_EXCLUDED.search(t)
            for t in marked
        ):
            yield element


def _visible_authors(
    tree: HtmlElement,
    site_keys: set[str],
    host_keys: frozenset[str],
    wrappers: set[HtmlElement],
) -> list[str]:
    """Author names from the page's visible bylines (rel=author, microdata, byline classes),
    outside foreign blocks (``wrappers``: see ``_excluded``).

    The innermost marked element is read first: a byline block holds the name's own element.
    """
    candidates = [
        e
        for e in _byline_elements(tree)
        if e.tag not in {"meta", "link", "img", "script", "style"} and not _excluded(e, wrappers)
    ]
    holders: set[HtmlElement] = set()
    for element in candidates:
        holders.update(element.iterancestors())
    ordered = [e for e in candidates if e not in holders] + [e for e in candidates if e in holders]
    for element in ordered:
        text = _SPACES.sub(" ", " ".join(element.itertext())).strip()
        if not text or len(text) > hp.BYLINE_MAX_CHARS:
            continue
        # rel=author and itemprop=author say the text is an author; a link to a profile page
        # may be a social network's ("Bluesky"), so its text must read as a person's name.
        structured = element.get("rel") == "author" or element.get("itemprop") == "author"
        names = clean_authors(text, structured=structured, site_keys=site_keys, host_keys=host_keys)
        if names:
            return names
    return []


# --- Dates -----------------------------------------------------------------------------------


def parse_date(value: str) -> FoundDate | None:
    """A date field's value (ISO 8601, "Dec 19, 2025", "4/24/2000 12:00 AM") as a date."""
    found = metadata.find_date(value)
    if found is not None:
        return found
    if not re.search(r"\d{4}", value):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            parsed = dateutil_parser.parse(value, fuzzy=False, tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    has_time = bool(parsed.hour or parsed.minute or parsed.second)
    local = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return FoundDate(local.astimezone(UTC), value.strip(), has_time)


def url_date(url: str | None) -> FoundDate | None:
    """The full date in a url's path ("/2024/02/12/slug"), or None."""
    if not url:
        return None
    path = urlsplit(url).path
    m = hp.URL_DATE.search(path)
    if m is None:
        return None
    year = m.group("year") or m.group("cyear")
    month = m.group("month") or m.group("cmonth")
    day = m.group("day") or m.group("cday")
    try:
        value = datetime(int(year), int(month), int(day), tzinfo=UTC)
    except ValueError:
        return None
    if not 1990 <= value.year <= 2100:
        return None
    return FoundDate(value, m.group(0).strip("/"), False)


def plausible(found: FoundDate | None, fetched_at: datetime | None) -> bool:
    """Whether a date can be the publication: not after the crawl, when that is known."""
    if found is None:
        return False
    return fetched_at is None or found.value <= fetched_at + FETCH_DATE_SLACK


def _date_candidates(
    tree: HtmlElement, sources: _Sources, url: str | None
) -> Iterator[tuple[str, str]]:
    """(source label, raw value) of every publication date the page states, best first."""
    for node in (sources.jsonld_article, sources.jsonld_page):
        if node:
            for key in hp.JSONLD_PUBLISHED_KEYS:
                value = _text(node.get(key))
                if value:
                    yield f"json-ld {key}", value
    for key in hp.META_PUBLISHED_KEYS:
        for value in sources.meta.get(key, [])[:1]:
            yield f"meta {key}", value
    for element in _TIME_PUBLISHED(tree):
        yield "<time> published", element.get("datetime", "")
    for element in _TIME_IN_ARTICLE(tree)[:1]:
        yield "<time>", element.get("datetime", "")
    if url:
        yield "url", url


def _published(
    tree: HtmlElement, sources: _Sources, url: str | None, fetched_at: datetime | None
) -> tuple[FoundDate | None, str | None]:
    """The original publication date and where it came from."""
    for label, value in _date_candidates(tree, sources, url):
        found = url_date(value) if label == "url" else parse_date(value)
        if plausible(found, fetched_at):
            shown = found.matched if label == "url" and found else value
            return found, f"{label}: {shown}"
    return None, None


def _title_heading(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The h1 that holds the title, if the page has one."""
    if not title:
        return None
    key = _title_key(title)
    for heading in tree.iterfind(".//body//h1"):
        if key and _title_key(_element_text(heading)).startswith(key):
            return heading
    return None


def _holder(node: Any) -> HtmlElement | None:
    """The element a text node is the text of (not the one it is the tail of)."""
    element = node.getparent()
    return element.getparent() if element is not None and node.is_tail else element


def _opens_body(node: Any) -> bool:
    """Whether a text node stands in a subheading or a table: the article's body has begun."""
    element = _holder(node)
    while element is not None:
        if element.tag in _BODY_OPENERS:
            return True
        element = element.getparent()
    return False


def _near_title_nodes(
    heading: HtmlElement,
    wrappers: set[HtmlElement] | None = None,
    *,
    header_only: bool = False,
    after_only: bool = False,
) -> list[tuple[Any, str]]:
    """The short text nodes just before and after the headline, with their folded text: its
    kicker, byline, date.

    Given the headline's ``wrappers`` (see ``_excluded``), those in a sidebar, a teaser or
    another foreign block are left out. With ``header_only``, those after the headline stop
    where the body's first subheading or table begins; with ``after_only``, those before the
    headline are left out.
    """
    after = _NEAR_TITLE_AFTER(heading)
    if header_only:
        end = next((i for i, node in enumerate(after) if _opens_body(node)), len(after))
        after = after[:end]
    nodes = after if after_only else _NEAR_TITLE_BEFORE(heading) + after
    if wrappers is not None:
        nodes = [
            n for n in nodes if n.getparent() is None or not _excluded(n.getparent(), wrappers)
        ]
    texts = ((node, _SPACES.sub(" ", str(node)).strip()) for node in nodes)
    return [(node, t) for node, t in texts if t and len(t) <= hp.NEAR_TITLE_MAX_CHARS]


def _near_title_texts(heading: HtmlElement, wrappers: set[HtmlElement] | None = None) -> list[str]:
    """The texts of ``_near_title_nodes``."""
    return [text for _node, text in _near_title_nodes(heading, wrappers)]


def _shown_date(node: Any, text: str) -> FoundDate | None:
    """The date a text node shows; a ``<time>`` element's own ``datetime`` when it holds the
    text, since that one names the day unambiguously ("03/01/2017") and keeps the time."""
    element = _holder(node)
    if element is not None and element.tag == "time" and element.get("datetime"):
        stated = parse_date(element.get("datetime", ""))
        if stated is not None:
            return stated
    return metadata.find_date(text)


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
    heading = _title_heading(tree, title)
    if heading is None:
        return None, None
    update: tuple[FoundDate, str] | None = None
    label = ""
    for node, text in _near_title_nodes(heading, header_only=True, after_only=after_only):
        found = _shown_date(node, text)
        if found is None or not plausible(found, fetched_at):
            label = text
            continue
        labelled = hp.UPDATE_LABEL.search(text) or (
            len(label.split()) <= UPDATE_LABEL_MAX_WORDS and hp.UPDATE_LABEL.search(label)
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
        holder = _holder(node)
        if holder is None:
            continue
        text = _SPACES.sub(" ", _element_text(holder)).strip()
        m = hp.ORIGINALLY_PUBLISHED.search(text)
        if m is None:
            continue
        rest = text[m.end() :].strip()[: hp.NEAR_TITLE_MAX_CHARS]
        found = metadata.find_date(rest)
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


def _byline_near_title(
    heading: HtmlElement | None, site_keys: set[str], wrappers: set[HtmlElement]
) -> list[str]:
    """Names of a "By …" line next to the headline (the text path's byline pattern)."""
    if heading is None:
        return []
    for text in _near_title_texts(heading, wrappers):
        if len(text.split()) > hp.NEAR_TITLE_BYLINE_MAX_WORDS:
            continue
        m = patterns.BYLINE.match(text)
        if m is None:
            continue
        names = clean_authors(m.group("names"), structured=False, site_keys=site_keys)
        if names:
            return names
    return []


def _in_author_box(element: HtmlElement) -> bool:
    """Whether an element sits in a block marked as the author's ("author-box", "bio"), a few
    levels up: a subhead and a paragraph about a company ("Acme Moving" / "Acme Moving is a
    mover…") are the article's text, not its author's box."""
    for level, ancestor in enumerate(chain([element], element.iterancestors())):
        if level > hp.AUTHOR_BOX_LEVELS or ancestor.tag in _PAGE_WIDE:
            return False
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if hp.AUTHOR_BOX_MARK.search(marks):
            return True
    return False


def _byline_texts(tree: HtmlElement) -> tuple[list[Any], list[Any], list[str]]:
    """The body's texts that open like a byline, those that are a byline's label alone, and
    the names of author boxes (a name, then a bio that opens with it: "Jane Doe" / "Jane Doe
    is a reporter…"), each in page order: one walk over the body's texts."""
    bylines: list[Any] = []
    labels: list[Any] = []
    boxes: list[str] = []
    recent: deque[str] = deque(maxlen=hp.AUTHOR_BOX_NAME_BEFORE)
    for node in _BODY_TEXTS(tree):
        text = _XML_SPACE.sub(" ", str(node)).strip(" ")
        if not text:
            continue
        if text.startswith(hp.BYLINE_TEXT_PREFIXES):
            bylines.append(node)
        if len(text) <= hp.BYLINE_LABEL_MAX_CHARS and text.lower().rstrip(": ") in hp.BYLINE_LABELS:
            labels.append(node)
        bio = hp.BIO_OPENING.match(text)
        if bio and bio.group("name") in recent:
            parent = node.getparent()
            if parent is not None and _in_author_box(parent):
                boxes.append(bio.group("name"))
        recent.append(text)
    return bylines, labels, boxes


def _byline_anywhere(
    tree: HtmlElement, site_keys: set[str], wrappers: set[HtmlElement]
) -> list[str]:
    """Names of the first short "By …" or "Written by …" text on the page, outside comments,
    teasers and footers; else of the text after a lone "Written by" label."""
    bylines, labels, boxes = _byline_texts(tree)
    for node in bylines:
        text = _SPACES.sub(" ", str(node)).strip()
        if len(text) > hp.NEAR_TITLE_MAX_CHARS:
            continue
        m = patterns.BYLINE.match(text)
        parent = node.getparent()
        if m is None or parent is None or _excluded(parent, wrappers):
            continue
        names = clean_authors(m.group("names"), structured=False, site_keys=site_keys)
        if names:
            return names
    for node in labels:
        parent = node.getparent()
        if parent is None or not node.is_text or _excluded(parent, wrappers):
            continue
        # the first text after the label: in its own element ("<span>By <a>Jane Doe</a>"),
        # else after that element ("<p>Written by</p><p>Jane Doe</p>")
        inner = [str(t) for t in _INNER_TEXTS(parent)]
        after = inner[inner.index(str(node)) + 1 :] if str(node) in inner else []
        following = after[:1] or _NEXT_TEXT(parent)
        if not following:
            continue
        text = _SPACES.sub(" ", str(following[0])).strip()
        if len(text.split()) > hp.BYLINE_LABEL_NAME_MAX_WORDS:
            # an author box: "About the author" / "Jane Doe is a reporter who covers …"
            bio = hp.BIO_OPENING.match(text)
            text = bio.group("name") if bio else ""
        names = clean_authors(text, structured=False, site_keys=site_keys) if text else []
        if names:
            return names
    for name in boxes:
        names = clean_authors(name, structured=False, site_keys=site_keys)
        if names:
            return names
    return []


# What trafilatura's author XPaths pick up besides names: the month of the date beside the
# byline ("Jane Doe Nov", "Acme November") and class names ("Wp-Block-Post-Author"). A month
# that is also a name may end a two-word name ("Theresa May"); a month may start one ("April
# Ryan").
_MONTH_WORD = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?",
    re.IGNORECASE,
)
_MONTHS_THAT_ARE_NAMES = frozenset({"april", "may", "june", "august"})
_CLASS_NAME = re.compile(r"\w+-\w+-\w+")


def _xpath_debris(name: str) -> bool:
    """Whether a name found by trafilatura's author XPaths carries debris (see above)."""
    words = name.split()
    if _CLASS_NAME.search(name):
        return True
    last = words[-1]
    if len(words) < 2 or not _MONTH_WORD.fullmatch(last):
        return False
    return not (len(words) == 2 and last.lower() in _MONTHS_THAT_ARE_NAMES)


def trafilatura_author(tree: HtmlElement) -> str | None:
    """What ``trafilatura.metadata.extract_author`` returns, found by its XPaths written over
    attribute nodes (``html_patterns.TRAFILATURA_AUTHOR_XPATHS``)."""
    pruned = prune_unwanted_nodes(copy.deepcopy(tree), _TRAFILATURA_AUTHOR_DISCARD)
    author = extract_metainfo(pruned, _TRAFILATURA_AUTHOR, len_limit=TRAFILATURA_AUTHOR_LIMIT)
    return normalize_authors(None, author) if author else None


def _trafilatura_byline(tree: HtmlElement, site_keys: set[str]) -> list[str]:
    """The names in the byline trafilatura's author XPaths find (it searches a copy of the
    tree), held to the rules of a visible byline: the last resort."""
    raw = trafilatura_author(tree)
    if not raw:
        return []
    names: list[str] = []
    for part in raw.split(";"):
        names.extend(
            n
            for n in clean_authors(part, structured=False, site_keys=site_keys)
            if n not in names and _person_shaped(n) and not _xpath_debris(n)
        )
    return names


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
    found = parse_date(value) if value else None
    if not plausible(found, fetched_at):
        return None, None
    return found, f"htmldate (page text): {value}"


# --- Entry point -----------------------------------------------------------------------------


def site_and_host_keys(
    site_names: Iterable[str], url: str | None
) -> tuple[set[str], frozenset[str]]:
    """The folded names that name the site, which name no author (its names and its host's),
    and those of its host alone."""
    host_keys = frozenset(_host_keys(url))
    site_keys = {_name_key(n) for n in site_names} | host_keys
    site_keys.discard("")
    return site_keys, host_keys


def read_metadata(
    tree: HtmlElement, url: str | None = None, *, fetched_at: datetime | None = None
) -> PageMetadata:
    """Title, authors, publication date, site, section and canonical url of a parsed page.

    ``fetched_at``, when known, bounds the publication date: a later date is not taken.
    The tree is read, never changed.
    """
    sources = _gather(tree)
    page_url = url or sources.canonical or _first_meta_value(sources, ("og:url",))
    site_names = _site_names(sources)
    site_keys, host_keys = site_and_host_keys(site_names, page_url)
    title = _title(sources, site_keys)
    authors = _jsonld_authors(sources.jsonld_article, site_keys) or _meta_authors(
        sources, site_keys, host_keys
    )
    if not authors:
        # the bylines on the page, outside foreign blocks: found once, the blocks that hold
        # the headline, which are the article's wrappers whatever their classes say
        wrappers = _headline_holders(tree)
        authors = (
            _visible_authors(tree, site_keys, host_keys, wrappers)
            or _byline_near_title(_title_heading(tree, title), site_keys, wrappers)
            or _jsonld_authors(sources.jsonld_page, site_keys)
            or _byline_anywhere(tree, site_keys, wrappers)
            or _trafilatura_byline(tree, site_keys)
        )
    published, published_text = _published(tree, sources, page_url, fetched_at)
    section = _first_meta_value(sources, hp.META_SECTION_KEYS)
    if section is None and sources.jsonld_article:
        raw_section = sources.jsonld_article.get("articleSection")
        if isinstance(raw_section, list):
            raw_section = raw_section[0] if raw_section else None
        section = _text(raw_section)
    return PageMetadata(
        title=title,
        authors=tuple(authors),
        published=published,
        published_text=published_text,
        site=site_names[0] if site_names else None,
        section=section,
        url=sources.canonical or url,
    )


def _first_meta_value(sources: _Sources, keys: Iterable[str]) -> str | None:
    """The value of the first of ``keys`` that the page's metas carry."""
    for key in keys:
        values = sources.meta.get(key)
        if values:
            return values[0]
    return None
