"""Scoring functions for the shared benchmarks, as defined in ``../shared/bench/README.md``.

All functions are pure. Two text metrics:

- AEB (article-extraction-benchmark, Scrapinghub): multisets of 4-token shingles, per-page
  tp/fp/fn normalised by their sum, precision and recall averaged over pages, F1 the harmonic
  mean of the two averages. Edge cases follow upstream ``evaluate.py``: a page whose prediction
  has no tokens is left out of the precision mean (and scores recall 0); a page where both sides
  are empty is left out of both means.
- WCXB (Web Content eXtraction Benchmark, Murrough Foley, 2026, CC-BY-4.0): lower-cased word
  bags, per-page precision, recall and F1, each averaged over pages. A page whose ground truth
  has no words is left out (its recall is undefined); an empty prediction scores 0 everywhere.

Plus WCXB's snippet checks and metadata matches (title, author names, publication day).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")
SHINGLE_SIZE = 4


@dataclass(frozen=True)
class PageScores:
    """Precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class MeanScores:
    """Averaged precision, recall and F1 over ``pages`` scored pages."""

    precision: float
    recall: float
    f1: float
    pages: int


@dataclass(frozen=True)
class ShingleCounts:
    """One page's AEB tp, fp and fn, each divided by their sum (all 0 when both texts are empty)."""

    tp: float
    fp: float
    fn: float


# --- AEB official metric -------------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles of case-sensitive ``\\w+`` tokens (short text: one)."""
    tokens = _WORD_RE.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def shingle_counts(true: str, pred: str) -> ShingleCounts:
    """Normalised tp/fp/fn of one page's predicted shingles against the true ones."""
    true_bag, pred_bag = shingles(true), shingles(pred)
    tp = float(sum((true_bag & pred_bag).values()))
    fp = float(sum((pred_bag - true_bag).values()))
    fn = float(sum((true_bag - pred_bag).values()))
    total = tp + fp + fn
    if total == 0:
        return ShingleCounts(0.0, 0.0, 0.0)
    return ShingleCounts(tp / total, fp / total, fn / total)


def _ratio_or_one(hits: float, misses: float, other_misses: float) -> float:
    """hits/(hits+misses) as upstream: 1 for an exact match, 0 when there are no hits."""
    if misses == other_misses == 0:
        return 1.0
    if hits == misses == 0:
        return 0.0
    return hits / (hits + misses)


