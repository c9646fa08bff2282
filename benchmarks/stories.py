"""Measure the stories step: how well it groups copies of one article, and what it costs at scale.

    python -m benchmarks.stories [--bench DIR] [--originals N] [--seed N] [--limit N]
        [--examples N] [--scale N[,N...]]

**The corpus.** Every article of ``wcxb-dev-articles`` (its true text, title, domain and
publication day) is an original. ``--originals`` of them, drawn with a seeded
``random.Random`` among those of ``MIN_WORDS_TO_COPY`` words or more, get one copy of each
kind, published one to ``COPY_DELAY_HOURS`` hours later on another site:

- ``exact``: the same text;
- ``wire``: the first 60 to 80% of the paragraphs between a header line and a footer line
  of a reprint, under a retitled headline;
- ``spun``: 15 to 30% of the words of ``SYNONYMS`` swapped one for one for their synonym,
  so that every sentence keeps its length (capitalised words, which may be names, are kept);
- ``rewrite``: a fifth of the sentences dropped, a few pairs of adjacent sentences swapped,
  a few words changed.

The other articles stay unrelated originals; several share a topic or a site. Every
document gets an opaque id in shuffled order (``doc-00000``), so that no id tells a copy
from its original, and keeps its ground truth: the id of its original and its kind.

**The quality run.** Each document's signature (``signature_of``) goes into
``signatures/part-00000.parquet`` of a temporary output, ``flows.stories.build_stories``
groups them, and its ``stories`` are read back. Two documents are predicted the same story
when they share a ``story_id``, and are the same story when they derive from one original.
Reported: pair precision over every predicted pair; pair recall of original–copy pairs per
kind, and over every true pair (copy–copy pairs included); the ``spun`` flag's share of the
spun copies and of all other documents; the share of copied originals that are the
canonical copy of a story holding at least one of their copies.

**The scale run** (``--scale``): N signatures made up without texts, with the lengths of a
real one, ``EXACT_SHARE`` of them exact and ``NEAR_SHARE`` near copies of another one of the
same Parquet part (its MinHash values and sentences, a share of them replaced), written in
parts of ``SCALE_PART_ROWS``; ``build_stories`` is timed in a fresh process, which reports
its own peak RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.bench_data import DEFAULT_BENCH_DIR, WCXB, BenchPage, load_set
from benchmarks.harness import format_table

# Copied originals in a default run: 150 originals and 600 copies beside 561 unrelated
# articles of wcxb-dev-articles' 711, so that copies are under half of the corpus.
DEFAULT_ORIGINALS = 150
DEFAULT_SEED = 20250601
# An original is copied only when it has this many words: a wire cut of it then keeps
# several paragraphs. 699 of the 711 wcxb-dev-articles texts have as many.
MIN_WORDS_TO_COPY = 150
# A copy appears this many hours at most after its original: within a news cycle.
COPY_DELAY_HOURS = 72
# Share of the paragraphs a wire copy keeps (the rest cut at the end, as reprints cut).
WIRE_KEPT = (0.6, 0.8)
# Share of the replaceable words (those in SYNONYMS) a spun copy swaps, drawn per copy. A
# spinner swaps every word it has a synonym for, or nearly: its aim is that no copy
# detector finds the copy, and the seeds' spun copy (001) changes every sentence it shares
# with its original. (At 15 to 30%, a copy changed a median 2% of its words and kept three
# sentences in four word for word: a near copy, which nobody spins to make.)
SPIN_RATE = (0.8, 1.0)
# A light rewrite drops this share of its sentences, swaps one pair of adjacent sentences
# per REWRITE_SWAP_EVERY sentences (one at least), and swaps this share of replaceable words.
REWRITE_DROPPED = 0.2
REWRITE_SWAP_EVERY = 15
REWRITE_WORD_RATE = 0.05

ORIGINAL = "original"
COPY_KINDS = ("exact", "wire", "spun", "rewrite")
SPUN_FLAG = "spun"

# The stories step's targets on this corpus: (figure, operator, bound).
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("pair precision", ">=", 0.98),
    ("pair recall exact", ">=", 0.99),
    ("pair recall wire", ">=", 0.99),
    ("pair recall spun", ">=", 0.90),
    ("pair recall rewrite", ">=", 0.90),
    ("spun flag on spun copies", ">=", 0.80),
    ("spun flag on the rest", "<=", 0.02),
)

# Lines a reprint puts above and below the text; {site} is the original's site.
WIRE_HEADERS = (
    "This article first appeared on {site} and is republished here with permission.",
    "Originally published by {site}. Republished under a content partnership.",
    "The following story was provided by {site}.",
    "Reprinted with permission from {site}.",
)
WIRE_FOOTERS = (
    "Reprinted with permission. All rights reserved by the original publisher.",
    "This story was syndicated through a content partnership; the views are the author's.",
    "Copyright the original publisher. Distributed by a syndication service.",
    "Republished with permission. Read the original article on the publisher's site.",
)
# How a reprint retitles the headline; {title} is the original's.
WIRE_TITLES = (
    "UPDATE: {title}",
    "{title} (syndicated)",
    "What to know: {title}",
    "{title} – report",
)
# The made-up sites of each kind of copy: "partner7.example" and so on.
COPY_SITES = {"exact": "mirror", "wire": "partner", "spun": "content", "rewrite": "digest"}
COPY_SITE_COUNT = 40

# Common English words and a synonym of each, one word for one (a spinner's table): what
# spun copies and rewrites swap. Lower-case only; never a word that is also a month or a
# usual first name ("may", "march", "will" are left out).
SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        # verbs
        "said": "stated",
        "says": "states",
        "say": "state",
        "told": "informed",
        "tell": "inform",
        "asked": "queried",
        "ask": "query",
        "added": "noted",
        "show": "display",
        "shows": "displays",
        "showed": "displayed",
        "shown": "displayed",
        "make": "create",
        "makes": "creates",
        "made": "created",
        "help": "assist",
        "helps": "assists",
        "helped": "assisted",
        "use": "employ",
        "uses": "employs",
        "used": "employed",
        "using": "employing",
        "need": "require",
        "needs": "requires",
        "needed": "required",
        "start": "begin",
        "started": "began",
        "starts": "begins",
        "begin": "commence",
        "began": "commenced",
        "get": "obtain",
        "gets": "obtains",
        "got": "obtained",
        "buy": "purchase",
        "bought": "purchased",
        "find": "discover",
        "finds": "discovers",
        "found": "discovered",
        "keep": "retain",
        "kept": "retained",
        "give": "provide",
        "gives": "provides",
        "gave": "provided",
        "given": "granted",
        "try": "attempt",
        "tried": "attempted",
        "want": "desire",
        "wanted": "desired",
        "think": "believe",
        "thought": "believed",
        "seem": "appear",
        "seems": "appears",
        "seemed": "appeared",
        "build": "construct",
        "built": "constructed",
        "ended": "finished",
        "allow": "permit",
        "allows": "permits",
        "allowed": "permitted",
        "choose": "select",
        "chose": "selected",
        "chosen": "selected",
        "rose": "climbed",
        "rising": "climbing",
        "fell": "dropped",
        "grow": "expand",
        "grew": "expanded",
        "growing": "expanding",
        "increase": "boost",
        "increased": "boosted",
        "reduce": "lower",
        "reduced": "lowered",
        "improve": "enhance",
        "improved": "enhanced",
        "create": "generate",
        "created": "generated",
        "provide": "supply",
        "provides": "supplies",
        "provided": "supplied",
        "include": "contain",
        "includes": "contains",
        "included": "contained",
        "including": "containing",
        "receive": "get",
        "received": "got",
        "remain": "stay",
        "remains": "stays",
        "remained": "stayed",
        "continue": "proceed",
        "continues": "proceeds",
        "continued": "proceeded",
        "consider": "weigh",
        "considered": "weighed",
        "require": "demand",
        "requires": "demands",
        "required": "demanded",
        "explain": "clarify",
        "explained": "clarified",
        "announced": "declared",
        "reported": "stated",
        "suggest": "propose",
        "suggests": "indicates",
        "suggested": "proposed",
        "moved": "shifted",
        "changed": "altered",
        "looked": "glanced",
        "looking": "seeking",
        "worked": "labored",
        "held": "kept",
        "hope": "wish",
        "hoped": "wished",
        "expect": "anticipate",
        "expected": "anticipated",
        "planned": "intended",
        "decide": "determine",
        "decided": "determined",
        "happen": "occur",
        "happens": "occurs",
        "happened": "occurred",
        "brought": "conveyed",
        "carried": "transported",
        "know": "understand",
        "knew": "understood",
        "known": "recognized",
        "understand": "grasp",
        "feel": "sense",
        "felt": "sensed",
        "see": "observe",
        "saw": "observed",
        "seen": "observed",
        "watched": "monitored",
        "talk": "speak",
        "talked": "spoke",
        "discuss": "debate",
        "discussed": "debated",
        "fixed": "repaired",
        "stop": "halt",
        "stopped": "halted",
        "paid": "compensated",
        "won": "secured",
        "lost": "forfeited",
        "meet": "encounter",
        "met": "encountered",
        "sold": "vended",
        "agree": "concur",
        "agreed": "concurred",
        "claimed": "asserted",
        "describe": "depict",
        "described": "depicted",
        "focused": "concentrated",
        "prepare": "ready",
        "offered": "extended",
        "offers": "extends",
        "supported": "backed",
        "enjoy": "relish",
        "enjoyed": "relished",
        "ensure": "guarantee",
        "avoid": "evade",
        "avoided": "evaded",
        "reach": "attain",
        "reached": "attained",
        "caused": "triggered",
        "affect": "influence",
        "affected": "influenced",
        "raised": "elevated",
        "earned": "gained",
        "spend": "expend",
        "spent": "expended",
        "produce": "yield",
        "produced": "yielded",
        "hired": "recruited",
        # nouns
        "people": "individuals",
        "person": "individual",
        "company": "firm",
        "companies": "firms",
        "business": "enterprise",
        "businesses": "enterprises",
        "government": "administration",
        "city": "town",
        "country": "nation",
        "countries": "nations",
        "area": "region",
        "areas": "regions",
        "world": "globe",
        "home": "residence",
        "house": "dwelling",
        "car": "vehicle",
        "cars": "vehicles",
        "job": "position",
        "jobs": "positions",
        "money": "cash",
        "price": "cost",
        "prices": "costs",
        "problem": "issue",
        "problems": "issues",
        "issue": "matter",
        "issues": "matters",
        "result": "outcome",
        "results": "outcomes",
        "way": "method",
        "ways": "methods",
        "part": "portion",
        "place": "location",
        "places": "locations",
        "times": "occasions",
        "child": "kid",
        "children": "kids",
        "kids": "youngsters",
        "man": "gentleman",
        "men": "gentlemen",
        "woman": "lady",
        "women": "ladies",
        "team": "squad",
        "teams": "squads",
        "group": "cluster",
        "groups": "clusters",
        "member": "participant",
        "members": "participants",
        "plan": "scheme",
        "plans": "schemes",
        "idea": "notion",
        "ideas": "notions",
        "studies": "analyses",
        "research": "investigation",
        "story": "tale",
        "stories": "tales",
        "officials": "authorities",
        "leader": "chief",
        "leaders": "chiefs",
        "expert": "specialist",
        "experts": "specialists",
        "customer": "client",
        "customers": "clients",
        "product": "item",
        "products": "items",
        "services": "offerings",
        "industry": "sector",
        "school": "academy",
        "student": "pupil",
        "students": "pupils",
        "doctor": "physician",
        "doctors": "physicians",
        "meals": "dishes",
        "health": "wellbeing",
        "details": "particulars",
        "question": "query",
        "questions": "queries",
        "answer": "reply",
        "answers": "replies",
        "reason": "motive",
        "reasons": "motives",
        "effect": "impact",
        "effects": "impacts",
        "benefit": "advantage",
        "benefits": "advantages",
        "risk": "hazard",
        "risks": "hazards",
        "goal": "aim",
        "goals": "aims",
        "level": "degree",
        "levels": "degrees",
        "amount": "sum",
        "size": "magnitude",
        "kind": "sort",
        "type": "variety",
        "types": "varieties",
        "example": "instance",
        "examples": "instances",
        "events": "occurrences",
        "community": "neighbourhood",
        "communities": "neighbourhoods",
        "project": "venture",
        "projects": "ventures",
        "system": "framework",
        "systems": "frameworks",
        "process": "procedure",
        "method": "technique",
        "approach": "strategy",
        "choice": "option",
        "choices": "options",
        "decision": "ruling",
        "growth": "expansion",
        "success": "triumph",
        "failure": "flop",
        "damage": "harm",
        "attack": "assault",
        "war": "conflict",
        "fight": "battle",
        "deal": "agreement",
        "agreement": "accord",
        "law": "statute",
        "laws": "statutes",
        "rules": "regulations",
        "policy": "guideline",
        "policies": "guidelines",
        "friend": "pal",
        "friends": "pals",
        "family": "household",
        "families": "households",
        "street": "road",
        "road": "route",
        "building": "structure",
        "buildings": "structures",
        "office": "bureau",
        "room": "chamber",
        "game": "match",
        "games": "matches",
        "player": "athlete",
        "players": "athletes",
        "fans": "supporters",
        "film": "movie",
        "movie": "picture",
        "book": "volume",
        "books": "volumes",
        "article": "piece",
        "phone": "handset",
        "trip": "journey",
        # adjectives
        "big": "large",
        "large": "sizable",
        "small": "little",
        "new": "fresh",
        "old": "aged",
        "good": "fine",
        "great": "excellent",
        "bad": "poor",
        "important": "crucial",
        "major": "significant",
        "significant": "notable",
        "main": "primary",
        "different": "distinct",
        "similar": "comparable",
        "difficult": "hard",
        "hard": "tough",
        "easy": "simple",
        "simple": "basic",
        "quick": "rapid",
        "fast": "swift",
        "slow": "sluggish",
        "high": "elevated",
        "low": "reduced",
        "long": "lengthy",
        "short": "brief",
        "early": "initial",
        "recent": "latest",
        "current": "present",
        "private": "personal",
        "local": "regional",
        "national": "countrywide",
        "global": "worldwide",
        "international": "worldwide",
        "strong": "robust",
        "weak": "feeble",
        "full": "complete",
        "whole": "entire",
        "entire": "whole",
        "possible": "feasible",
        "clear": "evident",
        "certain": "sure",
        "real": "genuine",
        "popular": "trendy",
        "common": "widespread",
        "serious": "grave",
        "special": "particular",
        "huge": "enormous",
        "healthy": "wholesome",
        "happy": "glad",
        "beautiful": "lovely",
        "perfect": "ideal",
        "best": "finest",
        "better": "superior",
        "worse": "poorer",
        "worst": "poorest",
        "top": "leading",
        "key": "vital",
        "final": "last",
        "available": "accessible",
        "necessary": "essential",
        "specific": "particular",
        "several": "various",
        "many": "numerous",
        "various": "assorted",
        # adverbs
        "quickly": "rapidly",
        "slowly": "gradually",
        "often": "frequently",
        "usually": "typically",
        "sometimes": "occasionally",
        "really": "truly",
        "very": "extremely",
        "also": "additionally",
        "however": "nevertheless",
        "recently": "lately",
        "currently": "presently",
        "finally": "ultimately",
        "especially": "particularly",
        "mostly": "largely",
        "nearly": "almost",
        "almost": "virtually",
        "just": "merely",
        "already": "previously",
        "soon": "shortly",
        "probably": "likely",
        "actually": "really",
        "simply": "merely",
        "together": "jointly",
        "directly": "straight",
        "easily": "readily",
        "completely": "entirely",
        "fully": "totally",
        "quite": "rather",
    }
)

# A lower-case word (the only ones swapped) and a sentence's end (a stop, a question or an
# exclamation mark, maybe a closing quote, before a space).
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# The scale run: rows per Parquet part of made-up signatures, the share of exact copies and
# of near copies among them, and the share of a near copy's values replaced (drawn per copy;
# up to 0.35 keeps the copy's MinHash estimate at 0.65 or more, a near copy's for the step).
SCALE_PART_ROWS = 200_000
EXACT_SHARE = 0.02
NEAR_SHARE = 0.10
NEAR_CHANGED = (0.05, 0.35)
SCALE_SITES = 1000
SCALE_SENTENCES = (3, 40)  # sentences per made-up signature
SCALE_SENTENCE_WORDS = (4, 40)
# A text with names and figures in most sentences, whose signature gives the lengths of
# the made-up ones.
PROBE_TEXT = (
    "Officials in Lisbon said on Tuesday that 1,200 homes lost power after the storm. "
    "Mayor Carlos Moedas told reporters that crews from Porto and Braga were on their way. "
    "The utility EDP said 340 of its workers had restored 85% of the lines by 6 p.m. "
    "Schools in Sintra and Cascais will stay closed until Thursday, the ministry said."
)
MB = 2**20
# Members listed of each falsely merged story.
MERGED_SHOWN = 12


@dataclass(frozen=True)
class Page:
    """One article of the corpus as the stories step sees it, before it has an id."""

    title: str
    text: str
    site: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class CorpusDoc:
    """One article of the corpus with its id and its ground truth: the id of the original it
    was made from (its own, for an original) and its kind (``ORIGINAL`` or a copy kind)."""

    doc_id: str
    page: Page
    original_id: str
    kind: str


def paragraphs_of(text: str) -> list[str]:
    """A text's paragraphs: its blocks between blank lines."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def sentences_of(paragraph: str) -> list[str]:
    """A paragraph's sentences, each with its closing stop and quote."""
    parts = _SENTENCE_END.split(paragraph.strip())
    # split keeps the closing quotes as every other item: glue them back to their sentence
    sentences = [
        parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)
    ]
    return [s for s in sentences if s]


