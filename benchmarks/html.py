"""Measure the HTML path against the shared benchmarks, with trafilatura alone as reference.

Runs ``process_page(html, source, input_format="html", url=...)`` and, in the same run,
trafilatura 2.x (``bare_extraction(include_comments=False, with_metadata=True)``) on ``aeb``
and ``wcxb-dev-articles``. Reports the AEB official metric, WCXB's word-bag metric and snippet
shares, title/author/date accuracy on WCXB, and pages/s of each system.

Timing: the two systems run page by page in alternating order, after both have warmed up on
the set's first pages, so neither pays the other's lazy loading and a change in machine load
hits both alike. Dates: WCXB annotates the publication day as the page states it (local
time); trafilatura returns that local day, ours an instant in UTC (``published_at``) whose
source text keeps the page's offset, so ours is compared on the day that text states
(``date``) and, for reference, on the UTC day (``date_utc``).

Credits: article-extraction-benchmark (Scrapinghub/Zyte, MIT); WCXB, the Web Content
eXtraction Benchmark (Murrough Foley, 2026, CC-BY-4.0).

    python -m benchmarks.html [--bench DIR] [--limit N] [--sample] [--worst N]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura import external as trafilatura_external

from benchmarks.bench_data import AEB, DEFAULT_BENCH_DIR, WCXB, BenchPage, load_set
from benchmarks.harness import (
    Extraction,
    TimedRun,
    add_common_arguments,
    format_rate,
    format_table,
    format_worst,
    from_pipeline_result,
    scores_dict,
    warm_up_pipeline,
    worst_pages,
)
from benchmarks.metrics import (
    aeb_page_scores,
    aeb_scores,
    authors_match,
    date_matches,
    mean_scores,
    shingle_counts,
    snippet_hits,
    title_matches,
    word_bag_scores,
)

Figures = dict[str, Any]


# An ISO date-time with an explicit offset, as a page states it: "2024-02-12T22:30:00-05:00".
_STATED_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*[+-]\d{2}:?\d{2}\b"
)
# How many of a set's first pages each system runs untimed before the timed run.
WARM_UP_PAGES = 3


def stated_day(published_text: str | None, published_at: datetime | None) -> date | None:
    """The publication day as the page states it: the local date of a date-time with an
    offset in ``published_text`` ("json-ld datePublished: 2024-02-12T22:30:00-05:00" ->
    2024-02-12), else the day of ``published_at``."""
    m = _STATED_DATETIME.search(published_text or "")
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return published_at.date() if published_at else None


def _run_ours(page: BenchPage) -> tuple[Extraction, Extraction]:
    """Our pipeline on the page's HTML bytes: the extraction with the stated day, and with
    the UTC day of ``published_at``."""
    from extractors.pipeline import process_page  # the core, imported only when measured

    source = f"{page.set_name}/{page.id}.html"
    try:
        result = process_page(page.html, source, input_format="html", url=page.url)
    except Exception as exc:
        raise RuntimeError(f"process_page raised on {source}") from exc
    utc = from_pipeline_result(result)
    published_at = getattr(result, "published_at", None)
    day = stated_day(getattr(result, "published_text", None), published_at)
    return Extraction(utc.text, utc.title, utc.authors, day, utc.reject_reason), utc


def trafilatura_alone(page: BenchPage) -> Extraction:
    """trafilatura 2.x with metadata and without comments, as the README measured it."""
    document = trafilatura.bare_extraction(
        page.html.decode("utf-8", errors="replace"),
        url=page.url,
        include_comments=False,
        with_metadata=True,
    )
    if document is None or isinstance(document, dict):
        return Extraction(text="")
    return Extraction(
        text=document.text or "",
        title=document.title,
        authors=document.author,
        published=document.date,
    )


def _accuracy(hits: Sequence[bool]) -> Figures:
    """Share of true values among annotated pages, with that denominator."""
    return {"accuracy": sum(hits) / len(hits) if hits else 0.0, "pages": len(hits)}


def _aeb_figures(pages: Sequence[BenchPage], run: TimedRun, worst: int) -> Figures:
    """AEB official metric (and word bags, for comparison with the text path)."""
    extractions = run.extractions
    counts = [shingle_counts(p.true_text, e.text) for p, e in zip(pages, extractions, strict=True)]
    words = [word_bag_scores(p.true_text, e.text) for p, e in zip(pages, extractions, strict=True)]
    return {
        "aeb": scores_dict(aeb_scores(counts)),
        "word_bag": scores_dict(mean_scores(words)),
        "worst": worst_pages(pages, [aeb_page_scores(c) for c in counts], worst),
    }


def _snippet_figures(pages: Sequence[BenchPage], extractions: Sequence[Extraction]) -> Figures:
    """Pooled shares of ``with`` snippets found and ``without`` snippets absent."""
    present = absent = wanted = unwanted = 0
    for page, extraction in zip(pages, extractions, strict=True):
        found, missing = snippet_hits(extraction.text, page.with_snippets, page.without_snippets)
        present, absent = present + found, absent + missing
        wanted, unwanted = wanted + len(page.with_snippets), unwanted + len(page.without_snippets)
    return {
        "with_share": present / wanted if wanted else 0.0,
        "with_snippets": wanted,
        "without_share": absent / unwanted if unwanted else 0.0,
        "without_snippets": unwanted,
    }


def _metadata_figures(
    pages: Sequence[BenchPage],
    extractions: Sequence[Extraction],
    utc: Sequence[Extraction] | None = None,
) -> Figures:
    """Title, author and date accuracy over the pages annotated with each."""
    pairs = list(zip(pages, extractions, strict=True))
    figures = {
        "title": _accuracy([title_matches(p.title, e.title) for p, e in pairs if p.title]),
        "author": _accuracy([authors_match(p.author, e.authors) for p, e in pairs if p.author]),
        "date": _accuracy(
            [date_matches(p.published, e.published) for p, e in pairs if p.published]
        ),
    }
    if utc is not None:
        figures["date_utc"] = _accuracy(
            [
                date_matches(p.published, e.published)
                for p, e in zip(pages, utc, strict=True)
                if p.published
            ]
        )
    return figures


def _wcxb_figures(
    pages: Sequence[BenchPage], run: TimedRun, worst: int, utc: Sequence[Extraction] | None
) -> Figures:
    """WCXB word bags, snippet shares and metadata accuracy."""
    extractions = run.extractions
    words = [word_bag_scores(p.true_text, e.text) for p, e in zip(pages, extractions, strict=True)]
    return {
        "word_bag": scores_dict(mean_scores(words)),
        **_snippet_figures(pages, extractions),
        **_metadata_figures(pages, extractions, utc),
        "worst": worst_pages(pages, words, worst),
    }


def _warm_up(pages: Sequence[BenchPage]) -> None:
    """Run every system untimed on a set's first pages, and load trafilatura's justext
    stoplists (a one-time cost that falls on whichever system first needs them)."""
    if trafilatura_external.JT_STOPLIST is None:
        trafilatura_external.jt_stoplist_init()
    for page in pages[:WARM_UP_PAGES]:
        _run_ours(page)
        trafilatura_alone(page)


def _timed_runs(pages: Sequence[BenchPage]) -> tuple[dict[str, TimedRun], list[Extraction]]:
    """Both systems page by page, in alternating order, each call timed; and ours with the
    UTC day of ``published_at``."""
    calls: dict[str, list[Extraction]] = {"ours": [], "trafilatura": []}
    seconds = {"ours": 0.0, "trafilatura": 0.0}
    utc: list[Extraction] = []
    for index, page in enumerate(pages):
        order = ("ours", "trafilatura") if index % 2 == 0 else ("trafilatura", "ours")
        for system in order:
            start = time.perf_counter()
            if system == "ours":
                stated, at_utc = _run_ours(page)
            else:
                extraction = trafilatura_alone(page)
            seconds[system] += time.perf_counter() - start
            if system == "ours":
                calls["ours"].append(stated)
                utc.append(at_utc)
            else:
                calls["trafilatura"].append(extraction)
    return {name: TimedRun(calls[name], seconds[name]) for name in calls}, utc


def _measure(set_name: str, pages: Sequence[BenchPage], worst: int) -> dict[str, Figures]:
    """Figures of every system on one set."""
    _warm_up(pages)
    runs, utc = _timed_runs(pages)
    figures: dict[str, Figures] = {}
    for system, run in runs.items():
        count = worst if system == "ours" else 0
        scored = (
            _aeb_figures(pages, run, count)
            if set_name == AEB
            else _wcxb_figures(pages, run, count, utc if system == "ours" else None)
        )
        figures[system] = {
            **scored,
            "pages_per_second": run.pages_per_second,
            "rejects": run.rejects,
        }
    return figures


def run(
    bench_dir: Path = DEFAULT_BENCH_DIR,
    sample: bool = False,
    limit: int | None = None,
    worst: int = 10,
) -> dict[str, dict[str, Figures]]:
    """Figures as ``{set: {system: {...}}}``; see ``_aeb_figures`` and ``_wcxb_figures``."""
    warm_up_pipeline()
    return {
        set_name: _measure(
            set_name, load_set(set_name, bench_dir, sample=sample, limit=limit), worst
        )
        for set_name in (AEB, WCXB)
    }


def _text_table(results: dict[str, dict[str, Figures]]) -> str:
    """Text scores of every set and system."""
    rows = []
    for set_name, systems in results.items():
        metrics = ("aeb", "word_bag") if set_name == AEB else ("word_bag",)
        for system, fig in systems.items():
            for metric in metrics:
                scores = fig[metric]
                rows.append(
                    (
                        set_name,
                        system,
                        "AEB official" if metric == "aeb" else "word bag",
                        scores["precision"],
                        scores["recall"],
                        scores["f1"],
                        scores["pages"],
                        format_rate(fig["pages_per_second"]),
                        ", ".join(f"{r} {n}" for r, n in sorted(fig["rejects"].items())),
                    )
                )
    header = ("set", "system", "metric", "P", "R", "F1", "pages", "pages/s", "rejects")
    return format_table(header, rows)


def _wcxb_table(systems: dict[str, Figures]) -> str:
    """Snippet shares and metadata accuracy on WCXB."""
    rows = [
        (
            system,
            f"{fig['with_share']:.3f} of {fig['with_snippets']}",
            f"{fig['without_share']:.3f} of {fig['without_snippets']}",
            *(
                f"{fig[k]['accuracy']:.3f} of {fig[k]['pages']}"
                for k in ("title", "author", "date")
            ),
        )
        for system, fig in systems.items()
    ]
    header = ("system", "with found", "without absent", "title", "author", "date")
    table = format_table(header, rows)
    utc = systems.get("ours", {}).get("date_utc")
    if utc:
        share, count = utc["accuracy"], utc["pages"]
        table += f"\n(ours, date on the UTC day of published_at: {share:.3f} of {count})"
    return table


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the text and metadata tables and our worst pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    results = run(args.bench, sample=args.sample, limit=args.limit, worst=args.worst)
    print("HTML path: ours against trafilatura alone")
    print(_text_table(results))
    if WCXB in results:
        print()
        print(f"{WCXB}: snippets and metadata (WCXB, Foley 2026, CC-BY-4.0)")
        print(_wcxb_table(results[WCXB]))
    for set_name, systems in results.items():
        if systems["ours"]["worst"]:
            print()
            print(format_worst(f"worst pages (ours): {set_name}", systems["ours"]["worst"]))


if __name__ == "__main__":
    main()
