"""How many of WCXB's date annotations an extractor that follows the date rules can match at all.

The date metric (``benchmarks.metrics.date_matches``) counts a prediction right when it falls on
the annotated day (in the annotated month, for a "YYYY-MM" annotation). The date rules (the
issue's) prefer the original publication date over the modification date and never guess: a
date the page does not state stays null. Where the annotated day is stated nowhere on the page,
or only as a modification, update or review date beside a different publication date, no output
that follows the rules can match it. This script counts such annotations, by reason.

A day is stated when the page's HTML writes it in a common form (ISO, also inside datetimes;
``2025/08/19``; ``2025.08.19``; ``20250819``; numbers month or day first with ``/``, ``-`` or
``.``; English month names, full or abbreviated, with or without an ordinal), or when an ISO
datetime with an explicit UTC offset falls on it in some time zone from UTC-12 to UTC+14; for a
month annotation, a date in that month or the month and year together count. Each mention takes
the nearest label in the ~80 characters before it, in the markup or else in the visible text; a
label followed by a date of another day is that date's. Any mention without a label or with a
publication label keeps the page within reach, and so does a publication date that stands only
in a script's data (not JSON-LD) or a comment, where an extractor reading the page's fields and
text would not find it and may fall back to the update: the bound printed is an upper one.

    python -m benchmarks.date_annotations [--bench DIR] [--examples N] [--list]
"""

from __future__ import annotations

import argparse
import bisect
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.bench_data import DEFAULT_BENCH_DIR, WCXB, BenchPage, load_set
from benchmarks.harness import format_table
from benchmarks.metrics import parse_day

NOT_STATED = "not stated on the page"
MODIFIED_ONLY = "only as a modification date"
MODIFIED = "modified"
PUBLISHED = "published"
LABEL_WINDOW = 80  # characters before a mention searched for its label

Day = tuple[int, ...]  # (year, month, day), or (year, month) for a month-and-year mention

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), 1)}
_MONTH_NUMBERS |= {name[:3]: number for name, number in _MONTH_NUMBERS.items()} | {"sept": 9}
# The names full or cut to three letters ("Sept" too), as a trie: much faster to scan for.
_MONTH = (
    r"(?=[a-z])\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)"

# ISO dates, and datetimes with their optional UTC offset (group 7).
_ISO_RE = re.compile(
    r"(?<!\d)" + _YEAR + r"-(\d\d?)-(\d\d?)(?!\d)"
    r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?\s?(Z|[+-]\d\d(?::?\d\d)?)?(?![\d:]))?"
)
# The other day forms, each with the orders its three groups can be read in.
_DAY_FORMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?<!\d)" + _YEAR + r"/(\d\d?)/(\d\d?)(?!\d)"), ("ymd",)),
    (re.compile(r"(?<![\d.])" + _YEAR + r"\.(\d\d?)\.(\d\d?)(?![\d.])"), ("ymd",)),
    (re.compile(r"(?<![\d.])" + _YEAR + r"(0[1-9]|1[0-2])(\d\d)(?![\d.])"), ("ymd",)),
    (re.compile(r"(?<![\d/])(\d\d?)/(\d\d?)/" + _YEAR + r"(?![\d/])"), ("mdy", "dmy")),
    (re.compile(r"(?<![\d-])(\d\d?)-(\d\d?)-" + _YEAR + r"(?![\d-])"), ("mdy", "dmy")),
    (re.compile(r"(?<![\d.])(\d\d?)\.(\d\d?)\." + _YEAR + r"(?![\d.])"), ("dmy",)),
    (
        re.compile(_MONTH + r" ?(\d\d?)" + _ORDINAL + r"(?:, ?| )" + _YEAR + r"(?!\d)", re.I),
        ("mdy",),
    ),
    (
        re.compile(
            r"(?<!\d)(\d\d?)"
            + _ORDINAL
            + r"[ -](?:of )?"
            + _MONTH
            + r"(?:, ?|[ -])"
            + _YEAR
            + r"(?!\d)",
            re.I,
        ),
        ("dmy",),
    ),
)
# Month and year together, for month annotations ("2003-11", "November 2003", "Nov 2003").
_MONTH_FORMS = (
    (re.compile(r"(?<!\d)" + _YEAR + r"-(\d\d)(?![\d:])"), "ym"),
    (re.compile(_MONTH + r",? " + _YEAR + r"(?!\d)", re.I), "my"),
)

