"""Site templates: lines that recur across many pages of one site are chrome, whatever they say.

A run learns them in a first pass over its text dumps with a ``TemplateLearner``, keeps them as
``TemplateLine`` rows, and hands each page the keys of its site's template (``SiteTemplate``)
when it cleans it.

The learner's memory does not grow with the pages of a site, but for one digest per distinct
page in a pass: copies of a page count once. It reads the dumps more than once,
in the same order each time: first it only counts each site's pages and their lines; then it
counts the lines of the sites with enough pages in a ``LineTally`` of a fixed size per site,
large enough that every line standing on enough pages is sure to be in it; and only when a line
of a tally might pass but its count is not known exactly does it read that site's dumps a third
time to count those few lines. The templates are exactly those of counting every line of every
page.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from extractors.record import TemplateLine
from extractors.text.blocks import CRAWLER_HEADER
from extractors.words import fold_words

# A site needs this many pages in the run before a template is learned for it: with fewer,
# a line shared by chance (two copies of one story) would pass for chrome.
MIN_SITE_PAGES = 3
# A line is template chrome when it stands on at least this share of its site's pages.
MIN_TEMPLATE_SHARE = 0.5

SiteTemplate = frozenset[str]
"""The line keys of one site's template."""


def line_digest(block: str) -> int:
    """A block's key as a 64-bit integer: a hash of its text with case, spacing and punctuation
    folded."""
    folded = fold_words(block)
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest())


def text_digest(text: str) -> int:
    """A whole dump's digest, with case, spacing and punctuation folded: copies of one page
    have the same."""
    return line_digest(text)


def key_hex(digest: int) -> str:
    """A line digest as the 16 hex digits that template rows and ``SiteTemplate`` hold."""
    return f"{digest:016x}"


def line_key(block: str) -> str:
    """A block's key: a short hash of its text with case, spacing and punctuation folded."""
    return key_hex(line_digest(block))


def site_of(source: str, url: str | None) -> str:
    """A page's site: the url's host without "www.", else the folder the page was read from."""
    if url:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    return os.path.dirname(source) or "."


def page_lines(blocks: Iterable[str]) -> dict[int, str]:
    """The distinct blocks of one page: line digest to text (the first spelling met)."""
    lines: dict[int, str] = {}
    for block in blocks:
        if block:
            lines.setdefault(line_digest(block), block)
    return lines


def min_template_pages(pages: int) -> int:
    """The fewest of a site's ``pages`` a line must stand on to be template chrome (more than
    ``pages`` when no line can)."""
    need = max(2, math.ceil(pages * MIN_TEMPLATE_SHARE))
    while need > 2 and (need - 1) / pages >= MIN_TEMPLATE_SHARE:
        need -= 1
    while need <= pages and need / pages < MIN_TEMPLATE_SHARE:
        need += 1
    return need


