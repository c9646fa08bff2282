"""What the benchmark scripts share: running an extractor with timing, and reporting scores."""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from benchmarks.bench_data import DEFAULT_BENCH_DIR, BenchPage
from benchmarks.metrics import MeanScores, PageScores

T = TypeVar("T")
InputFormat = Literal["html", "text"]


@dataclass(frozen=True)
class Extraction:
    """What one system returned for one page, in the fields the metrics read."""

    text: str
    title: str | None = None
    authors: str | tuple[str, ...] | None = None
    published: datetime | date | str | None = None
    reject_reason: str | None = None  # set when our pipeline rejected the page (text is "")
    published_text: str | None = None  # ours: the page's text the date was read from
    removed: tuple[tuple[str, str], ...] = ()  # ours: (kind, text) of what the cleaning took


@dataclass(frozen=True)
class TimedRun:
    """Extractions of a list of pages and the seconds spent inside the extractor calls only."""

    extractions: list[Extraction]
    seconds: float

    @property
    def pages_per_second(self) -> float:
        """Throughput of the timed calls."""
        return len(self.extractions) / self.seconds if self.seconds else 0.0

    @property
    def rejects(self) -> dict[str, int]:
        """Count of rejected pages per reason."""
        return dict(Counter(e.reject_reason for e in self.extractions if e.reject_reason))


def from_pipeline_result(result: object) -> Extraction:
    """An ``Article`` as its fields, a ``Reject`` as empty text with its reason."""
    text = getattr(result, "text", None)
    if not isinstance(text, str):
        return Extraction(text="", reject_reason=str(getattr(result, "reason", "unknown")))
    return Extraction(
        text=text,
        title=getattr(result, "title", None),
        authors=tuple(getattr(result, "authors", ()) or ()),
        published=getattr(result, "published_at", None),
        published_text=getattr(result, "published_text", None),
        removed=tuple((r.kind, r.text) for r in getattr(result, "removed", ())),
    )


def peak_rss(pid: int | str = "self") -> int | None:
    """A process's peak resident set so far (VmHWM) in bytes; None for a zombie or a process
    that is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(errors="replace")
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else None


def run_pipeline(raw: bytes, source: str, input_format: InputFormat, url: str | None) -> Extraction:
    """Our ``process_page`` on one input; an exception is re-raised naming the page."""
    from extractors.pipeline import process_page  # the core, imported only when measured

    try:
        result = process_page(raw, source, input_format=input_format, url=url)
    except Exception as exc:
        raise RuntimeError(f"process_page raised on {source}") from exc
    return from_pipeline_result(result)


def warm_up_pipeline() -> None:
    """Run ``process_page`` outside any timing, so lazy imports and models load first."""
    from extractors.pipeline import warm_up  # the core, imported only when measured

    warm_up()


def timed_map(extract: Callable[[T], Extraction], inputs: Sequence[T]) -> TimedRun:
    """Apply ``extract`` to every input, timing only the calls themselves."""
    extractions: list[Extraction] = []
    seconds = 0.0
    for item in inputs:
        start = time.perf_counter()
        extractions.append(extract(item))
        seconds += time.perf_counter() - start
    return TimedRun(extractions, seconds)


def scores_dict(scores: MeanScores) -> dict[str, float | int]:
    """Mean scores as a plain dict."""
    return {
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "pages": scores.pages,
    }


def worst_pages(
    pages: Sequence[BenchPage], scores: Sequence[PageScores | None], count: int
) -> list[dict[str, Any]]:
    """The ``count`` scored pages with the lowest F1, worst first."""
    scored = [(page, score) for page, score in zip(pages, scores, strict=True) if score is not None]
    scored.sort(key=lambda pair: (pair[1].f1, pair[0].id))
    return [
        {"id": page.id, "precision": score.precision, "recall": score.recall, "f1": score.f1}
        for page, score in scored[:count]
    ]


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark script takes."""
    parser.add_argument(
        "--bench", type=Path, default=DEFAULT_BENCH_DIR, help="benchmark data directory"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages per set")
    parser.add_argument(
        "--sample", action="store_true", help="only a fixed sample of pages per set (quick run)"
    )
    parser.add_argument(
        "--worst", type=int, default=10, metavar="N", help="list the N pages with the lowest F1"
    )


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned text table; floats shown with 3 decimals."""
    cells = [[_cell(value) for value in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: object) -> str:
    """One table cell as text."""
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def format_rate(pages_per_second: float | None) -> str:
    """Throughput with one decimal, blank when not measured."""
    return "" if pages_per_second is None else f"{pages_per_second:.1f}"


def format_worst(title: str, worst: Sequence[dict[str, Any]]) -> str:
    """The worst pages of one run as a small table under a title."""
    rows = [(w["id"], w["precision"], w["recall"], w["f1"]) for w in worst]
    return f"{title}\n{format_table(('id', 'P', 'R', 'F1'), rows)}"
