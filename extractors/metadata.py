"""Metadata repair from text: dates with their time zone, datelines, bylines and contributors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from extractors import chrome, patterns

_MONTH_NAMES = "|".join(sorted(patterns.MONTHS, key=len, reverse=True))
_MONTH = r"(?P<month>" + _MONTH_NAMES + r")\.?"
_ANY_MONTH = r"(?i:" + _MONTH_NAMES + r")\.?"
_TZ = (
    r"(?:\s*(?P<tz>"
    + "|".join(sorted(patterns.TIMEZONE_OFFSETS, key=len, reverse=True))
    + r"|[+-]\d{2}:?\d{2}|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?)\b)?"
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
    # 2/24/2026, 24/2/2026: slashes, read only when one number can only be the day (or both
    # are the same); "3/4/2024" is March 4 in one country and 3 April in another
    re.compile(
        r"(?<![\w/])(?P<first>[0-3]?\d)/(?P<other>[0-3]?\d)/(?P<year>\d{4})(?![\d/])" + _TIME
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


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date read from text: the instant in UTC, the matched text, whether it had a time."""

    value: datetime
    matched: str
    has_time: bool


def _offset(tz: str | None) -> timezone:
    """A time-zone abbreviation or numeric offset as a ``timezone``; UTC when absent."""
    if not tz:
        return UTC
    tz = tz.strip()
    upper = tz.upper()
    if upper in patterns.TIMEZONE_OFFSETS:
        return timezone(timedelta(minutes=patterns.TIMEZONE_OFFSETS[upper]))
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", upper)
    if not m:
        return UTC
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))


def _build(m: re.Match[str]) -> datetime | None:
    """The UTC instant a date match names, or None when it is not a real date."""
    g = m.groupdict()
    if g.get("first"):
        first, second = int(g["first"]), int(g["other"])
        if first > 12 or first == second:
            day, month = first, second
        elif second > 12:
            month, day = first, second
        else:
            return None  # day and month cannot be told apart
    else:
        month = int(g["monthnum"]) if g.get("monthnum") else patterns.MONTHS[g["month"].lower()]
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
    if not 1990 <= year <= 2100:
        return None
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=_offset(g.get("tz")))
    except ValueError:
        return None
    return local.astimezone(UTC)


def find_date(text: str) -> FoundDate | None:
    """The first full date (day, month and year) in ``text``, with its time and zone if given.

    A date with no time is that day at 00:00 UTC; a time with no zone is taken as UTC.
    """
    best: tuple[int, re.Match[str]] | None = None
    for form in _DATE_FORMS:
        m = form.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m)
    if best is None:
        return None
    m = best[1]
    value = _build(m)
    if value is None:
        return None
    return FoundDate(value, m.group(0).strip(), m.group("hour") is not None)


def parse_date_line(line: str) -> tuple[FoundDate, str | None] | None:
    """A line that is only a (labelled) date, as the date and its label; else None.

    "Published November 20, 2024 04:45PM EST" -> (2024-11-20T21:45Z, "published").
    """
    if len(line.split()) > 14:
        return None
    label_match = patterns.DATE_LABEL.match(line)
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
    if any(word.lower() not in patterns.DATE_LINE_WORDS for word in leftover):
        return None
    return found, label or None


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline parsed off the start of a paragraph."""

    place: str
    agency: str | None
    matched: str
    rest: str


# "KYIV, Ukraine — (AP) — ", "LONDON (Reuters) - ", "WASHINGTON — ", "KYIV, Ukraine—".
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý.'’\-]+(?:\s[A-ZÀ-Ý][A-ZÀ-Ý.'’\-]+){0,3}"
    r"(?:,\s*[A-ZÀ-Ý][\w.'’\-]+(?:\s[A-ZÀ-Ý][\w.'’\-]+){0,2}){0,2}"
    r"(?:,\s*(?:" + _ANY_MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + _ANY_MONTH + r"))?)"
    r"\s*(?:(?:[—–-]{1,2}|:)?\s*\((?P<agency>[A-Za-z][\w .\-]{0,30})\))?"
    r"\s*(?:[—–]|--?|:)\s*(?=\S)"
)


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline and agency at the start of a paragraph ("KYIV, Ukraine — (AP) —"), or None."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    place = m.group("place").strip(" ,")
    first_word = re.split(r"[\s,]", place)[0]
    # The first word of a dateline is a city in capitals; a lone capitalised word before a dash
    # ("NATO — the alliance said") is too weak, unless an agency or a region backs it.
    if not first_word.isupper() or len(first_word.strip(".")) < 2:
        return None
    if "," not in place and " " not in place and not m.group("agency") and len(first_word) < 4:
        return None
    rest = paragraph[m.end() :]
    if not rest[:1].isupper() and rest[:1] not in "\"“‘'":
        return None
    agency = normalize_agency(m.group("agency")) if m.group("agency") else None
    if m.group("agency") and agency is None:
        return None
    return Dateline(place, agency, m.group(0).strip(), rest)


def normalize_agency(text: str) -> str | None:
    """The short name of a wire agency ("Associated Press" -> "AP"), or None if unknown."""
    return patterns.AGENCIES.get(re.sub(r"\s+", " ", text.strip(" .,;:()")).lower())


def _title_case(name: str) -> str:
    """A name written in capitals, in title case ("JANE O'NEIL" -> "Jane O'Neil")."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda w: w.group(0).capitalize(), name.lower())


