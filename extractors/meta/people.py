"""People: names cleaned from bylines, author fields and credit lines, with one splitter and one
set of role words for both paths."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from extractors.chrome.classify import classify_line
from extractors.chrome.keywords import keyword_search, literal_key
from extractors.meta.dateline import normalize_agency
from extractors.meta.dates import find_date
from extractors.meta.people_words import (
    AUTHOR_CREDENTIAL,
    AUTHOR_GENERIC_WORDS,
    AUTHOR_ORGANISATION_WORDS,
    AUTHOR_PLACEHOLDER,
    AUTHOR_PREFIX,
    AUTHOR_TAIL,
    BYLINE,
    CONTRIBUTOR_LINES,
    CREDIT_PART_PREFIX,
    FAMILY_NAME_WORDS,
    GIVEN_NAME_ABBREVIATIONS,
    HONORIFIC,
    HOST_NAME_PART_MIN_CHARS,
    NAME_SEPARATOR,
    NAME_TOKEN,
    NON_NAME_WORDS,
    NOT_PERSON_NAME_WORDS,
    ROLE_WORDS,
)
from extractors.words import alnum_key


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
        t.lower().strip(".") in NON_NAME_WORDS
        and not (i == 0 and t in GIVEN_NAME_ABBREVIATIONS)
        and not (i == len(tokens) - 1 and _family_name(tokens))
        for i, t in enumerate(tokens)
    ):
        return None
    if not all(NAME_TOKEN.match(t) for t in tokens):
        return None
    if not tokens[0][:1].isupper() or not tokens[-1][:1].isupper():
        return None
    return part


def _family_name(tokens: list[str]) -> bool:
    """Whether a name's last word, a common word, is its family name ("Jack White"): a word
    of FAMILY_NAME_WORDS after one or two words of a given name's shape, none of them a
    byline's non-name word ("White House", "Post Staff", "The Post" are not)."""
    last = tokens[-1].lower()
    given = tokens[:-1]
    return (
        last in FAMILY_NAME_WORDS
        and 1 <= len(given) <= 2
        and all(t.isalpha() and not t.isupper() and t.lower() not in NON_NAME_WORDS for t in given)
    )


# Role prefixes in credit lines: "Associated Press writers Jane Doe and …".
_ROLE_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:associated press|ap|reuters|afp|bloomberg)\s+)?"
    r"(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?|photographers?)\s+",
    re.IGNORECASE,
)


def name_parts(text: str) -> list[tuple[str, str]]:
    """The parts of a credit text between its name separators, each as written and without a
    role before the name ("Associated Press writer Jane Doe" -> "Jane Doe"): the one splitter
    of names, for bylines, author fields and credit lines alike."""
    text = _ROLE_PREFIX.sub("", text.strip())
    return [(part, _ROLE_PREFIX.sub("", part)) for part in NAME_SEPARATOR.split(text)]


def split_names(text: str, min_tokens: int = 2) -> tuple[list[str], str | None, bool]:
    """Names in a credit text, the agency it names, and whether every part was understood."""
    names: list[str] = []
    agency: str | None = None
    complete = True
    for raw, part in name_parts(text):
        if not part.strip(" .-–—"):
            continue
        found_agency = normalize_agency(raw)
        if found_agency:
            agency = agency or found_agency
            continue
        name = clean_person_name(part, min_tokens)
        if name is None:
            # a role or an outlet is understood ("Staff Writer", "Nurse Practitioner"); a
            # part that is neither is not, and the line is no byline
            if not is_role(part) and not all(
                w.lower().strip(".") in NON_NAME_WORDS for w in part.split()
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
    m = BYLINE.match(line)
    if not m:
        return None
    names, agency, complete = split_names(m.group("names"))
    if not names or not complete:
        return None
    return Credit(tuple(names), agency)


# Each contributor pattern with the keywords it cannot match without (see pattern_keywords):
# most lines hold none, and are spared the patterns' searches.
_CONTRIBUTOR_KEYWORDS = tuple((p, keyword_search(p)) for p in CONTRIBUTOR_LINES)
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
    key = literal_key(line)
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
            part = CREDIT_PART_PREFIX.sub("", part)
            found, found_agency, complete = split_names(part)
            if not complete:
                return None
            agency = agency or found_agency
            names.extend(n for n in found if n not in names)
        if names:
            return Credit(tuple(names), agency)
    return None


_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)
_EMAIL_OR_URL = re.compile(r"\S+@\S+\.\S+|https?://\S+|www\.\S+|(?<!\w)@\w+")
_HAS_DIGIT_RUN = re.compile(r"\d{2,}")


def name_key(name: str) -> str:
    """A name folded for comparison: case, spaces, punctuation and a leading "The" ignored."""
    return alnum_key(_LEADING_THE.sub("", name))