class LineTally:
    """How many pages each line of one site stands on, in at most ``capacity`` entries.

    This is the Space-Saving summary (Metwally, Agrawal and El Abbadi, 2005), fed each page's
    distinct lines. Until ``capacity`` lines are held, every line met is held with its exact
    count and first spelling. Past that, a new line takes the place of the oldest of those with
    the lowest count and starts from that count plus one, the inherited part being its
    ``error``. So a held line stands on between ``count - error`` and ``count`` pages, and a line
    not held on at most ``unheld_max`` pages, which is below ``seen / capacity``.
    """

    __slots__ = ("_by_count", "_counts", "_errors", "_low", "_texts", "capacity", "seen")

    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self.seen = 0  # lines added, over all pages: the sum of the held counts
        self._counts: dict[int, int] = {}
        self._errors: dict[int, int] = {}  # only lines that replaced another
        self._texts: dict[int, str] = {}  # only lines held since they were first met
        self._by_count: dict[int, dict[int, None]] = {}  # count -> its lines, oldest first
        self._low = 0  # the lowest held count

    def __len__(self) -> int:
        return len(self._counts)

    @property
    def unheld_max(self) -> int:
        """The most pages a line not held can stand on."""
        return self._low if len(self._counts) >= self.capacity else 0

    def add(self, digest: int, text: str) -> None:
        """Count one page's line; each page adds each of its distinct lines once."""
        self.seen += 1
        count = self._counts.get(digest)
        if count is not None:
            self._move(digest, count)
        elif len(self._counts) < self.capacity:
            self._place(digest, 1)
            self._texts[digest] = text
            self._low = 1
        else:
            low = self._low
            lowest = self._by_count[low]
            dropped = next(iter(lowest))
            del lowest[dropped], self._counts[dropped]
            self._errors.pop(dropped, None)
            self._texts.pop(dropped, None)
            if not lowest:
                del self._by_count[low]
                self._low = low + 1
            self._place(digest, low + 1)
            self._errors[digest] = low

    def _place(self, digest: int, count: int) -> None:
        """Hold a line at ``count``."""
        self._counts[digest] = count
        self._by_count.setdefault(count, {})[digest] = None

    def _move(self, digest: int, count: int) -> None:
        """Raise a held line's count by one."""
        same = self._by_count[count]
        del same[digest]
        if not same:
            del self._by_count[count]
            if count == self._low:
                self._low = count + 1
        self._place(digest, count + 1)

    def entries(self) -> Iterator[tuple[int, int, int, str | None]]:
        """The held lines as (digest, count, error, first spelling when the error is 0)."""
        for digest, count in self._counts.items():
            yield digest, count, self._errors.get(digest, 0), self._texts.get(digest)


@dataclass(slots=True)
class _Recount:
    """A line being counted again: the pages it stands on, and its first spelling met."""

    pages: int = 0
    text: str | None = None