def clean_person_name(part: str, min_tokens: int = 2) -> str | None:
    """A clean person's name from one byline part, or None when the part is not a person.

    ``min_tokens`` is 1 where the source says the text is an author (HTML metadata), so a
    writer known by one name ("Nayane") is kept; in running text a name needs two words.
    """
    part = re.sub(r"\S+@\S+", " ", part)  # emails
    part = re.sub(r"https?://\S+|@\w+", " ", part)
    part = re.sub(r"^\s*(?:by|and|&)\s+", "", part, flags=re.IGNORECASE)
    part = re.sub(r"\s+(?:in|from|at)\s+[A-Z][\w .'-]*$", "", part)  # "Jane Doe in London"
    part = re.sub(r"\s+", " ", part).strip(" .,;:|-–—()")
    if not part:
        return None
    if " " not in part and (part.isupper() or len(part) < 3):
        return None  # a lone acronym is a credential or an outlet ("MS", "AP"), not a name
    part = _title_case(part)
    tokens = part.split(" ")
    if not min_tokens <= len(tokens) <= 5:
        return None
    if any(
        t.lower().strip(".") in patterns.NON_NAME_WORDS
        and not (i == 0 and t in patterns.GIVEN_NAME_ABBREVIATIONS)
        for i, t in enumerate(tokens)
    ):
        return None
    if not all(patterns.NAME_TOKEN.match(t) for t in tokens):
        return None
    if not tokens[0][:1].isupper() or not tokens[-1][:1].isupper():
        return None
    return part


# Role prefixes in credit lines: "Associated Press writers Jane Doe and …".
_ROLE_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:associated press|ap|reuters|afp|bloomberg)\s+)?"
    r"(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?|photographers?)\s+",
    re.IGNORECASE,
)


def split_names(text: str, min_tokens: int = 2) -> tuple[list[str], str | None, bool]:
    """Names in a credit text, the agency it names, and whether every part was understood."""
    names: list[str] = []
    agency: str | None = None
    complete = True
    text = _ROLE_PREFIX.sub("", text.strip())
    for part in patterns.NAME_SEPARATOR.split(text):
        if not part.strip(" .-–—"):
            continue
        found_agency = normalize_agency(part)
        if found_agency:
            agency = agency or found_agency
            continue
        name = clean_person_name(_ROLE_PREFIX.sub("", part), min_tokens)
        if name is None:
            if part.strip().lower().strip(".") not in patterns.NON_NAME_WORDS and not all(
                w.lower().strip(".") in patterns.NON_NAME_WORDS for w in part.split()
            ):
                complete = False
            continue
        if name not in names:
            names.append(name)
    return names, agency, complete


@dataclass(frozen=True, slots=True)
class Credit:
    """People credited by a byline or a contributor line, and the agency it names."""

    names: tuple[str, ...]
    agency: str | None


def parse_byline(line: str) -> Credit | None:
    """A byline ("By Jane Doe and John Roe, Associated Press") as names and agency; else None."""
    if len(line.split()) > 16:
        return None
    m = patterns.BYLINE.match(line)
    if not m:
        return None
    names, agency, complete = split_names(m.group("names"))
    if not names or not complete:
        return None
    return Credit(tuple(names), agency)


# Each contributor pattern with the keywords it cannot match without (see chrome.pattern_keywords):
# most lines hold none, and are spared the patterns' searches.
_CONTRIBUTOR_KEYWORDS = tuple((p, chrome.keyword_search(p)) for p in patterns.CONTRIBUTOR_LINES)
# Any pattern's keywords, in one search (None when a pattern has none).
_ANY_CONTRIBUTOR_KEYWORD = (
    None
    if any(k is None for _, k in _CONTRIBUTOR_KEYWORDS)
    else re.compile("|".join(k.pattern for _, k in _CONTRIBUTOR_KEYWORDS if k is not None))
)


def parse_contributor_line(line: str) -> Credit | None:
    """A contributor line ("X and Y contributed from Washington.") as names; else None."""
    if len(line.split()) > 40:
        return None
    key = chrome.literal_key(line)
    if _ANY_CONTRIBUTOR_KEYWORD is not None and not _ANY_CONTRIBUTOR_KEYWORD.search(key):
        return None
    for pattern, keywords in _CONTRIBUTOR_KEYWORDS:
        if keywords is not None and not keywords.search(key):
            continue
        m = pattern.match(line.strip())
        if not m:
            continue
        names: list[str] = []
        agency: str | None = None
        for part in re.split(r"\s*;\s*", m.group("names")):
            part = patterns.CREDIT_PART_PREFIX.sub("", part)
            found, found_agency, complete = split_names(part)
            if not complete:
                return None
            agency = agency or found_agency
            names.extend(n for n in found if n not in names)
        if names:
            return Credit(tuple(names), agency)
    return None