# Every written date holds a year: only the text this near one is scanned for dates (the longest
# form, an ISO datetime with fractions of a second and an offset, runs ~30 characters past it).
_ANY_YEAR_RE = re.compile(r"(?=(?:19|20)\d\d)")
_BEFORE_YEAR, _AFTER_YEAR = 40, 60

_LABEL_RE = re.compile(
    r"(?P<modified>modifi(?:ed|cation)|updated?(?-i:(?![a-z]))|reviewed|revised|lastmod"
    r"|last[ _-]?published)"  # Webflow's "Last Published:" comment: when the site was deployed
    r"|(?P<published>publi(?:shed|sh_|shdate|cation)|pubdate|pub_date|posted"
    r"|date_?created|created_?at)",
    re.I,
)
_JSONLD_RE = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>.*?</script\s*>", re.I | re.S)
_SKIPPED_RE = re.compile(r"(<(script|style)\b.*?</\2\s*>|<!--.*?-->)|<[^>]*>", re.I | re.S)


@dataclass(frozen=True)
class Mention:
    """One written date on the page: where it is and the days (or months) it can stand for."""

    start: int
    end: int
    days: frozenset[Day]


@dataclass(frozen=True)
class Label:
    """The label a mention takes: its kind (modified or published) and the word that says so."""

    kind: str
    word: str


@dataclass(frozen=True)
class Finding:
    """Why an annotation is out of reach (``reason`` None when it is within reach), and how."""

    reason: str | None
    detail: str


def page_markup(raw: bytes | str) -> str:
    """The page's HTML as text: decoded (UTF-8, errors replaced), unescaped, whitespace folded."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return re.sub(r"\s+", " ", html.unescape(text))


def _day(year: int, month: int, day: int) -> Day | None:
    """The day as a tuple, None when the numbers make no calendar day."""
    try:
        date(year, month, day)
    except ValueError:
        return None
    return (year, month, day)


def _utc_offset(text: str) -> timedelta:
    """A UTC offset written ``Z``, ``+HH``, ``+HHMM`` or ``+HH:MM``."""
    if text.upper() == "Z":
        return timedelta()
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return timedelta(minutes=-minutes if text[0] == "-" else minutes)


def _local_days(match: re.Match[str]) -> set[Day]:
    """The days an ISO datetime with a UTC offset falls on in the zones from UTC-12 to UTC+14."""
    year, month, day, hour, minute = (int(group) for group in match.groups()[:5])
    second = int(match.group(6) or 0)
    if _day(year, month, day) is None or hour > 23 or minute > 59 or second > 59:
        return set()
    try:
        zone = timezone(_utc_offset(match.group(7)))
    except ValueError:  # an offset of a day or more
        return set()
    instant = datetime(year, month, day, hour, minute, second, tzinfo=zone).astimezone(UTC)
    first, last = (instant - timedelta(hours=12)).date(), (instant + timedelta(hours=14)).date()
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return {(d.year, d.month, d.day) for d in days}


def _year_spans(markup: str) -> list[tuple[int, int]]:
    """Stretches of ``markup`` around every year-like number, merged: each date lies in one."""
    spans: list[tuple[int, int]] = []
    for match in _ANY_YEAR_RE.finditer(markup):
        start, end = max(0, match.start() - _BEFORE_YEAR), match.start() + 4 + _AFTER_YEAR
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _find(
    pattern: re.Pattern[str], markup: str, spans: Sequence[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """The pattern's matches within the spans (lookbehinds still see the text before each)."""
    for start, end in spans:
        yield from pattern.finditer(markup, start, end)


def _iso_mentions(markup: str, spans: Sequence[tuple[int, int]]) -> Iterator[Mention]:
    """ISO dates and datetimes; one with a UTC offset stands for every day it falls on."""
    for match in _find(_ISO_RE, markup, spans):
        day = _day(*(int(group) for group in match.groups()[:3]))
        days = {day} if day else set()
        if match.group(7):
            days |= _local_days(match)
        if days:
            yield Mention(match.start(), match.end(), frozenset(days))


