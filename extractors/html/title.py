"""The headline of an HTML page: its h1, backed by the metadata titles, without a site's name."""

from __future__ import annotations

from extractors.html.facts import PageFacts
from extractors.html.selectors import (
    META_TITLE_KEYS,
    TITLE_H1_MIN_WORDS,
    TITLE_MARKUP,
    TITLE_NOT_HEADLINE,
    TITLE_PIPE,
    TITLE_SEPARATOR,
    TITLE_TRAILING_DATELINE,
    TYPOGRAPHIC_QUOTES,
)
from extractors.meta.dates import find_date
from extractors.meta.people import name_key
from extractors.words import alnum_key, fold_case


def _segments(title: str) -> list[str]:
    """A title cut at its separators ("Headline | Section | Site" -> three segments)."""
    return [s.strip() for s in TITLE_SEPARATOR.split(title) if s.strip()]


def _strip_site(title: str, site_keys: set[str]) -> str:
    """A title without the segments at either end that name the site."""
    segments = _segments(title)
    while len(segments) > 1 and name_key(segments[-1]) in site_keys:
        segments.pop()
    while len(segments) > 1 and name_key(segments[0]) in site_keys:
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
    return TITLE_PIPE.split(title)[0].strip() or title


def title_key(text: str) -> str:
    """A title folded to its letters and digits: case, spaces, punctuation and quotes ignored."""
    return alnum_key(text)


def _agrees(h1: str, meta_title: str) -> bool:
    """Whether an h1 and a metadata title name the same headline."""
    a, b = title_key(h1), title_key(meta_title)
    if not a or not b:
        return False
    return a == b or b.startswith(a) or title_key(_head(h1)) == title_key(_head(meta_title))


def _plainest(title: str, forms: list[str]) -> str:
    """Of the page's forms of one title, the one with the fewest typographic quotes."""
    key = title_key(title)
    same = [f for f in forms if title_key(f) == key]
    return min([title, *same], key=lambda f: len(TYPOGRAPHIC_QUOTES.findall(f)))


def _without_dateline(h1: str) -> str:
    """An h1 without a date line that themes put inside it: "Dec 18 2025 Headline",
    "Headline Posted on July 1, 2024 by Jane"."""
    found = find_date(h1)
    if found is None:
        return h1
    start = h1.find(found.matched)
    if start == 0:
        return h1[len(found.matched) :].strip(" -–—|:·") or h1
    m = TITLE_TRAILING_DATELINE.search(h1[:start])
    if m is not None:
        return h1[: m.start()].strip() or h1
    return h1


def read_title(sources: PageFacts, site_keys: set[str]) -> str | None:
    """The headline: the page's h1, backed by a metadata title when one agrees.

    An h1 that a metadata title (og:title, JSON-LD headline, <title>, …) agrees with wins;
    else the first h1 of a headline's length; else the metadata titles' consensus. Site-name
    segments go ("Headline | Site"), and of the forms the page gives the plainest is kept.
    """
    metas: list[str] = []
    for key in META_TITLE_KEYS:
        metas.extend(sources.meta.get(key, [])[:1])
    if sources.headline:
        metas.append(sources.headline)
    if sources.title_element:
        metas.append(sources.title_element)
    metas = [_strip_site(TITLE_MARKUP.sub("", m).strip(), site_keys) for m in metas]
    metas = [m for m in metas if m]
    h1s = [_without_dateline(TITLE_MARKUP.sub("", h).strip()) for h in sources.h1s]
    h1s = [h for h in h1s if h and not TITLE_NOT_HEADLINE.match(h) and name_key(h) not in site_keys]
    forms = [_head(m) for m in metas] + [_before_pipe(_strip_site(h, site_keys)) for h in h1s]
    for h1 in h1s:
        if any(_agrees(h1, m) for m in metas):
            return _plainest(_before_pipe(_strip_site(h1, site_keys)), forms)
    headlines = [h for h in h1s if len(h.split()) >= TITLE_H1_MIN_WORDS]
    if headlines:
        return _plainest(_before_pipe(_strip_site(headlines[0], site_keys)), forms)
    if metas:
        votes: dict[str, int] = {}
        form: dict[str, str] = {}
        for m in metas:
            key = fold_case(_head(m))
            votes[key] = votes.get(key, 0) + 1
            form.setdefault(key, _head(m))
        return _plainest(form[max(votes, key=lambda k: votes[k])], forms)
    return _before_pipe(_strip_site(h1s[0], site_keys)) if h1s else None