def _join(paragraphs: Sequence[Sequence[str]]) -> str:
    """Paragraphs of sentences back into a text."""
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _copy_site(kind: str, rng: random.Random) -> str:
    """A made-up site for a copy of this kind."""
    return f"{COPY_SITES[kind]}{rng.randrange(COPY_SITE_COUNT)}.example"


def _later(published_at: datetime | None, rng: random.Random) -> datetime | None:
    """A copy's publication time: one to COPY_DELAY_HOURS hours after its original's."""
    if published_at is None:
        return None
    return published_at + timedelta(minutes=rng.randint(60, COPY_DELAY_HOURS * 60))


def swap_synonyms(text: str, rate: float, rng: random.Random) -> str:
    """``text`` with each lower-case word of ``SYNONYMS`` swapped for its synonym with the
    chance ``rate``: one word for one, so every sentence keeps its length in words."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        synonym = SYNONYMS.get(word)
        return synonym if synonym is not None and rng.random() < rate else word

    return _LOWER_WORD.sub(swap, text)


def exact_copy(page: Page, rng: random.Random) -> Page:
    """The same text and title on another site."""
    return replace(page, site=_copy_site("exact", rng), published_at=_later(page.published_at, rng))


def wire_copy(page: Page, rng: random.Random) -> Page:
    """A reprint: the first 60 to 80% of the paragraphs between a header and a footer line,
    under a retitled headline."""
    paragraphs = paragraphs_of(page.text)
    kept = max(1, round(len(paragraphs) * rng.uniform(*WIRE_KEPT)))
    source = page.site or "the original publisher"
    header = rng.choice(WIRE_HEADERS).format(site=source)
    footer = rng.choice(WIRE_FOOTERS)
    return Page(
        title=rng.choice(WIRE_TITLES).format(title=page.title),
        text="\n\n".join([header, *paragraphs[:kept], footer]),
        site=_copy_site("wire", rng),
        published_at=_later(page.published_at, rng),
    )


def spun_copy(page: Page, rng: random.Random) -> Page:
    """The text with 80 to 100% of its replaceable words swapped for synonyms."""
    rate = rng.uniform(*SPIN_RATE)
    return Page(
        title=swap_synonyms(page.title, rate, rng),
        text=swap_synonyms(page.text, rate, rng),
        site=_copy_site("spun", rng),
        published_at=_later(page.published_at, rng),
    )


def light_rewrite(page: Page, rng: random.Random) -> Page:
    """The text with a fifth of its sentences dropped, a few adjacent ones swapped and a few
    words changed."""
    paragraphs = [sentences_of(p) for p in paragraphs_of(page.text)]
    if not paragraphs:
        return replace(page, site=_copy_site("rewrite", rng))
    total = sum(len(p) for p in paragraphs)
    kept = [[s for s in p if rng.random() >= REWRITE_DROPPED] for p in paragraphs]
    if not any(kept):  # a text of a sentence or two keeps its first
        kept = [paragraphs[0][:1]]
    swappable = [i for i, p in enumerate(kept) if len(p) > 1]
    for _ in range(max(1, total // REWRITE_SWAP_EVERY) if swappable else 0):
        sentences = kept[rng.choice(swappable)]
        at = rng.randrange(len(sentences) - 1)
        sentences[at], sentences[at + 1] = sentences[at + 1], sentences[at]
    return Page(
        title=page.title,
        text=swap_synonyms(_join(kept), REWRITE_WORD_RATE, rng),
        site=_copy_site("rewrite", rng),
        published_at=_later(page.published_at, rng),
    )


# How each kind of copy is made from its original.
COPY_MAKERS: Mapping[str, Callable[[Page, random.Random], Page]] = MappingProxyType(
    {"exact": exact_copy, "wire": wire_copy, "spun": spun_copy, "rewrite": light_rewrite}
)


def build_corpus(
    originals: Sequence[Page],
    copied: int,
    seed: int = DEFAULT_SEED,
    min_words: int = MIN_WORDS_TO_COPY,
) -> list[CorpusDoc]:
    """Every original, and one copy of each kind of ``copied`` of them (drawn among those of
    ``min_words`` words or more), with their ids and ground truth, in id order. The same
    arguments give the same corpus."""
    rng = random.Random(seed)
    eligible = [i for i, page in enumerate(originals) if len(page.text.split()) >= min_words]
    chosen = set(rng.sample(eligible, min(copied, len(eligible))))
    drafts: list[tuple[Page, int, str]] = []  # a page, its original's position, its kind
    for i, page in enumerate(originals):
        origin = len(drafts)
        drafts.append((page, origin, ORIGINAL))
        if i in chosen:
            drafts += [(make(page, rng), origin, kind) for kind, make in COPY_MAKERS.items()]
    order = list(range(len(drafts)))
    rng.shuffle(order)
    ids = {position: f"doc-{rank:05d}" for rank, position in enumerate(order)}
    docs = [
        CorpusDoc(ids[position], page, ids[origin], kind)
        for position, (page, origin, kind) in enumerate(drafts)
    ]
    return sorted(docs, key=lambda doc: doc.doc_id)


def _published(day: str | None) -> datetime | None:
    """A bench page's annotated day ("YYYY-MM-DD") as midnight UTC; None for a month alone."""
    try:
        return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC) if day else None
    except ValueError:
        return None


