"""Dates read from text and from field values: one parser, one plausibility window, and the
check against the crawl time."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser

from extractors.meta.date_words import (
    DATE_LABEL,
    DATE_LINE_WORDS,
    MONTHS,
    TIMEZONE_OFFSETS,
    URL_DATE,
)

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = r"(?P<month>" + _MONTH_NAMES + r")\.?"
ANY_MONTH = r"(?i:" + _MONTH_NAMES + r")\.?"
# An offset from UTC or GMT first: "GMT+10" is not "GMT" followed by other text.
_TZ = (
    r"(?:\s*(?P<tz>(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
    + "|".join(sorted(TIMEZONE_OFFSETS, key=len, reverse=True))
    + r")\b)?"
)
_TIME = (
    r"(?:\s*(?:,|at|às|as|a las|à|um|alle|om|-|–|\||@|T)?\s*"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\.\d+)?\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?" + _TZ + r")?"
)
_DATE_FORMS: tuple[re.Pattern[str], ...] = (
    # 2024-11-20, 2024-11-20T16:45:00-05:00
    re.compile(
        r"\b(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
        r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?(?!\d)",
    ),
    # November 20, 2024 04:45PM EST
    re.compile(
        r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b" + _TIME,
        re.IGNORECASE,
    ),
    # 12:30 AM EDT, Sun July 7, 2019 (the time first)
    re.compile(
        r"\b(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?"
        + _TZ
        + r"\s*,?\s*(?:[A-Za-z]{3,9}\.?,?\s+)?"
        + _MONTH
        + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
    # 17.05.2021, 17.05.2021 14:30: dots put the day first wherever they are written
    re.compile(
        r"(?<![\w.])(?P<day>[0-3]?\d)\.(?P<monthnum>[01]?\d)\.(?P<year>\d{4})(?![\d.]\d)" + _TIME
    ),
    # 2/24/2026, 24/2/2026, 01-11-2023: slashes or dashes, read when one number can only be the
    # day (or both are the same), else in the order of the page's locale (``day_first``);
    # "3/4/2024" is March 4 in one country and 3 April in another
    re.compile(
        r"(?<![\w/-])(?P<first>[0-3]?\d)(?P<sep>[/-])(?P<other>[0-3]?\d)(?P=sep)(?P<year>\d{4})"
        r"(?![\d/-])" + _TIME
    ),
    # 20 November 2024, 16:45 GMT
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+|de\s+)?"
        + _MONTH
        + r",?\s+(?:de\s+|del\s+)?(?P<year>\d{4})\b"
        + _TIME,
        re.IGNORECASE,
    ),
)
# The years a publication date may fall in: a year outside is a parse of something else (a
# founding year, a phone number), not a date of publication.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def in_window(year: int) -> bool:
    """Whether ``year`` can be a publication's."""
    return FIRST_YEAR <= year <= LAST_YEAR


# How precisely a date was stated: a day alone, or a time to the minute or to the second.
Precision = Literal["day", "minute", "second"]
_UTC_ZONES = frozenset({"Z", "UTC", "GMT", "+00:00", "+0000", "-00:00", "-0000"})


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date read from text: the instant in UTC, the matched text, whether it had a time; the
    calendar day as stated, in the writer's own zone (``day``); how precisely it was stated;
    and whether its time was stated in UTC, so that the writer's own day may differ from it."""

    value: datetime
    matched: str
    has_time: bool
    day: date
    precision: Precision = "day"
    utc_stated: bool = False


def _offset(tz: str | None) -> timezone:
    """A time-zone abbreviation or numeric offset as a ``timezone``; UTC when absent."""
    if not tz:
        return UTC
    tz = tz.strip()
    upper = tz.upper()
    if upper in TIMEZONE_OFFSETS:
        return timezone(timedelta(minutes=TIMEZONE_OFFSETS[upper]))
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", upper)
    if not m:
        return UTC
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))


def _build(m: re.Match[str], day_first: bool | None = None) -> datetime | None:
    """The instant a date match names, in its own zone (UTC when none is given), or None when
    it is not a real date. ``day_first`` tells the order of "3/4/2024" (None: unknown)."""
    g = m.groupdict()
    if g.get("first"):
        first, second = int(g["first"]), int(g["other"])
        if first > 12 or first == second:
            day, month = first, second
        elif second > 12:
            month, day = first, second
        elif day_first is not None:
            day, month = (first, second) if day_first else (second, first)
        else:
            return None  # day and month cannot be told apart
    else:
        month = int(g["monthnum"]) if g.get("monthnum") else MONTHS[g["month"].lower()]
        day = int(g["day"])
    year = int(g["year"])
    hour = int(g["hour"]) if g.get("hour") else 0
    minute = int(g["minute"]) if g.get("minute") else 0
    second = int(g["second"]) if g.get("second") else 0
    ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not in_window(year):
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=_offset(g.get("tz")))
    except ValueError:
        return None