def _number(group: str) -> int:
    """A month name's number, or the digits' value."""
    return _MONTH_NUMBERS[group.lower()] if group.isalpha() else int(group)


def mentions(markup: str, *, months: bool = False) -> list[Mention]:
    """Every written day in ``markup`` in order; with ``months``, also month-and-year ones."""
    spans = _year_spans(markup)
    found = list(_iso_mentions(markup, spans))
    for pattern, orders in _DAY_FORMS:
        for match in _find(pattern, markup, spans):
            days: set[Day] = set()
            for order in orders:
                value = dict(zip(order, map(_number, match.groups()), strict=True))
                day = _day(value["y"], value["m"], value["d"])
                if day:
                    days.add(day)
            if days:
                found.append(Mention(match.start(), match.end(), frozenset(days)))
    for pattern, order in _MONTH_FORMS if months else ():
        for match in _find(pattern, markup, spans):
            value = dict(zip(order, map(_number, match.groups()), strict=True))
            if 1 <= value["m"] <= 12:
                found.append(
                    Mention(match.start(), match.end(), frozenset({(value["y"], value["m"])}))
                )
    return sorted(found, key=lambda mention: (mention.start, mention.end))


def _same(first: Day, second: Day) -> bool:
    """Whether two days agree (a month agrees with every day in it)."""
    size = min(len(first), len(second))
    return first[:size] == second[:size]


def _stands_for(mention: Mention, days: frozenset[Day]) -> bool:
    """Whether the mention can stand for one of ``days``."""
    return any(_same(day, other) for day in mention.days for other in days)


class _TextView:
    """The page's visible text (no tags, scripts, styles or comments), mapped to the markup."""

    def __init__(self, markup: str) -> None:
        pieces: list[str] = []
        self._starts: list[int] = []  # markup offset of each text piece
        self._offsets: list[int] = []  # its offset in the text
        self._lengths: list[int] = []
        self._hidden_starts: list[int] = []  # script, style and comment spans in the markup
        self._hidden_ends: list[int] = []
        position = length = 0
        for skipped in [*_SKIPPED_RE.finditer(markup), None]:
            end = skipped.start() if skipped else len(markup)
            self._starts.append(position)
            self._offsets.append(length)
            self._lengths.append(end - position)
            pieces.append(markup[position:end] + " ")
            length += end - position + 1
            if skipped:
                position = skipped.end()
                if skipped.group(1):
                    self._hidden_starts.append(skipped.start())
                    self._hidden_ends.append(skipped.end())
        self.text = "".join(pieces)

    def offset(self, markup_position: int) -> int | None:
        """Where a markup position falls in the text (in a tag: where the tag stands); None when
        it is in a script, style or comment."""
        index = bisect.bisect_right(self._hidden_starts, markup_position) - 1
        if index >= 0 and markup_position < self._hidden_ends[index]:
            return None
        index = bisect.bisect_right(self._starts, markup_position) - 1
        into = min(markup_position - self._starts[index], self._lengths[index])
        return self._offsets[index] + into


def _label_word(window: str, match: re.Match[str]) -> str:
    """The whole key, property or word a label stands in ("article:modified_time", "Updated")."""
    before = re.search(r"[\w:-]*$", window[: match.start()])
    after = re.match(r"[\w:-]*", window[match.end() :])
    return (
        (before.group() if before else "") + match.group() + (after.group() if after else "")
    ).strip(":-_")


def _window_label(window: str, days: frozenset[Day]) -> Label | None:
    """The last label in ``window`` (which ends where a mention of ``days`` starts), unless a
    date of another day comes between them: the label is that date's."""
    labels = list(_LABEL_RE.finditer(window))
    if not labels:
        return None
    last = labels[-1]
    if any(not _stands_for(m, days) for m in mentions(window[last.end() :])):
        return None
    return Label(MODIFIED if last.group(MODIFIED) else PUBLISHED, _label_word(window, last))


def _label(markup: str, view: _TextView, mention: Mention) -> Label | None:
    """A mention's label: from the markup just before it, else from the visible text before it."""
    label = _window_label(
        markup[max(0, mention.start - LABEL_WINDOW) : mention.start], mention.days
    )
    if label is not None:
        return label
    offset = view.offset(mention.start)
    if offset is None:
        return None
    before = re.sub(r"\s+", " ", view.text[max(0, offset - 5 * LABEL_WINDOW) : offset])
    return _window_label(before[-LABEL_WINDOW:], mention.days)