def host_keys_of(url: str | None) -> set[str]:
    """Keys of a url's host that a site name folds to ("news.example.co.uk" -> "example", …)."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    if len(labels) < 2:
        return set()
    # Drop the public suffix, roughly: the last label, and a second short one ("co.uk").
    core = labels[:-1]
    if len(core) > 1 and len(core[-1]) <= 3:
        core = core[:-1]
    keys = {name_key(label) for label in core}
    keys.add(name_key("".join(core)))
    keys.add(name_key("".join(reversed(core))))
    keys.add(name_key(".".join(labels)))
    return {k for k in keys if len(k) >= 3}


def is_role(part: str) -> bool:
    """Whether a byline part is a job title or a credential rather than a name."""
    if AUTHOR_CREDENTIAL.match(part.strip()):
        return True
    words = [w.strip(".,()").lower() for w in part.split()]
    return any(w in ROLE_WORDS for w in words)


def _is_organisation(part: str) -> bool:
    """Whether an author string names an organisation ("Everfit Team", "Center for …").

    A word must name it ("Everfit"): "Editorial Team" or "News Desk" name nobody.
    """
    words = [w.strip(".,()").lower() for w in part.split()]
    return (
        1 < len(words) <= 8
        and part[:1].isupper()
        and any(w in AUTHOR_ORGANISATION_WORDS for w in words)
        and any(
            w not in AUTHOR_ORGANISATION_WORDS
            and w not in ROLE_WORDS
            and w not in AUTHOR_GENERIC_WORDS
            for w in words
        )
    )


_NOT_IN_A_PERSON_NAME = (
    AUTHOR_ORGANISATION_WORDS
    | AUTHOR_GENERIC_WORDS
    | ROLE_WORDS
    | NOT_PERSON_NAME_WORDS
    | NON_NAME_WORDS
)


def person_shaped(text: str) -> bool:
    """Whether a name is shaped like a person's: two to four capitalised words, none of them
    an organisation's, a role's or a generic word ("Cory Dransfeldt", not "Podium Staff")."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not is_role(text)
        and not any(w.strip(".,()").lower() in _NOT_IN_A_PERSON_NAME for w in words)
        and clean_person_name(text) == text
    )


def _host_spells(name: str, host_keys: frozenset[str]) -> bool:
    """Whether the host spells a person's name the ways personal sites do: whole
    ("karl-voit.at"), the given or the family name alone ("pierce.dev", "artmann.co"), or one
    of them with the other's initial ("coryd.dev" for "Cory Dransfeldt")."""
    words = [name_key(w) for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return False
    first, last = words[0], words[-1]
    spellings = {"".join(words), first + last, first + last[0], first[0] + last}
    spellings |= {w for w in (first, last) if len(w) >= HOST_NAME_PART_MIN_CHARS}
    return not spellings.isdisjoint(host_keys)


def _names_the_site(name: str, site_keys: set[str], host_keys: frozenset[str]) -> bool:
    """Whether ``name`` is the site's name and so names no author. A personal site bears its
    author's name, and its host spells it: there a person's name is kept."""
    key = name_key(name)
    return key in site_keys and not (_host_spells(name, host_keys) and person_shaped(name))


def _name_case(part: str) -> str:
    """A name typed in lower case, in title case ("jane doe" -> "Jane Doe"); else unchanged."""
    if part.islower() and " " in part:
        return re.sub(r"[^\W\d_]+", lambda w: w.group(0).capitalize(), part)
    return part


def clean_authors(
    raw: str,
    *,
    structured: bool,
    site_keys: set[str],
    organisation: bool = False,
    person: bool = False,
    host_keys: frozenset[str] = frozenset(),
) -> list[str]:
    """Names in one author string: no "By", emails, dates, job titles, site or feed names.

    ``structured`` says the string comes from a field that holds only authors (JSON-LD, meta),
    so one-word names and organisations are kept; visible bylines need two-word person names.
    ``site_keys`` are the folded names of the site, which name nobody; ``organisation`` says
    the source types the author as one, ``person`` as a person: a person's name shaped like
    one may be the site's (a personal site). ``host_keys``, those of the page's host, given by
    fields that hold only authors (meta), let them name the person a personal site is named
    after.
    """
    if person and person_shaped(raw):
        site_keys = set()
    text = _EMAIL_OR_URL.sub(" ", html.unescape(raw))
    text = AUTHOR_PREFIX.sub("", text.strip())
    dated = find_date(text)
    if dated is not None and text.startswith(dated.matched):
        # the date first, then the name: "Dec 17, 2025 · Jane Doe"
        text = AUTHOR_PREFIX.sub("", text[len(dated.matched) :].strip(" .,;:|-–—·•"))
    text = AUTHOR_TAIL.sub("", text).strip(" .,;:|-–—")
    dated = find_date(text)
    if dated is not None and text.endswith(dated.matched):
        # the name, then the date: "Jane Doe 4 August 2010"
        text = text[: -len(dated.matched)].strip(" .,;:|-–—·•")
        dated = find_date(text)
    if not text or AUTHOR_PLACEHOLDER.match(text) or dated is not None:
        return []
    if _names_the_site(text, site_keys, host_keys):
        return []
    if structured and (organisation or _is_organisation(text)):
        return [] if _HAS_DIGIT_RUN.search(text) else [text]
    names: list[str] = []
    for _raw, part in name_parts(text):
        part = AUTHOR_PREFIX.sub("", part).strip(" .,;:|-–—()")
        part = HONORIFIC.sub("", part)
        if structured:
            # a field typed in lower case ("jane doe"); on the page, "by submitting your
            # number" is a sentence, not a name
            part = _name_case(part)
        if not part or is_role(part) or AUTHOR_PLACEHOLDER.match(part):
            continue
        if _names_the_site(part, site_keys, host_keys):
            continue
        name = clean_person_name(part, min_tokens=1 if structured else 2)
        if name and not structured and classify_line(name) is not None:
            continue  # a button or a link of the page's furniture ("Learn More")
        if name and name not in names:
            names.append(name)
    return names


def site_and_host_keys(
    site_names: Iterable[str], url: str | None
) -> tuple[set[str], frozenset[str]]:
    """The folded names that name the site, which name no author (its names and its host's),
    and those of its host alone."""
    host_keys = frozenset(host_keys_of(url))
    site_keys = {name_key(n) for n in site_names} | host_keys
    site_keys.discard("")
    return site_keys, host_keys