def _found(
    local: datetime, matched: str, has_time: bool, seconds: bool, zone: str | None
) -> FoundDate:
    """A ``FoundDate`` from the instant as stated in its own zone."""
    precision: Precision = ("second" if seconds else "minute") if has_time else "day"
    utc = has_time and zone is not None and zone.strip().upper() in _UTC_ZONES
    return FoundDate(local.astimezone(UTC), matched, has_time, local.date(), precision, utc)


def find_date(text: str, day_first: bool | None = None) -> FoundDate | None:
    """The first full date (day, month and year) in ``text``, with its time and zone if given.

    A date with no time is that day at 00:00 UTC; a time with no zone is taken as UTC.
    ``day_first`` reads "3/4/2024" as the page's locale writes it (None: left unread).
    """
    best: tuple[int, re.Match[str]] | None = None
    for form in _DATE_FORMS:
        m = form.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m)
    if best is None:
        return None
    m = best[1]
    local = _build(m, day_first)
    if local is None:
        return None
    g = m.groupdict()
    return _found(
        local, m.group(0).strip(), g["hour"] is not None, bool(g.get("second")), g.get("tz")
    )


def parse_date_line(line: str) -> tuple[FoundDate, str | None] | None:
    """A line that is only a (labelled) date, as the date and its label; else None.

    "Published November 20, 2024 04:45PM EST" -> (2024-11-20T21:45Z, "published").
    """
    if len(line.split()) > 14:
        return None
    label_match = DATE_LABEL.match(line)
    label = (label_match.group("label") or "").lower() if label_match else ""
    found = find_date(line)
    if found is None:
        return None
    rest = line.replace(found.matched, " ")
    if label_match and label_match.group("label"):
        rest = rest.replace(label_match.group("label"), " ", 1)
    if re.search(r"\d", rest):
        # another number beside the date: a table row, a count, a range of an event's dates
        return None
    leftover = re.findall(r"[^\W\d_]{2,}", rest)
    # Weekday names and joiners may stand around the date; nothing else may.
    if any(word.lower() not in DATE_LINE_WORDS for word in leftover):
        return None
    return found, label or None


# Day, month and year in numbers alone, in an order only a locale tells: "01-11-2023".
_NUMERIC_DATE = re.compile(r"(?<!\d)[0-3]?\d[/.-][0-3]?\d[/.-]\d{4}(?!\d)")
# A date this far after the crawl is a clock or time-zone slip, not a later page: allowed.
FETCH_DATE_SLACK = timedelta(days=1)
# Time-zone abbreviations dateutil should know, in seconds east of UTC (from py).
_TZINFOS = {name: minutes * 60 for name, minutes in TIMEZONE_OFFSETS.items()}


def parse_date(value: str, day_first: bool | None = None) -> FoundDate | None:
    """A date field's value (ISO 8601, "Dec 19, 2025", "4/24/2000 12:00 AM") as a date."""
    found = find_date(value, day_first)
    if found is not None:
        return found
    if not re.search(r"\d{4}", value) or _NUMERIC_DATE.search(value):
        # a date of numbers alone that find_date left unread: its order is not known
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            parsed = dateutil_parser.parse(value, fuzzy=False, tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError):
        return None
    if not in_window(parsed.year):
        return None
    has_time = bool(parsed.hour or parsed.minute or parsed.second)
    local = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    zone = "UTC" if parsed.utcoffset() == timedelta(0) and parsed.tzinfo else None
    return _found(local, value.strip(), has_time, bool(parsed.second), zone)


def url_date(url: str | None) -> FoundDate | None:
    """The full date in a url's path ("/2024/02/12/slug"), or None."""
    if not url:
        return None
    path = urlsplit(url).path
    m = URL_DATE.search(path)
    if m is None:
        return None
    year = m.group("year") or m.group("cyear")
    month = m.group("month") or m.group("cmonth")
    day = m.group("day") or m.group("cday")
    try:
        value = datetime(int(year), int(month), int(day), tzinfo=UTC)
    except ValueError:
        return None
    if not in_window(value.year):
        return None
    return FoundDate(value, m.group(0).strip("/"), False, value.date())


def plausible(found: FoundDate | None, fetched_at: datetime | None) -> bool:
    """Whether a date can be the publication: not after the crawl, when that is known."""
    if found is None:
        return False
    return fetched_at is None or found.value <= fetched_at + FETCH_DATE_SLACK


def field_date(
    value: str,
    fetched_at: datetime | None,
    *,
    from_url: bool = False,
    day_first: bool | None = None,
) -> FoundDate | None:
    """The publication date a field's value (or, ``from_url``, a url's path) states, if it can
    be one (``plausible``)."""
    found = url_date(value) if from_url else parse_date(value, day_first)
    return found if plausible(found, fetched_at) else None
