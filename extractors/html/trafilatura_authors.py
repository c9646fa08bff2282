"""trafilatura's author search (its XPaths, rewritten over attribute nodes for speed), as the
last resort for a byline."""

from __future__ import annotations

import copy
import re

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import extract_metainfo, normalize_authors

from extractors.meta.people import clean_authors, person_shaped


# trafilatura's author XPaths (``trafilatura.xpaths.AUTHOR_XPATHS`` and
# ``AUTHOR_DISCARD_XPATHS``, 2.x), each regular-expression test written as the string tests it
# amounts to, over attribute nodes: libxml2 finds the same elements, in the same order, two to
# three times faster than by testing every element (tests/test_html_metadata.py compares
# them with trafilatura's own).
def _any_of(attribute: str, test: str, values: tuple[str, ...], *extra: str) -> str:
    """Attribute nodes of that name whose value passes ``test`` with one of ``values``."""
    tests = [*extra, *(f"{test}(., '{value}')" for value in values)]
    return f"//@{attribute}[{' or '.join(tests)}]"


TRAFILATURA_AUTHOR_XPATHS = (
    # specific and almost specific
    "(//@rel[.='author'] | //@id[.='author'] | //@itemprop[.='author name']"
    " | //@data-testid[.='AuthorCard' or .='AuthorURL'] | "
    + _any_of(
        "class", "contains", ("author-name", "authorname", "AuthorName", "authorName"), ".='author'"
    )
    + " | //rel[.='me'])/parent::*[self::a or self::address or self::div or self::link"
    " or self::p or self::span or self::strong] | //author",
    # almost generic and generic
    "("
    + _any_of(
        "class",
        "contains",
        (
            "author",
            "channel-name",
            "zuozhe",
            "bianji",
            "xiaobian",
            "submitted-by",
            "posted-by",
            "journalist-name",
        ),
        ".='byline'",
        ".='username'",
        ".='byl'",
        ".='BBL'",
    )
    + " | //@itemprop[contains(., 'author')]"
    + " | "
    + _any_of("id", "contains", ("author", "zuozhe", "bianji", "xiaobian"))
    + ")/parent::*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]",
    # last resort: any element
    "(//@data-component[contains(., 'Byline')] | //@itemprop[contains(., 'author')]"
    " | "
    + _any_of("id", "contains", ("Author", "author"))
    + " | "
    + _any_of("class", "contains", ("Author", "author", "screenname", "writer", "Byline", "byline"))
    + ")/..",
)


TRAFILATURA_AUTHOR_DISCARD_XPATHS = (
    "("
    + _any_of(
        "id",
        "contains",
        ("commentlist", "comment-list", "ProductReviews"),
        ".='comments'",
        "starts-with(., 'comments')",
    )
    + " | "
    + _any_of(
        "class",
        "contains",
        (
            "commentlist",
            "comments-list",
            "sidebar",
            "is-hidden",
            "quote",
            "embedly-instagram",
            "article-share",
            "article-support",
            "print",
            "category",
            "meta-date",
            "meta-reviewer",
        ),
        ".='comments'",
        ".='title'",
        ".='date'",
        "starts-with(., 'Comments')",
        "starts-with(., 'comments')",
    )
    + " | //@data-component[contains(., 'Figure')]"
    + ")/parent::*[self::a or self::div or self::section or self::span]",
    "//time|//figure",
)


_TRAFILATURA_AUTHOR = [etree.XPath(x) for x in TRAFILATURA_AUTHOR_XPATHS]


_TRAFILATURA_AUTHOR_DISCARD = [etree.XPath(x) for x in TRAFILATURA_AUTHOR_DISCARD_XPATHS]


# trafilatura's limit on an author text's length (``extract_author``'s ``len_limit``).
TRAFILATURA_AUTHOR_LIMIT = 120


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


def trafilatura_author(tree: HtmlElement) -> str | None:
    """What ``trafilatura.extract_author`` returns, found by its XPaths written over
    attribute nodes (``TRAFILATURA_AUTHOR_XPATHS``)."""
    pruned = prune_unwanted_nodes(copy.deepcopy(tree), _TRAFILATURA_AUTHOR_DISCARD)
    author = extract_metainfo(pruned, _TRAFILATURA_AUTHOR, len_limit=TRAFILATURA_AUTHOR_LIMIT)
    return normalize_authors(None, author) if author else None


def trafilatura_byline(tree: HtmlElement, site_keys: set[str]) -> list[str]:
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
            if n not in names and person_shaped(n) and not xpath_debris(n)
        )
    return names