def pages_of(bench_pages: Sequence[BenchPage]) -> list[Page]:
    """The bench pages with a true text as originals: their text, title, domain and day."""
    return [
        Page(
            title=page.title or "",
            text=page.true_text,
            site=page.domain,
            published_at=_published(page.published),
        )
        for page in bench_pages
        if page.true_text.strip()
    ]


@dataclass(frozen=True)
class QualityReport:
    """The quality run's figures (shares, None when there is nothing to count), its counts,
    the roles given to each kind of document, and examples of its misses and false merges."""

    figures: dict[str, float | None]
    counts: dict[str, int]
    roles: dict[str, Counter[str]]
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # original, copy, kind
    merged: list[list[tuple[str, str, str]]] = field(default_factory=list)  # id, kind, title


def _share(hits: int, total: int) -> float | None:
    """hits / total, or None when there is nothing to count."""
    return hits / total if total else None


def _pairs(n: int) -> int:
    """Unordered pairs among n."""
    return n * (n - 1) // 2


def score_stories(
    corpus: Sequence[CorpusDoc], rows: Sequence[Mapping[str, Any]], examples: int = 5
) -> QualityReport:
    """The quality figures of the story rows ``rows`` (dicts of ``STORY_SCHEMA``) for
    ``corpus``. A document without a row counts as a story of its own."""
    by_id = {doc.doc_id: doc for doc in corpus}
    row_of = {row["doc_id"]: row for row in rows if row["doc_id"] in by_id}
    story = {d: row_of[d]["story_id"] if d in row_of else f"missing:{d}" for d in by_id}
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, story_id in story.items():
        members[story_id].append(doc_id)
    predicted = sum(_pairs(len(m)) for m in members.values())
    predicted_true = sum(
        _pairs(n)
        for m in members.values()
        for n in Counter(by_id[d].original_id for d in m).values()
    )
    families = Counter(doc.original_id for doc in corpus)
    true_pairs = sum(_pairs(n) for n in families.values())
    figures: dict[str, float | None] = {"pair precision": _share(predicted_true, predicted)}
    missed: list[tuple[str, str, str]] = []
    found_all = 0
    for kind in COPY_KINDS:
        copies = [doc for doc in corpus if doc.kind == kind]
        found = [doc for doc in copies if story[doc.doc_id] == story[doc.original_id]]
        figures[f"pair recall {kind}"] = _share(len(found), len(copies))
        found_all += len(found)
        missed += [
            (doc.original_id, doc.doc_id, kind)
            for doc in copies
            if story[doc.doc_id] != story[doc.original_id]
        ]
    figures["pair recall overall"] = _share(predicted_true, true_pairs)
    spun = [d for d in corpus if d.kind == "spun"]
    rest = [d for d in corpus if d.kind != "spun"]
    flagged = {d for d, row in row_of.items() if SPUN_FLAG in (row["flags"] or ())}
    figures["spun flag on spun copies"] = _share(sum(d.doc_id in flagged for d in spun), len(spun))
    figures["spun flag on the rest"] = _share(sum(d.doc_id in flagged for d in rest), len(rest))
    copies_of: dict[str, list[str]] = defaultdict(list)
    for doc in corpus:
        if doc.kind != ORIGINAL:
            copies_of[doc.original_id].append(doc.doc_id)
    copied = set(copies_of)
    with_copies = [o for o, ds in copies_of.items() if any(story[d] == story[o] for d in ds)]
    canonical_hits = sum(row_of.get(o, {}).get("canonical_doc_id") == o for o in with_copies)
    figures["canonical is the original"] = _share(canonical_hits, len(with_copies))
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in corpus:
        kind = doc.kind if doc.kind != ORIGINAL or doc.doc_id in copied else "unrelated"
        roles[kind][row_of[doc.doc_id]["role"] if doc.doc_id in row_of else "missing"] += 1
    merged = [
        [(d, by_id[d].kind, by_id[d].page.title) for d in sorted(m)]
        for m in members.values()
        if len({by_id[d].original_id for d in m}) > 1
    ]
    merged.sort(key=lambda m: (-len(m), m[0][0]))
    counts = {
        "documents": len(corpus),
        "copies": sum(doc.kind != ORIGINAL for doc in corpus),
        "missing rows": len(by_id) - len(row_of),
        "stories": len(members),
        "stories of 2+": sum(len(m) > 1 for m in members.values()),
        "predicted pairs": predicted,
        "true pairs": true_pairs,
        "false merges": len(merged),
    }
    return QualityReport(figures, counts, dict(roles), missed[:examples], merged[:examples])


