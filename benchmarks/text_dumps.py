"""Measure the text path on whole-page text dumps rendered from the benchmark pages.

Every page of ``aeb`` and ``wcxb-dev-articles`` is rendered as a naive scraper would (two
styles: a blank line between blocks, or one newline), then cleaned by
``process_page(dump, source, input_format="text")``; a ``Reject`` counts as empty text. Scored
with WCXB's word-bag metric on both sets, beside two floors: the raw dump and C4's line rules.

    python -m benchmarks.text_dumps [--bench DIR] [--limit N] [--sample] [--worst N]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench_data import DEFAULT_BENCH_DIR, SET_NAMES, BenchPage, load_set
from benchmarks.floors import c4_line_filter
from benchmarks.harness import (
    Extraction,
    TimedRun,
    add_common_arguments,
    format_rate,
    format_table,
    format_worst,
    run_pipeline,
    scores_dict,
    timed_map,
    warm_up_pipeline,
    worst_pages,
)
from benchmarks.metrics import PageScores, mean_scores, word_bag_scores
from benchmarks.render import DumpStyle, render_dump
from extractors.text.clean import clear_line_caches

SYSTEMS = ("ours", "raw dump", "c4 lines")


def _dump_extractor(set_name: str, style: DumpStyle) -> Callable[[tuple[str, str]], Extraction]:
    """Our text path over one (page id, dump) pair."""

    def extract(item: tuple[str, str]) -> Extraction:
        page_id, dump = item
        source = f"{set_name}/{page_id}.{style.value}.txt"
        return run_pipeline(dump.encode("utf-8"), source, "text", None)

    return extract


def _raw_dump(item: tuple[str, str]) -> Extraction:
    """Floor: the whole dump kept."""
    return Extraction(text=item[1])


def _c4_lines(item: tuple[str, str]) -> Extraction:
    """Floor: the dump's lines that pass C4's line rules."""
    return Extraction(text=c4_line_filter(item[1]))


def _page_scores(pages: Sequence[BenchPage], run: TimedRun) -> list[PageScores | None]:
    """Word-bag scores of each page's extraction."""
    return [
        word_bag_scores(page.true_text, extraction.text)
        for page, extraction in zip(pages, run.extractions, strict=True)
    ]


def _measure(
    set_name: str, pages: Sequence[BenchPage], style: DumpStyle, worst: int
) -> dict[str, dict[str, Any]]:
    """Scores and throughput of ours and both floors on one set rendered in one style."""
    items = [(page.id, render_dump(page.html, style)) for page in pages]
    extractors = (_dump_extractor(set_name, style), _raw_dump, _c4_lines)
    figures: dict[str, dict[str, Any]] = {}
    for system, extract in zip(SYSTEMS, extractors, strict=True):
        clear_line_caches()  # each style starts cold: the other style has met the same lines
        run = timed_map(extract, items)
        scores = _page_scores(pages, run)
        figures[system] = {
            **scores_dict(mean_scores(scores)),
            "pages_per_second": run.pages_per_second if system == "ours" else None,
            "rejects": run.rejects,
            "worst": worst_pages(pages, scores, worst) if system == "ours" else [],
        }
    return figures


def run(
    bench_dir: Path = DEFAULT_BENCH_DIR,
    sample: bool = False,
    limit: int | None = None,
    worst: int = 10,
) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """Figures as ``{set: {style: {system: {precision, recall, f1, pages, ...}}}}``."""
    results: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    warm_up_pipeline()
    for set_name in SET_NAMES:
        pages = load_set(set_name, bench_dir, sample=sample, limit=limit)
        results[set_name] = {
            style.value: _measure(set_name, pages, style, worst) for style in DumpStyle
        }
    return results


def _table(results: dict[str, dict[str, dict[str, dict[str, Any]]]]) -> str:
    """The figures of every set, style and system as one table."""
    rows = [
        (
            set_name,
            style,
            system,
            fig["precision"],
            fig["recall"],
            fig["f1"],
            fig["pages"],
            format_rate(fig["pages_per_second"]),
            ", ".join(f"{reason} {n}" for reason, n in sorted(fig["rejects"].items())),
        )
        for set_name, styles in results.items()
        for style, systems in styles.items()
        for system, fig in systems.items()
    ]
    header = ("set", "style", "system", "P", "R", "F1", "pages", "pages/s", "rejects")
    return format_table(header, rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the word-bag table and the worst pages of our text path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    results = run(args.bench, sample=args.sample, limit=args.limit, worst=args.worst)
    print("Text path on rendered page dumps, word-bag metric (WCXB, Foley 2026, CC-BY-4.0)")
    print(_table(results))
    for set_name, styles in results.items():
        for style, systems in styles.items():
            if systems["ours"]["worst"]:
                print()
                print(format_worst(f"worst pages: {set_name}, {style}", systems["ours"]["worst"]))


if __name__ == "__main__":
    main()
