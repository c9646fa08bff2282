"""The authors of an HTML page, read from its facts and its markup: JSON-LD, ``<meta>``,
visible bylines, and author boxes."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from itertools import chain
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author

from extractors.html.facts import (
    SITE_TYPES,
    SPACES,
    JsonldAuthor,
    PageFacts,
)
from extractors.html.headline import PAGE_WIDE, XML_SPACE, is_foreign, near_title_texts
from extractors.html.selectors import (
    AUTHOR_BOX_LEVELS,
    AUTHOR_BOX_MARK,
    AUTHOR_BOX_NAME_BEFORE,
    AUTHOR_HREF,
    BIO_OPENING,
    BYLINE_ATTRIBUTE,
    BYLINE_ATTRIBUTE_EXCLUDED,
    BYLINE_CANDIDATES_XPATH,
    BYLINE_LABEL_MAX_CHARS,
    BYLINE_LABEL_NAME_MAX_WORDS,
    BYLINE_LABELS,
    BYLINE_MAX_CHARS,
    BYLINE_NAME_TOKEN,
    BYLINE_TEXT_PREFIXES,
    INVERTED_NAME,
    META_AUTHOR_INVERTED_KEYS,
    META_AUTHOR_KEYS,
    META_AUTHOR_LABELS,
    NEAR_TITLE_BYLINE_MAX_WORDS,
    NEAR_TITLE_MAX_CHARS,
)
from extractors.meta.people import clean_authors, is_role, person_shaped
from extractors.meta.people_words import BYLINE

_BYLINE_CANDIDATES = etree.XPath(BYLINE_CANDIDATES_XPATH)
_BODY_TEXTS = etree.XPath("//body//text()")
_INNER_TEXTS = etree.XPath("descendant::text()[normalize-space()]")
_NEXT_TEXT = etree.XPath("following::text()[normalize-space()][1]")


def jsonld_authors(authors: list[JsonldAuthor], site_keys: set[str]) -> list[str]:
    """The names of a JSON-LD node's authors (``PageFacts.article_authors``, ``page_authors``)."""
    names: list[str] = []
    for author in authors:
        # A Person may bear the site's name (a personal site); an Organization may not,
        # nor a "Person" whose name is no person's ("Cleveland Clinic").
        person = "person" in author.types
        found = clean_authors(
            author.name,
            structured=True,
            site_keys=site_keys,
            organisation=not person and bool(author.types & SITE_TYPES),
            person=person,
        )
        names.extend(n for n in found if n not in names)
    return names


def _turned_round(name: str) -> str:
    """A name written family name first ("Roy, Aniruddha") in the usual order; else as given."""
    inverted = INVERTED_NAME.match(name.strip())
    if inverted is None or is_role(inverted.group("given")):
        return name
    return f"{inverted.group('given')} {inverted.group('family')}"


def meta_authors(
    sources: PageFacts, site_keys: set[str], host_keys: frozenset[str] = frozenset()
) -> list[str]:
    """Author names from <meta> fields, the first field that names somebody."""
    for key in META_AUTHOR_KEYS:
        names: list[str] = []
        for value in sources.meta.get(key, []):
            if key in META_AUTHOR_INVERTED_KEYS:
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
        if label and data and label[0].strip(" :").lower() in META_AUTHOR_LABELS:
            names = clean_authors(data[0], structured=True, site_keys=site_keys)
            if names:
                return names
    return []


def _byline_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    """Elements that may hold a byline, in page order."""
    for element in _BYLINE_CANDIDATES(tree):
        if element.get("rel") == "author" or element.get("itemprop") == "author":
            yield element
            continue
        if element.tag == "a" and AUTHOR_HREF.search(element.get("href", "")):
            yield element
            continue
        tokens = f"{element.get('class', '')} {element.get('id', '')}".split()
        marked = [t for t in tokens if BYLINE_ATTRIBUTE.search(t)]
        if any(
            BYLINE_NAME_TOKEN.search(t) or not BYLINE_ATTRIBUTE_EXCLUDED.search(t) for t in marked
        ):
            yield element


def visible_authors(
    tree: HtmlElement,
    site_keys: set[str],
    host_keys: frozenset[str],
    wrappers: set[HtmlElement],
) -> list[str]:
    """Author names from the page's visible bylines (rel=author, microdata, byline classes),
    outside foreign blocks (``wrappers``: see ``is_foreign``).

    The innermost marked element is read first: a byline block holds the name's own element.
    """
    candidates = [
        e
        for e in _byline_elements(tree)
        if e.tag not in {"meta", "link", "img", "script", "style"} and not is_foreign(e, wrappers)
    ]
    holders: set[HtmlElement] = set()
    for element in candidates:
        holders.update(element.iterancestors())
    ordered = [e for e in candidates if e not in holders] + [e for e in candidates if e in holders]
    for element in ordered:
        text = SPACES.sub(" ", " ".join(element.itertext())).strip()
        if not text or len(text) > BYLINE_MAX_CHARS:
            continue
        # rel=author and itemprop=author say the text is an author; a link to a profile page
        # may be a social network's ("Bluesky"), so its text must read as a person's name.
        structured = element.get("rel") == "author" or element.get("itemprop") == "author"
        names = clean_authors(text, structured=structured, site_keys=site_keys, host_keys=host_keys)
        if names:
            return names
    return []