def aeb_scores(counts: Sequence[ShingleCounts]) -> MeanScores:
    """AEB precision/recall means over pages and F1 as their harmonic mean."""
    precisions = [_ratio_or_one(c.tp, c.fp, c.fn) for c in counts if c.tp + c.fp > 0]
    recalls = [_ratio_or_one(c.tp, c.fn, c.fp) for c in counts if c.tp + c.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = _harmonic(precision, recall)
    return MeanScores(precision, recall, f1, pages=len(counts))


def aeb_page_scores(counts: ShingleCounts) -> PageScores | None:
    """One page's AEB P, R and F1 (to list pages); None when both texts are empty."""
    if counts.tp + counts.fp + counts.fn == 0:
        return None
    precision = _ratio_or_one(counts.tp, counts.fp, counts.fn)
    recall = _ratio_or_one(counts.tp, counts.fn, counts.fp)
    return PageScores(precision, recall, _harmonic(precision, recall))


# --- WCXB word-bag metric -----------------------------------------------------------------


def word_bag(text: str) -> Counter[str]:
    """Multiset of lower-cased ``\\w+`` words."""
    return Counter(_WORD_RE.findall((text or "").lower()))


def word_bag_scores(true: str, pred: str) -> PageScores | None:
    """One page's word-bag P/R/F1; None when the ground truth has no words (page not scored)."""
    true_bag = word_bag(true)
    if not true_bag:
        return None
    pred_bag = word_bag(pred)
    overlap = sum((true_bag & pred_bag).values())
    precision = overlap / sum(pred_bag.values()) if pred_bag else 0.0
    recall = overlap / sum(true_bag.values())
    return PageScores(precision, recall, _harmonic(precision, recall))


def mean_scores(pages: Iterable[PageScores | None]) -> MeanScores:
    """Mean P, R and F1 over the scored pages (None entries are skipped)."""
    scored = [page for page in pages if page is not None]
    if not scored:
        return MeanScores(0.0, 0.0, 0.0, pages=0)
    return MeanScores(
        precision=statistics.fmean(page.precision for page in scored),
        recall=statistics.fmean(page.recall for page in scored),
        f1=statistics.fmean(page.f1 for page in scored),
        pages=len(scored),
    )


def _harmonic(precision: float, recall: float) -> float:
    """Harmonic mean of two ratios, 0 when both are 0."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


# --- WCXB snippets and metadata ------------------------------------------------------------


def fold(text: str) -> str:
    """Fold case and runs of whitespace (nothing else, as the README's measured figures do)."""
    return _SPACE_RE.sub(" ", text.casefold()).strip()


def snippet_hits(
    pred: str, with_snippets: Sequence[str], without_snippets: Sequence[str]
) -> tuple[int, int]:
    """Counts of ``with`` snippets present and ``without`` snippets absent (folded) in ``pred``."""
    folded = fold(pred)
    present = sum(1 for snippet in with_snippets if fold(snippet) in folded)
    absent = sum(1 for snippet in without_snippets if fold(snippet) not in folded)
    return present, absent


def title_matches(true: str, pred: str | None) -> bool:
    """Whether the predicted title equals the true one after folding case and spaces."""
    return pred is not None and fold(pred) == fold(true)


# Separators between several names in one annotation ("A, B and C", "A & B; C") or in a
# prediction (trafilatura joins names with "; "). Splitting on commas also splits off credentials
# ("Jane Doe, MD"), so such annotations only match a prediction that lists the same credentials;
# this reproduces the README's trafilatura figure (0.647 of 553).
_NAME_SEPARATOR_RE = re.compile(r"\s*(?:;|,|&|\band\b)\s*", re.IGNORECASE)


def split_names(authors: str | Sequence[str] | None) -> frozenset[str]:
    """Folded set of names in an author string (``;``/``,``/``&``/``and``-separated) or list."""
    if authors is None:
        return frozenset()
    parts = [authors] if isinstance(authors, str) else list(authors)
    pieces = (fold(piece) for part in parts for piece in _NAME_SEPARATOR_RE.split(part))
    return frozenset(piece for piece in pieces if piece)


def authors_match(true: str, pred: str | Sequence[str] | None) -> bool:
    """Whether the predicted author names, as a folded set, equal the annotated ones."""
    return bool(pred) and split_names(pred) == split_names(true)


def parse_day(value: str) -> tuple[int, ...] | None:
    """(year, month[, day]) of an ISO-like date annotation such as ``2024-05-31`` or ``2003-11``."""
    match = re.match(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", value)
    if not match:
        return None
    return tuple(int(group) for group in match.groups() if group is not None)


def predicted_day(pred: datetime | date | str | None) -> date | None:
    """Calendar day of a prediction: aware datetimes are taken in UTC, strings parsed as ISO."""
    if pred is None:
        return None
    if isinstance(pred, str):
        parts = parse_day(pred)
        if parts is None or len(parts) < 3:
            return None
        try:
            return date(*parts[:3])
        except ValueError:
            return None
    if isinstance(pred, datetime):
        return pred.astimezone(UTC).date() if pred.tzinfo else pred.date()
    return pred


def date_matches(true: str, pred: datetime | date | str | None) -> bool:
    """Same day as the annotation (same month when the annotation only gives a month)."""
    truth, day = parse_day(true), predicted_day(pred)
    if truth is None or day is None:
        return False
    return (day.year, day.month, day.day)[: len(truth)] == truth
