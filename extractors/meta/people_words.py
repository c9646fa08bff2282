"""The vocabulary of people: byline and credit patterns, role and title words, placeholders and
the words no person's name holds, for both paths."""

from __future__ import annotations

import re

# Words of a short biography: the role or the career of the person it presents.
BIO_ROLE = re.compile(
    r"\b(?:writer|editor|journalist|author|reporter|blogger|columnist|correspondent|contributor"
    r"|manager|founder|co-founder|director|specialist|expert|coach|trainer|consultant|professor"
    r"|lecturer|photographer|marketer|analyst|strategist|designer|developer|engineer|ceo|cto"
    r"|lead|head of|owner|researcher|scientist|doctor|nutritionist|dietitian|therapist|lawyer"
    r"|attorney|teacher|educator|years)\b",
    re.IGNORECASE,
)
# Between the names of a byline or an author field: "Jane Doe, John Roe & Ana Silva e Rui Sá".
NAME_SEPARATOR = re.compile(r"\s*(?:,|;|\||\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*")
# Bylines: "By Jane Doe and John Roe, Associated Press".
BYLINE = re.compile(
    r"^\s*(?:by|written by|words by|story by|text by|author|authors|von|par|por|di)\s*[:\-]?\s+"
    r"(?P<names>.+?)\s*$",
    re.IGNORECASE,
)
# Contributor lines at the foot of wire stories.
CONTRIBUTOR_LINES: tuple[re.Pattern[str], ...] = (
    # "Lolita C. Baldor and Tara Copp contributed from Washington."
    # "Associated Press writer Jane Doe in London contributed to this report."
    re.compile(
        r"^(?P<names>.+?)\s+contributed(?:\s+(?:to this (?:report|story|article)|reporting"
        r"|additional reporting))?(?:\s+from\s+[^.]{1,60})?\s*\.?$",
        re.IGNORECASE,
    ),
    # "Contributing: Jane Doe, John Roe" / "Contributors: …"
    re.compile(
        r"^(?:contributing|contributors?|additional reporting by)\s*[:\-]\s*(?P<names>.+?)\.?$",
        re.IGNORECASE,
    ),
    # "Reporting by Jane Doe in London; Editing by John Roe" (Reuters)
    re.compile(
        r"^(?P<names>(?:additional )?(?:reporting|writing|editing) by .+?)\.?$", re.IGNORECASE
    ),
)
# Splits a credit line into its "Reporting by …; Editing by …" parts.
CREDIT_PART_PREFIX = re.compile(
    r"^(?:additional )?(?:reporting|writing|editing|compiled|graphics)(?: and \w+)? by\s+",
    re.IGNORECASE,
)
# The verbs that open a short biography after its subject's name: "Jane Doe is a reporter…".
BIO_VERBS = frozenset(
    [
        "is",
        "has",
        "was",
        "joined",
        "holds",
        "writes",
        "covers",
        "specializes",
        "specialises",
        "brings",
        "leads",
        "lives",
        "loves",
        "teaches",
        "earned",
        "received",
        "serves",
        "works",
    ]
)
# Words that make a byline part a job title or a role, not a name ("Shipping Expert", "Senior
# Director of Operations", "Staff Writer", "Associated Press writers"): one list for both paths,
# the text path's bylines and the HTML path's author fields alike. Gathered from the bylines of
# wcxb-dev-articles and the seeds.
ROLE_WORDS: frozenset[str] = frozenset(
    {
        "admin",
        "administrator",
        "adviser",
        "advisor",
        "analyst",
        "anchor",
        "assistant",
        "associate",
        "attorney",
        "author",
        "ceo",
        "cfo",
        "chief",
        "cmo",
        "co-founder",
        "coach",
        "cofounder",
        "columnist",
        "consultant",
        "contributing",
        "contributor",
        "contributors",
        "coo",
        "coordinator",
        "correspondent",
        "correspondents",
        "cto",
        "designer",
        "developer",
        "dietitian",
        "director",
        "editor",
        "editors",
        "engineer",
        "evp",
        "expert",
        "fellow",
        "founder",
        "freelance",
        "guest",
        "head",
        "host",
        "intern",
        "junior",
        "lawyer",
        "lead",
        "manager",
        "marketer",
        "moderator",
        "nurse",
        "nutritionist",
        "officer",
        "owner",
        "partner",
        "physician",
        "planner",
        "president",
        "producer",
        "professor",
        "reporter",
        "reporters",
        "representative",
        "researcher",
        "scientist",
        "senior",
        "specialist",
        "sr",
        "staff",
        "strategist",
        "svp",
        "therapist",
        "trainer",
        "vice",
        "vp",
        "webmaster",
        "writer",
        "writers",
    }
)
# Words that make a byline part a role or an outlet rather than a person: the role words, and
# those of outlets, desks, sections and the furniture author-marked links carry ("Member Login").
NON_NAME_WORDS: frozenset[str] = ROLE_WORDS | frozenset(
    {
        "account",
        "affairs",
        "agencies",
        "agency",
        "analysis",
        "associated",
        "board",
        "bureau",
        "business",
        "certified",
        "company",
        "contact",
        "daily",
        "desk",
        "development",
        "digital",
        "dr",
        "economics",
        "editorial",
        "follow",
        "gazette",
        "group",
        "health",
        "herald",
        "house",
        "inc",
        "international",
        "journal",
        "licensed",
        "lines",
        "llc",
        "login",
        "logout",
        "ltd",
        "magazine",
        "md",
        "media",
        "member",
        "members",
        "menu",
        "national",
        "news",
        "newsroom",
        "online",
        "opinion",
        "phd",
        "photo",
        "photos",
        "political",
        "politics",
        "post",
        "press",
        "profile",
        "published",
        "science",
        "search",
        "service",
        "services",
        "special",
        "sports",
        "strategy",
        "subscribe",
        "team",
        "technology",
        "the",
        "times",
        "tribune",
        "university",
        "updated",
        "video",
        "white",
        "wire",
        "wires",
        "world",
    }
)
# Words of NON_NAME_WORDS that are also common family names ("Jack White", "Emily Post"): as a
# name's last word, after a given name of a person's shape, they are the family name.
FAMILY_NAME_WORDS: frozenset[str] = frozenset({"white", "post"})
# A person's name token: capitalised, letters with inner apostrophes, hyphens or a dot.
NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.\-]*|[A-Z]\.|(?:van|von|de|der|den|da|di|du"
    r"|la|le|del|della|bin|ibn|al|el|ter|ten|y|dos|das)|Mc\w+|O['’]\w+)$"
)
# Given names written short that, lower-cased, are credentials: "Md Aynal Haque" (Md for
# Mohammad, as Bangladeshi bylines write it) is a name; "Jane Doe MD" is not.
GIVEN_NAME_ABBREVIATIONS = frozenset({"Md", "Md."})
# The shortest given or family name that, alone, spells a personal site's host ("pierce" in
# pierce.dev for "Pierce Freeman"): shorter ones spell too many hosts.
HOST_NAME_PART_MIN_CHARS = 4
# Prefixes before the names in a byline.
AUTHOR_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|published|reviewed|edited|story|words|text|photos?)\s+)?"
    r"(?:by|von|par|por|di|door|av)\s*[:\-]?\s+|^\s*(?:authors?|written by)\s*[:\-]?\s*",
    re.IGNORECASE,
)
# Where a byline's names end: a date, a time, a separator, "Updated", a reading time, a
# "Sponsored" badge, the team a writer speaks for ("Jane Doe on behalf of the Docs team").
AUTHOR_TAIL = re.compile(
    r"\s+(?:[|•·]|[-–—]\s|on\s+\w+\.?\s+\d|updated\b|published\b|posted\b|last updated\b"
    r"|sponsored\b|advertorial\b|paid post\b|on behalf of\b"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d+\s+min(?:ute)?s?\s+read\b).*$"
    r"|\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}.*$",
    re.IGNORECASE,
)
# Honorifics before a name: dropped ("Dr. Jane Doe" -> "Jane Doe").
HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx)\.?\s+", re.IGNORECASE)
# Common degrees, credentials and suffixes after a name ("Jane Doe, Ph.D.", "John Roe, Jr."),
# however they are written: dropped, not names. (A lone all-caps token, "FACLM", is dropped as
# an acronym by clean_person_name.)
AUTHOR_CREDENTIAL = re.compile(
    r"^(?:m\.?d|ph\.?\s?d|r\.?d|r\.?n|m\.?s|m\.?a|b\.?a|b\.?s|m\.?b\.?a|m\.?p\.?h|d\.?o|d\.?d\.?s"
    r"|d\.?v\.?m|v\.?m\.?d|c\.?p\.?a|c\.?f\.?p|c\.?f\.?a|j\.?d|esq|mph|msc|bsc|llm|jr|sr|ii|iii"
    r"|iv)\.?®?$",
    re.IGNORECASE,
)
# Whole author strings that name nobody: roles, placeholders, feeds.
AUTHOR_PLACEHOLDER = re.compile(
    r"^(?:the\s+)?(?:staff|admin|administrator|editor|editors|editorial|editorial staff|webmaster"
    r"|guest|guest author|guest post|contributor|author|the author|unknown|anonymous|team|news"
    r"|newsroom|news desk|desk|wire|wires|feed|rss|press release|sponsored|partner|user"
    r"|default|null|none)$",
    re.IGNORECASE,
)
# Words that make an author string an organisation ("Everfit Team", "Center for Drug
# Evaluation"): kept only when a structured source names it as the author and it is not the
# site itself. "Staff" is not one: "X Staff" says nobody wrote it.
AUTHOR_ORGANISATION_WORDS: frozenset[str] = frozenset(
    {"team", "editors", "center", "centre", "institute", "office", "department"}
)
# Words that no person's name holds, besides those of a byline's roles and outlets
# (NON_NAME_WORDS) and of organisations: what a business, a place or a publication is
# called ("Riverside Dental", "Acme Store", "Maple Canada", "Coffee At Home"). A site named
# with one of them is not a person's site, so its name is not taken for its author's.
NOT_PERSON_NAME_WORDS: frozenset[str] = frozenset(
    {
        "bank",
        "store",
        "shop",
        "shops",
        "construction",
        "dental",
        "care",
        "clinic",
        "solutions",
        "strategies",
        "foundation",
        "association",
        "society",
        "consulting",
        "consultants",
        "partners",
        "systems",
        "security",
        "network",
        "studio",
        "studios",
        "labs",
        "lab",
        "co",
        "corp",
        "gmbh",
        "canada",
        "usa",
        "america",
        "global",
        "review",
        "weekly",
        "tech",
        "travel",
        "home",
        "homes",
        "on",
        "in",
        "at",
        "one",
        "my",
        "your",
        "we",
        "us",
        "it",
        "to",
        "a",
    }
)
# Words that name no one in particular: an organisation's name needs a word besides these.
AUTHOR_GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "the",
        "our",
        "of",
        "for",
        "and",
        "&",
        "editorial",
        "news",
        "desk",
        "newsroom",
        "content",
        "marketing",
        "web",
        "site",
        "blog",
        "research",
        "support",
        "customer",
        "communications",
        "media",
        "press",
    }
)