class TemplateLearner:
    """Learns the template of every site with enough pages, reading the text dumps in passes.

    The caller reads every text dump once and calls ``count_page``; then, for as long as
    ``next_pass`` returns sites, reads the dumps again in the same order and calls
    ``read_page`` for each dump of those sites; then takes ``templates()``.

    It holds per site its page count and line bound, and per site being read either a
    ``LineTally`` or the few lines being counted again. A tally has room for the site's line
    bound over the fewest pages a template line needs (about twice a page's lines), so that the
    lines it drops stand on too few pages. Were ``count_page`` given too low a bound (the
    pipeline's ``block_bound`` never is), the site would be tallied again, with room for the
    lines its tally saw: a pass more, never a wrong template.

    A page is counted once however many copies of it the inputs hold: given its text's digest,
    a copy met again in the same pass is passed over, so that the lines of a story dumped many
    times do not pass for its site's template. For that, a pass holds one digest per distinct
    page of the sites it reads (about 70 bytes each: 70 MB for a million pages).
    """

    def __init__(self) -> None:
        self._pages: Counter[str] = Counter()
        self._line_bounds: Counter[str] = Counter()
        self._tallies: dict[str, LineTally] = {}
        self._recounts: dict[str, dict[int, _Recount]] = {}
        self._learned: list[TemplateLine] = []
        self._counting = True
        self.passes = 1
        # the digests of the pages met in this pass, per site: a copy met again is passed over
        self._met: dict[str, set[int]] = {}

    def _copy(self, site: str, page_digest: int | None) -> bool:
        """Whether a page of ``site`` with this text digest was met before in this pass."""
        if page_digest is None:
            return False
        met = self._met.setdefault(site, set())
        if page_digest in met:
            return True
        met.add(page_digest)
        return False

    def count_page(self, site: str, line_bound: int, page_digest: int | None = None) -> None:
        """First pass: one dump of ``site``, with at least as many lines as it has distinct
        blocks; ``page_digest`` (``text_digest``) passes over the copies of a page."""
        if self._copy(site, page_digest):
            return
        self._pages[site] += 1
        self._line_bounds[site] += line_bound

    def next_pass(self) -> frozenset[str]:
        """Settle what the pass just read allows, and return the sites whose dumps the next
        pass must read (none: the templates are learned)."""
        if self._counting:
            self._counting = False
            for site, pages in self._pages.items():
                if pages >= MIN_SITE_PAGES:
                    need = min_template_pages(pages)
                    self._tallies[site] = LineTally(self._line_bounds[site] // need + 1)
            self._line_bounds.clear()
        else:
            self._settle_recounts()
            self._settle_tallies()
        sites = frozenset(self._tallies) | frozenset(self._recounts)
        if sites:
            self.passes += 1
        self._met.clear()
        return sites

    def read_page(
        self, site: str, lines: Mapping[int, str], page_digest: int | None = None
    ) -> None:
        """A later pass: one dump of a site ``next_pass`` returned, as its ``page_lines``, and
        its text's digest as ``count_page`` had it."""
        if self._copy(site, page_digest):
            return
        tally = self._tallies.get(site)
        if tally is not None:
            for digest, text in lines.items():
                tally.add(digest, text)
        recount = self._recounts.get(site)
        if recount is not None:
            for digest in recount.keys() & lines.keys():
                entry = recount[digest]
                entry.pages += 1
                entry.text = entry.text or lines[digest]

    @property
    def lines_held(self) -> int:
        """Lines held in tallies and recounts now: bounded per site, whatever its pages."""
        return sum(map(len, self._tallies.values())) + sum(map(len, self._recounts.values()))

    def _settle_tallies(self) -> None:
        """Keep the lines a tally counted exactly; recount those it could not settle, or tally a
        site again with room for every line it saw when its line bound fell short."""
        tallies, self._tallies = self._tallies, {}
        for site, tally in tallies.items():
            pages = self._pages[site]
            need = min_template_pages(pages)
            if tally.unheld_max >= need:
                self._tallies[site] = LineTally(tally.seen // need + 1)
                continue
            uncertain: dict[int, _Recount] = {}
            for digest, count, _error, text in tally.entries():
                if count < need:
                    continue
                if text is not None:  # held since first met: its count is exact
                    self._learned.append(
                        TemplateLine(site, key_hex(digest), text, count / pages, pages)
                    )
                else:
                    uncertain[digest] = _Recount()
            if uncertain:
                self._recounts[site] = uncertain

    def _settle_recounts(self) -> None:
        """Keep the recounted lines that stand on enough pages."""
        for site, recount in self._recounts.items():
            pages = self._pages[site]
            need = min_template_pages(pages)
            for digest, entry in recount.items():
                if entry.pages >= need and entry.text is not None:
                    self._learned.append(
                        TemplateLine(site, key_hex(digest), entry.text, entry.pages / pages, pages)
                    )
        self._recounts.clear()

    def templates(self) -> list[TemplateLine]:
        """The learned template lines, by site and line hash."""
        return sorted(self._learned, key=lambda t: (t.site, t.line_hash))


def site_templates(lines: Iterable[TemplateLine]) -> dict[str, SiteTemplate]:
    """Template lines grouped by site, as the keys ``clean_blocks`` looks up."""
    grouped: dict[str, set[str]] = {}
    for line in lines:
        grouped.setdefault(line.site, set()).add(line.line_hash)
    return {site: frozenset(keys) for site, keys in grouped.items()}


def dump_url(text: str) -> str | None:
    """The url a text dump's crawler header gives ("url https://…"), if any."""
    head = text[:2000].lstrip()
    while True:
        m = CRAWLER_HEADER.match(head)
        if not m:
            return None
        if m.group("value").lower().startswith("http"):
            return m.group("value")
        head = head[m.end() :].lstrip()


def page_site(source: str, url: str | None, text: str) -> str:
    """A dump's site: its url's host (given, or from its crawler header), else its folder."""
    return site_of(source, url or dump_url(text))


def template_for(
    templates: Mapping[str, SiteTemplate], source: str, url: str | None, text: str
) -> SiteTemplate:
    """The template of a dump's site, empty when none was learned."""
    return templates.get(page_site(source, url, text), frozenset()) if templates else frozenset()