def spun_changes(corpus: Sequence[CorpusDoc]) -> tuple[float, float] | None:
    """The median share of words, and of sentences, that the spun copies changed (word by
    word against their original's); None without spun copies."""
    by_id = {doc.doc_id: doc for doc in corpus}
    words: list[float] = []
    sentences: list[float] = []
    for doc in corpus:
        if doc.kind != "spun":
            continue
        original = by_id[doc.original_id].page.text
        old, new = original.split(), doc.page.text.split()
        words.append(sum(a != b for a, b in zip(old, new, strict=True)) / max(1, len(old)))
        old_sentences = [s for p in paragraphs_of(original) for s in sentences_of(p)]
        new_sentences = [s for p in paragraphs_of(doc.page.text) for s in sentences_of(p)]
        changed = sum(a != b for a, b in zip(old_sentences, new_sentences, strict=True))
        sentences.append(changed / max(1, len(old_sentences)))
    if not words:
        return None
    return statistics.median(words), statistics.median(sentences)


def signatures_of_corpus(corpus: Sequence[CorpusDoc]) -> list[Any]:
    """Each document's ``Signature``."""
    from extractors.stories.signatures import signature_of  # the step, imported when measured

    return [
        signature_of(
            doc.doc_id, doc.page.text, site=doc.page.site, published_at=doc.page.published_at
        )
        for doc in corpus
    ]


