"""Datelines ("KYIV, Ukraine — (AP) —") and the wire agencies they and bylines name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.meta.dates import ANY_MONTH


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
    r"(?:,\s*(?:" + ANY_MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + ANY_MONTH + r"))?)"
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
    return AGENCIES.get(re.sub(r"\s+", " ", text.strip(" .,;:()")).lower())


# Wire agencies: how they are written in bylines and datelines, and their short name.
AGENCIES: dict[str, str] = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "dpa": "dpa",
    "upi": "UPI",
    "united press international": "UPI",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "pti": "PTI",
    "ians": "IANS",
    "tass": "TASS",
    "anadolu": "Anadolu",
    "cnn": "CNN",
}
