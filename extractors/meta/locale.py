"""A page's locale, as far as dates need it: the order of day and month in "3/4/2024".

It is read from the page's language tag (``<html lang="en-US">``) and its country domain
(``.at``, ``.com.br``): the tag's region first, then the domain's country, then the tag's
language; a generic domain (``.com``) and a bare ``en`` tell nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def _codes(text: str) -> list[str]:
    """Codes written as one string: "us ca" -> ["us", "ca"]."""
    return text.split()


# Countries that write the month first in a date of numbers ("3/4/2024" is March 4). Every
# other country that writes numeric dates with the year last puts the day first.
MONTH_FIRST_COUNTRIES = frozenset(_codes("us ph fm mh pw as gu vi mp"))
# Languages whose countries all put the day first in such a date; English (the United
# States) and languages that write the year first (Chinese, Japanese, Korean, Hungarian,
# Lithuanian) are left to the region or the domain.
DAY_FIRST_LANGUAGES = frozenset(
    _codes(
        "ar bg bs ca cs cy da de el es et eu fa fi fr ga gl he hi hr id is it ka kk lv mk ms mt "
        "nb nl nn no pl pt ro ru sk sl sq sr sv sw th tr uk ur uz vi"
    )
)


def _tag_parts(lang: str | None) -> tuple[str | None, str | None]:
    """A language tag's language and region, lower-cased: "en-US" -> ("en", "us")."""
    if not lang:
        return None, None
    parts = lang.strip().replace("_", "-").lower().split("-")
    language = parts[0] if parts[0].isalpha() and len(parts[0]) in (2, 3) else None
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return language, region


def _domain_country(url: str | None) -> str | None:
    """The country of a url's domain ("https://www.derstandard.at/..." -> "at"), if it has one."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    labels = host.split(".")
    if len(labels) < 2 or len(labels[-1]) != 2 or not labels[-1].isalpha():
        return None
    return labels[-1]


def day_first(lang: str | None, url: str | None) -> bool | None:
    """Whether the page writes the day before the month in a date of numbers; None when
    nothing tells."""
    language, region = _tag_parts(lang)
    country = region or _domain_country(url)
    if country is not None and country != "ca":  # Canada writes both orders
        return country not in MONTH_FIRST_COUNTRIES
    if language in DAY_FIRST_LANGUAGES:
        return True
    return None