def run_build_stories(output: Path) -> dict[str, Any]:
    """``flows.stories.build_stories`` on an output folder holding ``signatures``."""
    from flows.stories import build_stories  # the step, imported when measured

    summary: dict[str, Any] = build_stories(output)
    return summary


def run_quality(
    bench_dir: Path = DEFAULT_BENCH_DIR,
    originals: int = DEFAULT_ORIGINALS,
    seed: int = DEFAULT_SEED,
    limit: int | None = None,
    examples: int = 5,
) -> tuple[QualityReport, list[CorpusDoc], dict[str, float]]:
    """The quality run on the corpus made of ``wcxb-dev-articles`` (its first ``limit``
    articles, when given): the report, the corpus, and the seconds of each step."""
    from extractors.record import signatures_table

    corpus = build_corpus(pages_of(load_set(WCXB, bench_dir, limit=limit)), originals, seed)
    with tempfile.TemporaryDirectory(prefix="boilerstrip-stories-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        signatures = signatures_of_corpus(corpus)
        signed = time.perf_counter()
        (root / "signatures").mkdir()
        pq.write_table(signatures_table(signatures), root / "signatures" / "part-00000.parquet")
        grouped = time.perf_counter()
        run_build_stories(root)
        done = time.perf_counter()
        rows = pq.read_table(sorted((root / "stories").glob("*.parquet"))).to_pylist()
    seconds = {"signatures": signed - start, "build_stories": done - grouped}
    return score_stories(corpus, rows, examples), corpus, seconds


def _meets(value: float | None, operator: str, bound: float) -> str:
    """Whether a figure meets its target: "yes", "NO", or "" when not measured."""
    if value is None:
        return ""
    return "yes" if (value >= bound if operator == ">=" else value <= bound) else "NO"


def quality_table(report: QualityReport) -> str:
    """One row per figure: its value, its target and whether it is met."""
    targets = {name: (operator, bound) for name, operator, bound in TARGETS}
    rows = []
    for name, value in report.figures.items():
        operator, bound = targets.get(name, ("", 0.0))
        target = f"{'≥' if operator == '>=' else '≤'} {bound:.2f}" if operator else ""
        rows.append((name, value, target, _meets(value, operator, bound) if operator else ""))
    return format_table(("figure", "value", "target", "met"), rows)


def roles_table(report: QualityReport) -> str:
    """How many documents of each kind got each role."""
    roles = sorted({role for counter in report.roles.values() for role in counter})
    kinds = [k for k in ("unrelated", ORIGINAL, *COPY_KINDS) if k in report.roles]
    rows = [(kind, *(report.roles[kind][role] for role in roles)) for kind in kinds]
    return format_table(("kind", *roles), rows)


def _short(title: str, width: int = 60) -> str:
    """A title cut to ``width`` characters."""
    return title if len(title) <= width else title[: width - 1] + "…"


def print_quality(
    report: QualityReport, corpus: Sequence[CorpusDoc], seconds: dict[str, float]
) -> None:
    """The quality run's tables and examples, on standard output."""
    counts = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    print(f"Stories on wcxb-dev-articles and copies of it: {counts}")
    print(
        f"signatures {seconds['signatures']:.1f} s, build_stories {seconds['build_stories']:.1f} s"
    )
    print(quality_table(report))
    changes = spun_changes(corpus)
    if changes:
        print(
            f"spun copies change a median {changes[0]:.1%} of their words "
            f"and {changes[1]:.1%} of their sentences"
        )
    print()
    print("roles by kind of document")
    print(roles_table(report))
    by_id = {doc.doc_id: doc for doc in corpus}
    if report.missed:
        print()
        print("copies not grouped with their original (first ones)")
        rows = [(o, c, k, _short(by_id[o].page.title)) for o, c, k in report.missed]
        print(format_table(("original", "copy", "kind", "title"), rows))
    for members in report.merged:
        originals = len({by_id[d].original_id for d, _, _ in members})
        print()
        print(f"a story of {len(members)} documents from {originals} originals")
        rows = [(d, k, by_id[d].original_id, _short(t)) for d, k, t in members[:MERGED_SHOWN]]
        print(format_table(("doc", "kind", "original", "title"), rows))
        if len(members) > MERGED_SHOWN:
            print(f"... and {len(members) - MERGED_SHOWN} more")


# --- the scale run


def signature_lengths() -> dict[str, int]:
    """The lengths of a real signature's MinHashes and text hash."""
    from extractors.stories.signatures import signature_of

    probe = signature_of("probe", PROBE_TEXT)
    return {
        "word_minhash": len(probe.word_minhash),
        "entity_minhash": len(probe.entity_minhash),
        "text_hash": len(probe.text_hash),
    }


def _lists(values: npt.NDArray[Any], offsets: npt.NDArray[np.int64], kind: pa.DataType) -> pa.Array:
    """Flat values and row offsets as a list array of ``kind`` values."""
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(values, kind))


