"""The headline's element and the short texts around it (kicker, byline, date line), and the
blocks of a page foreign to its article (comments, teasers, footers)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from extractors.html.facts import SPACES, element_text
from extractors.html.selectors import (
    BYLINE_EXCLUDED_CONTAINERS,
    LAYOUT_CLASS,
    NEAR_TITLE_AFTER_XPATH,
    NEAR_TITLE_BEFORE_XPATH,
    NEAR_TITLE_MAX_CHARS,
)
from extractors.html.title import title_key

PAGE_WIDE = frozenset({"body", "html"})
# XPath's normalize-space(): XML whitespace only, so a no-break space stays a character.
XML_SPACE = re.compile(r"[ \t\r\n]+")
# Elements whose text begins an article's body, after its header block (see _opens_body):
# a subheading of the body or a data table. Smaller headings (h3 to h6) often hold the dek
# or the byline (checked on wcxb-dev-articles, benchmarks/html.py).
_BODY_OPENERS = frozenset({"h2", "table"})
_NEAR_TITLE_BEFORE = etree.XPath(NEAR_TITLE_BEFORE_XPATH)
_NEAR_TITLE_AFTER = etree.XPath(NEAR_TITLE_AFTER_XPATH)


def headline_holders(tree: HtmlElement) -> set[HtmlElement]:
    """The elements that hold a top-level heading: wrappers of the article, whatever their
    classes say."""
    holders: set[HtmlElement] = set()
    for heading in tree.iter("h1"):
        holders.update(heading.iterancestors())
    return holders


def is_foreign(element: HtmlElement, wrappers: set[HtmlElement]) -> bool:
    """Whether a byline candidate sits in a comment, teaser, quote or other foreign block.

    ``wrappers`` hold the headline: a block that holds it holds the article, so its classes
    ("cs-sidebar-enabled", "content-sidebar-wrap") describe the layout around the article,
    and neither it nor the blocks around it are searched for foreign marks.
    """
    for ancestor in element.iterancestors():
        if ancestor.tag in PAGE_WIDE or ancestor in wrappers:
            # the page's own classes name its layout ("has-sidebar", "comments-open")
            break
        if ancestor.tag in {"footer", "aside", "blockquote", "nav"}:
            return True
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if BYLINE_EXCLUDED_CONTAINERS.search(marks) and any(
            BYLINE_EXCLUDED_CONTAINERS.search(token)
            for token in marks.split()
            if not LAYOUT_CLASS.search(token)
        ):
            return True
    return False


def title_heading(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The heading that holds the title, if the page has one: an h1, else an h2 (a page
    whose top heading is the site's name, or that has none)."""
    if not title:
        return None
    key = title_key(title)
    if not key:
        return None
    for level in ("h1", "h2"):
        for heading in tree.iterfind(f".//body//{level}"):
            if title_key(element_text(heading)).startswith(key):
                return heading
    return None


def text_holder(node: Any) -> HtmlElement | None:
    """The element a text node is the text of (not the one it is the tail of)."""
    element = node.getparent()
    return element.getparent() if element is not None and node.is_tail else element


def _opens_body(node: Any) -> bool:
    """Whether a text node stands in a subheading or a table: the article's body has begun."""
    element = text_holder(node)
    while element is not None:
        if element.tag in _BODY_OPENERS:
            return True
        element = element.getparent()
    return False


def near_title_nodes(
    heading: HtmlElement,
    wrappers: set[HtmlElement] | None = None,
    *,
    header_only: bool = False,
    after_only: bool = False,
) -> list[tuple[Any, str]]:
    """The short text nodes just before and after the headline, with their folded text: its
    kicker, byline, date.

    Given the headline's ``wrappers`` (see ``is_foreign``), those in a sidebar, a teaser or
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
            n for n in nodes if n.getparent() is None or not is_foreign(n.getparent(), wrappers)
        ]
    texts = ((node, SPACES.sub(" ", str(node)).strip()) for node in nodes)
    return [(node, t) for node, t in texts if t and len(t) <= NEAR_TITLE_MAX_CHARS]


def near_title_texts(heading: HtmlElement, wrappers: set[HtmlElement] | None = None) -> list[str]:
    """The texts of ``near_title_nodes``."""
    return [text for _node, text in near_title_nodes(heading, wrappers)]