def byline_near_title(
    heading: HtmlElement | None, site_keys: set[str], wrappers: set[HtmlElement]
) -> list[str]:
    """Names of a "By …" line next to the headline (the text path's byline pattern)."""
    if heading is None:
        return []
    for text in near_title_texts(heading, wrappers):
        if len(text.split()) > NEAR_TITLE_BYLINE_MAX_WORDS:
            continue
        m = BYLINE.match(text)
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
        if level > AUTHOR_BOX_LEVELS or ancestor.tag in PAGE_WIDE:
            return False
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if AUTHOR_BOX_MARK.search(marks):
            return True
    return False


def _byline_texts(tree: HtmlElement) -> tuple[list[Any], list[Any], list[str]]:
    """The body's texts that open like a byline, those that are a byline's label alone, and
    the names of author boxes (a name, then a bio that opens with it: "Jane Doe" / "Jane Doe
    is a reporter…"), each in page order: one walk over the body's texts."""
    bylines: list[Any] = []
    labels: list[Any] = []
    boxes: list[str] = []
    recent: deque[str] = deque(maxlen=AUTHOR_BOX_NAME_BEFORE)
    for node in _BODY_TEXTS(tree):
        text = XML_SPACE.sub(" ", str(node)).strip(" ")
        if not text:
            continue
        if text.startswith(BYLINE_TEXT_PREFIXES):
            bylines.append(node)
        if len(text) <= BYLINE_LABEL_MAX_CHARS and text.lower().rstrip(": ") in BYLINE_LABELS:
            labels.append(node)
        bio = BIO_OPENING.match(text)
        if bio and bio.group("name") in recent:
            parent = node.getparent()
            if parent is not None and _in_author_box(parent):
                boxes.append(bio.group("name"))
        recent.append(text)
    return bylines, labels, boxes


def byline_anywhere(
    tree: HtmlElement, site_keys: set[str], wrappers: set[HtmlElement]
) -> list[str]:
    """Names of the first short "By …" or "Written by …" text on the page, outside comments,
    teasers and footers; else of the text after a lone "Written by" label."""
    bylines, labels, boxes = _byline_texts(tree)
    for node in bylines:
        text = SPACES.sub(" ", str(node)).strip()
        if len(text) > NEAR_TITLE_MAX_CHARS:
            continue
        m = BYLINE.match(text)
        parent = node.getparent()
        if m is None or parent is None or is_foreign(parent, wrappers):
            continue
        names = clean_authors(m.group("names"), structured=False, site_keys=site_keys)
        if names:
            return names
    for node in labels:
        parent = node.getparent()
        if parent is None or not node.is_text or is_foreign(parent, wrappers):
            continue
        # the first text after the label: in its own element ("<span>By <a>Jane Doe</a>"),
        # else after that element ("<p>Written by</p><p>Jane Doe</p>")
        inner = [str(t) for t in _INNER_TEXTS(parent)]
        after = inner[inner.index(str(node)) + 1 :] if str(node) in inner else []
        following = after[:1] or _NEXT_TEXT(parent)
        if not following:
            continue
        text = SPACES.sub(" ", str(following[0])).strip()
        if len(text.split()) > BYLINE_LABEL_NAME_MAX_WORDS:
            # an author box: "About the author" / "Jane Doe is a reporter who covers …"
            bio = BIO_OPENING.match(text)
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


def xpath_debris(name: str) -> bool:
    """Whether a name found by trafilatura's author XPaths carries debris (see above)."""
    words = name.split()
    if _CLASS_NAME.search(name):
        return True
    last = words[-1]
    if len(words) < 2 or not _MONTH_WORD.fullmatch(last):
        return False
    return not (len(words) == 2 and last.lower() in _MONTHS_THAT_ARE_NAMES)


def trafilatura_byline(tree: HtmlElement, site_keys: set[str]) -> list[str]:
    """The names in the byline trafilatura's author search finds (it searches a copy of the
    tree), held to the rules of a visible byline: the last resort."""
    raw = extract_author(tree)
    if not raw:
        return []
    names: list[str] = []
    for part in raw.split(";"):
        names.extend(
            n
            for n in clean_authors(part, structured=False, site_keys=site_keys)
            if n not in names and person_shaped(n) and not xpath_debris(n)
        )
    return names