def _copy_rows(
    rows: npt.NDArray[Any],
    copies: npt.NDArray[np.int64],
    sources: npt.NDArray[np.int64],
    changed: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> None:
    """Make ``rows[copies]`` near copies of ``rows[sources]``: each value the source's, or a
    fresh one with the copy's chance ``changed``."""
    copied = rows[sources]
    fresh = rng.integers(0, 2**32, size=copied.shape, dtype=np.uint32).astype(rows.dtype)
    rows[copies] = np.where(rng.random(copied.shape) < changed[:, None], fresh, copied)


def synthetic_part(
    first: int, rows: int, lengths: Mapping[str, int], rng: np.random.Generator
) -> tuple[pa.Table, int]:
    """``rows`` made-up signatures (ids from ``first``) as a table of ``SIGNATURE_SCHEMA``, and
    how many of them copy another: EXACT_SHARE exactly, NEAR_SHARE nearly, each of a row that
    copies none."""
    from extractors.record import SIGNATURE_SCHEMA

    draw = rng.random(rows)
    draw[0] = 1.0  # the first row is no copy: every copy has a source
    exact = np.flatnonzero(draw < EXACT_SHARE)
    near = np.flatnonzero((draw >= EXACT_SHARE) & (draw < EXACT_SHARE + NEAR_SHARE))
    originals = np.flatnonzero(draw >= EXACT_SHARE + NEAR_SHARE)
    copies = np.concatenate([exact, near])
    sources = rng.choice(originals, size=len(copies))
    changed = np.concatenate([np.zeros(len(exact)), rng.uniform(*NEAR_CHANGED, size=len(near))])

    word = rng.integers(0, 2**32, size=(rows, lengths["word_minhash"]), dtype=np.uint32)
    entity = rng.integers(0, 2**32, size=(rows, lengths["entity_minhash"]), dtype=np.uint32)
    _copy_rows(word, copies, sources, changed, rng)
    _copy_rows(entity, copies, sources, changed, rng)

    counts = rng.integers(*SCALE_SENTENCES, size=rows, endpoint=True)
    counts[copies] = counts[sources]
    offsets = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    hashes = rng.integers(1, 2**63 - 1, size=int(offsets[-1]), dtype=np.int64)
    keys = np.where(rng.random(len(hashes)) < 0.5, hashes ^ 0x5F3759DF, 0)
    words = rng.integers(*SCALE_SENTENCE_WORDS, size=len(hashes), endpoint=True).astype(np.int32)
    # each copy's sentences: its source's, position by position, a share of hashes changed
    spans = counts[copies]
    within = np.arange(int(spans.sum())) - np.repeat(np.cumsum(spans) - spans, spans)
    to = np.repeat(offsets[copies], spans) + within
    frm = np.repeat(offsets[sources], spans) + within
    keys[to], words[to] = keys[frm], words[frm]
    fresh = rng.integers(1, 2**63 - 1, size=len(to), dtype=np.int64)
    hashes[to] = np.where(rng.random(len(to)) < np.repeat(changed, spans), fresh, hashes[frm])

    width = lengths["text_hash"]
    digits = rng.bytes(rows * width // 2 + rows).hex()
    text_hash = np.array([digits[i * width : (i + 1) * width] for i in range(rows)])
    text_hash[exact] = text_hash[sources[: len(exact)]]
    word_count = rng.integers(100, 3000, size=rows, dtype=np.int32)
    word_count[copies] = word_count[sources]
    start = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp() * 1_000_000)
    published = start + rng.integers(0, 365 * 86_400, size=rows, dtype=np.int64) * 1_000_000
    delay = rng.integers(0, 48 * 3600, size=len(copies), dtype=np.int64) * 1_000_000
    published[copies] = published[sources] + delay
    sites = rng.integers(0, SCALE_SITES, size=rows)

    def lists_of(matrix: npt.NDArray[np.uint32]) -> pa.Array:
        step = matrix.shape[1]
        return _lists(matrix.ravel(), np.arange(rows + 1, dtype=np.int64) * step, pa.uint32())

    columns = {
        "doc_id": pa.array([f"syn-{first + i:08d}" for i in range(rows)]),
        "site": pa.array([f"site{s}.example" for s in sites]),
        "published_at": pa.array(published, pa.timestamp("us", tz="UTC")),
        "agency": pa.nulls(rows, pa.string()),
        "dateline": pa.nulls(rows, pa.string()),
        "word_count": pa.array(word_count, pa.int32()),
        "text_hash": pa.array(text_hash.tolist(), pa.string()),
        "word_minhash": lists_of(word),
        "entity_minhash": lists_of(entity),
        "sentence_hashes": _lists(hashes, offsets, pa.int64()),
        "sentence_keys": _lists(keys, offsets, pa.int64()),
        "sentence_words": _lists(words, offsets, pa.int32()),
    }
    table = pa.Table.from_arrays(
        [columns[f.name] for f in SIGNATURE_SCHEMA], schema=SIGNATURE_SCHEMA
    )
    return table, len(copies)


def write_synthetic(root: Path, total: int, seed: int = DEFAULT_SEED) -> int:
    """Write ``total`` made-up signatures under ``root/signatures`` in parts of at most
    SCALE_PART_ROWS rows; returns how many copy another."""
    lengths = signature_lengths()
    rng = np.random.default_rng([seed, total])
    (root / "signatures").mkdir(parents=True)
    planted = 0
    for part, first in enumerate(range(0, total, SCALE_PART_ROWS)):
        table, copies = synthetic_part(first, min(SCALE_PART_ROWS, total - first), lengths, rng)
        pq.write_table(table, root / "signatures" / f"part-{part:05d}.parquet")
        planted += copies
    return planted


def measure_child(output: Path) -> dict[str, Any]:
    """Run ``build_stories`` on ``output`` in this process: its summary and this process's
    peak RSS in bytes (its own children's included)."""
    summary = run_build_stories(output)
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {"summary": summary, "peak_bytes": peak_kb * 1024}


def run_scale(total: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """The scale run for ``total`` signatures: seconds and peak RSS of ``build_stories`` in a
    fresh process, the copies planted, and the stories it found."""
    with tempfile.TemporaryDirectory(prefix="boilerstrip-stories-scale-") as tmp:
        root = Path(tmp)
        planted = write_synthetic(root, total, seed)
        command = [sys.executable, "-m", "benchmarks.stories", "--measure", str(root)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(f"build_stories failed on {total} signatures:\n{done.stderr}")
        child = json.loads(done.stdout.strip().splitlines()[-1])
        stories = pq.read_table(
            sorted((root / "stories").glob("*.parquet")), columns=["story_id", "story_size"]
        )
    sizes = Counter(stories.column("story_id").to_pylist())
    return {
        "signatures": total,
        "copies planted": planted,
        "seconds": seconds,
        "peak_mb": child["peak_bytes"] / MB,
        "stories": len(sizes),
        "stories of 2+": sum(n > 1 for n in sizes.values()),
        "documents in them": sum(n for n in sizes.values() if n > 1),
    }


def scale_table(results: Sequence[Mapping[str, Any]]) -> str:
    """One row per scale run."""
    header = (
        "N",
        "copies planted",
        "seconds",
        "peak MB",
        "stories",
        "stories of 2+",
        "documents in them",
    )
    rows = [
        (
            r["signatures"],
            r["copies planted"],
            f"{r['seconds']:.1f}",
            f"{r['peak_mb']:.0f}",
            r["stories"],
            r["stories of 2+"],
            r["documents in them"],
        )
        for r in results
    ]
    return format_table(header, rows)


def _sizes(value: str) -> list[int]:
    """A comma list of positive counts."""
    sizes = [int(v) for v in value.split(",") if v.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected counts like 100000,1000000, got {value!r}")
    return sizes


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: the quality table, and the scale table when ``--scale`` is given."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR, help="benchmark data")
    parser.add_argument(
        "--originals",
        type=int,
        default=DEFAULT_ORIGINALS,
        metavar="N",
        help=f"originals that get copies (default {DEFAULT_ORIGINALS})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="N")
    parser.add_argument("--limit", type=int, default=None, help="only the first N bench articles")
    parser.add_argument(
        "--examples", type=int, default=5, metavar="N", help="misses and false merges listed"
    )
    parser.add_argument(
        "--scale",
        type=_sizes,
        metavar="N[,N...]",
        help="also time build_stories on N made-up signatures (e.g. 100000,1000000)",
    )
    parser.add_argument("--no-quality", action="store_true", help="skip the quality run")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure_child(args.measure), default=str))
        return
    if not args.no_quality:
        report, corpus, seconds = run_quality(
            args.bench, args.originals, args.seed, args.limit, args.examples
        )
        print_quality(report, corpus, seconds)
    if args.scale:
        results = []
        for total in args.scale:
            results.append(run_scale(total, args.seed))
            print(f"N={total}: done", flush=True)
        print()
        print("build_stories on made-up signatures")
        print(scale_table(results))


if __name__ == "__main__":
    main()
