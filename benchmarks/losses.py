"""Where the HTML path loses article text that trafilatura alone keeps, page by page.

A page is listed when our word-bag recall is more than ``LISTED_GAP`` below trafilatura
alone's in the same run. Its lost sentences are the ground truth's sentences that
trafilatura alone's text holds and ours does not; each is put down to what took it:

- ``reject:<reason>``: the page became a reject;
- ``extraction``: it is not in the text our extraction step gave the cleaning (the mode it
  chose, recall or balanced, and the retry between them; see ``extractors.html.extract``);
- a ``removed`` kind: the chrome rule that took it (``duplicate`` is the repeat rule);
- ``fewer copies``: nothing is missing but a sentence the ground truth holds several times;
- ``other``: none of these (a sentence cut in part).

A page's cause is the cause of most of its lost words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from benchmarks.bench_data import BenchPage
from benchmarks.harness import Extraction, format_table
from benchmarks.metrics import fold, word_bag_scores

# Pages listed: our recall this far below trafilatura alone's; the target counts the pages
# LARGE_GAP below, and the rejects of pages where trafilatura alone gives LARGE_TEXT words.
LISTED_GAP = 0.02
LARGE_GAP = 0.05
LARGE_TEXT = 100
# Ground-truth sentences shorter than this are not looked for (labels, figures).
SENTENCE_MIN_WORDS = 4
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass
class PageLoss:
    """One listed page: both recalls, the cause of most lost words, the lost sentences."""

    page_id: str
    ours: float
    trafilatura: float
    cause: str
    sentences: list[tuple[str, str]] = field(default_factory=list)  # (cause, sentence)


def sentences_of(text: str) -> list[str]:
    """The sentences of ``text`` of SENTENCE_MIN_WORDS words or more, folded."""
    pieces = (fold(piece) for piece in _SENTENCE_END.split(text))
    return [piece for piece in pieces if len(piece.split()) >= SENTENCE_MIN_WORDS]


def _cause(sentence: str, ours: Extraction, extracted: str) -> str:
    """What took one lost sentence (see the module's docstring)."""
    if ours.reject_reason:
        return f"reject:{ours.reject_reason}"
    if sentence not in extracted:
        return "extraction"
    for kind, text in ours.removed:
        removed = fold(text)
        if len(removed.split()) >= SENTENCE_MIN_WORDS and (
            removed in sentence or sentence in removed
        ):
            return kind
    return "other"


def page_loss(
    page: BenchPage,
    ours: Extraction,
    trafilatura: Extraction,
    extracted: Callable[[], list[str]],
) -> PageLoss | None:
    """The page's loss when our recall is more than LISTED_GAP below trafilatura alone's;
    ``extracted`` gives our extraction step's blocks (called only then)."""
    mine, theirs = (word_bag_scores(page.true_text, e.text) for e in (ours, trafilatura))
    if mine is None or theirs is None or mine.recall >= theirs.recall - LISTED_GAP:
        return None
    kept, found = fold(ours.text), fold(trafilatura.text)
    blocks = fold("\n".join(extracted())) if not ours.reject_reason else ""
    lost = [s for s in sentences_of(page.true_text) if s in found and s not in kept]
    sentences = [(_cause(s, ours, blocks), s) for s in dict.fromkeys(lost)]
    words: Counter[str] = Counter()
    for cause, sentence in sentences:
        words[cause] += len(sentence.split())
    if words:
        cause = words.most_common(1)[0][0]
    elif ours.reject_reason:
        cause = f"reject:{ours.reject_reason}"
    else:
        copies = any(kind == "duplicate" for kind, _ in ours.removed)
        cause = "fewer copies" if copies else "other"
    return PageLoss(page.id, mine.recall, theirs.recall, cause, sentences)


def loss_figures(
    pages: Sequence[BenchPage],
    ours: Sequence[Extraction],
    trafilatura: Sequence[Extraction],
    extracted: Callable[[BenchPage], list[str]],
) -> dict[str, object]:
    """The target's measures on one set, and the listed pages."""
    gaps, large_rejects = 0, 0
    losses = []
    for page, mine, theirs in zip(pages, ours, trafilatura, strict=True):
        loss = page_loss(page, mine, theirs, functools.partial(extracted, page))
        if loss is not None:
            losses.append(loss)
            gaps += loss.ours < loss.trafilatura - LARGE_GAP
        large_rejects += bool(mine.reject_reason) and len(theirs.text.split()) >= LARGE_TEXT
    losses.sort(key=lambda loss: (loss.ours - loss.trafilatura, loss.page_id))
    return {
        "pages": len(pages),
        "large_gaps": gaps,
        "large_rejects": large_rejects,
        "causes": Counter(loss.cause for loss in losses),
        "losses": losses,
    }


def format_losses(set_name: str, figures: dict[str, object], sentences: int = 1) -> str:
    """The loss report of one set: its summary line and a row per listed page, with up to
    ``sentences`` of its lost sentences."""
    losses: list[PageLoss] = figures["losses"]  # type: ignore[assignment]
    causes: Counter[str] = figures["causes"]  # type: ignore[assignment]
    pages = int(figures["pages"])  # type: ignore[call-overload]
    large = int(figures["large_gaps"])  # type: ignore[call-overload]
    summary = (
        f"{set_name}: {len(losses)} pages more than {LISTED_GAP} recall below trafilatura "
        f"alone, {large} more than {LARGE_GAP} ({large / max(pages, 1):.1%} of {pages}); "
        f"{figures['large_rejects']} rejects where trafilatura alone gives {LARGE_TEXT} words "
        f"or more. Causes: {', '.join(f'{c} {n}' for c, n in causes.most_common()) or 'none'}"
    )
    rows = []
    for loss in losses:
        lost = [f"[{cause}] {text[:100]}" for cause, text in loss.sentences[:sentences]]
        rows.append((loss.page_id[:16], loss.ours, loss.trafilatura, loss.cause, " | ".join(lost)))
    header = ("id", "R ours", "R trafilatura", "cause", "lost sentences")
    return summary + ("\n" + format_table(header, rows) if rows else "")