def _nearest_day(found: Sequence[Mention], wanted: Day) -> str:
    """The stated day nearest the annotated one, as ISO text ("none" when no day is stated)."""
    target = date(wanted[0], wanted[1], wanted[2] if len(wanted) > 2 else 1)
    days = [date(d[0], d[1], d[2]) for mention in found for d in mention.days if len(d) == 3]
    if not days:
        return "none"
    return min(days, key=lambda day: (abs((day - target).days), day)).isoformat()


def classify(raw: bytes | str, annotation: str) -> Finding:
    """Why no output that follows the date rules can match ``annotation`` on this page, if so."""
    wanted = parse_day(annotation)
    if wanted is None:
        return Finding(None, "annotation not a date")
    markup = page_markup(raw)
    found = mentions(markup, months=len(wanted) == 2)
    target = frozenset({wanted})
    hits = [mention for mention in found if _stands_for(mention, target)]
    if not hits:
        return Finding(NOT_STATED, f"nearest day stated: {_nearest_day(found, wanted)}")
    view = _TextView(markup)
    words: list[str] = []
    for mention in hits:
        label = _label(markup, view, mention)
        if label is None or label.kind == PUBLISHED:
            how = f"labelled {label.word}" if label else "unlabelled"
            return Finding(None, f"{how} at {markup[mention.start : mention.end]!r}")
        if label.word not in words:
            words.append(label.word)
    structured = [m.span() for m in _JSONLD_RE.finditer(markup)]
    for mention in found:
        if any(len(day) < 3 for day in mention.days) or _stands_for(mention, target):
            continue
        if view.offset(mention.start) is None and not any(
            start <= mention.start < end for start, end in structured
        ):
            # in a script's data or a comment, not JSON-LD: an extractor that reads the page's
            # fields and text does not see it, and may fall back to the update date
            continue
        label = _label(markup, view, mention)
        if label is not None and label.kind == PUBLISHED:
            published = markup[mention.start : mention.end]
            return Finding(MODIFIED_ONLY, f"{', '.join(words)}; {label.word} {published}")
    return Finding(None, f"only {', '.join(words)}, but no other publication date")


def audit(pages: Sequence[BenchPage]) -> tuple[int, list[tuple[BenchPage, Finding]]]:
    """Annotated pages, and the pages whose annotation is out of reach, with why."""
    annotated = 0
    out_of_reach: list[tuple[BenchPage, Finding]] = []
    for page in pages:
        if not page.published:
            continue
        annotated += 1
        finding = classify(page.html, page.published)
        if finding.reason is not None:
            out_of_reach.append((page, finding))
    return annotated, out_of_reach


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the annotations out of reach, by reason, and the bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--examples", type=int, default=3, help="examples shown per reason")
    parser.add_argument(
        "--list", action="store_true", help="list every page out of reach, with why"
    )
    args = parser.parse_args(argv)
    annotated, out_of_reach = audit(load_set(WCXB, args.bench))
    by_reason: dict[str, list[str]] = {NOT_STATED: [], MODIFIED_ONLY: []}
    for page, finding in out_of_reach:
        by_reason[str(finding.reason)].append(f"{page.id} ({page.published})")
    rows = [
        (reason, str(len(pages)), "; ".join(pages[: args.examples]))
        for reason, pages in by_reason.items()
    ]
    print(
        f"{WCXB}: date annotations that no output following the date rules can match "
        "(WCXB, Murrough Foley, 2026, CC-BY-4.0)"
    )
    print(format_table(("reason", "pages", "examples"), rows))
    if args.list:
        print()
        print(
            format_table(
                ("page", "annotation", "reason", "found"),
                [(p.id, p.published, f.reason, f.detail) for p, f in out_of_reach],
            )
        )
    changed = len(out_of_reach)
    print(
        f"annotated pages: {annotated}; out of reach: {changed}; "
        f"highest date accuracy under the rules: {(annotated - changed) / annotated:.3f}"
    )


if __name__ == "__main__":
    main()
