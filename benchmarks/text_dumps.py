"""Measure the text path on whole-page text dumps rendered from the benchmark pages.

Every page of ``aeb`` and ``wcxb-dev-articles`` is rendered to a whole-page dump by each
renderer of ``benchmarks.render.Renderer`` (ours in two styles, a blank line or one newline
between blocks; BeautifulSoup's ``get_text``; inscriptis; html2text unwrapped and wrapped; ours
hard-wrapped at 72, 80 and 100 columns as a text browser prints it), then cleaned by
``process_page(dump, source, input_format="text")``; a ``Reject`` counts as empty text. Scored
with WCXB's word-bag metric on both sets, beside two floors: the raw dump and C4's line rules.

    python -m benchmarks.text_dumps [--renderer NAME[,NAME]]... [--bench DIR] [--limit N]
        [--sample] [--worst N]
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
from benchmarks.render import MissingRendererError, Renderer, render
from extractors.text.clean import clear_line_caches

SYSTEMS = ("ours", "raw dump", "c4 lines")
# What ``run`` measures unless told otherwise: our two dump styles, as the eval gate reads them.
OURS_RENDERERS = (Renderer.OURS_BLANK, Renderer.OURS_NEWLINE)
Results = dict[str, dict[str, dict[str, dict[str, Any]]]]


def _dump_extractor(set_name: str, renderer: Renderer) -> Callable[[tuple[str, str]], Extraction]:
    """Our text path over one (page id, dump) pair."""

    def extract(item: tuple[str, str]) -> Extraction:
        page_id, dump = item
        source = f"{set_name}/{page_id}.{renderer.key}.txt"
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
    set_name: str, pages: Sequence[BenchPage], renderer: Renderer, worst: int
) -> dict[str, dict[str, Any]]:
    """Scores and throughput of ours and both floors on one set rendered by one renderer."""
    items = [(page.id, render(page.html, renderer)) for page in pages]
    extractors = (_dump_extractor(set_name, renderer), _raw_dump, _c4_lines)
    figures: dict[str, dict[str, Any]] = {}
    for system, extract in zip(SYSTEMS, extractors, strict=True):
        clear_line_caches()  # each renderer starts cold: the others have met the same lines
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
    renderers: Sequence[Renderer] = OURS_RENDERERS,
) -> Results:
    """Figures as ``{set: {key: {system: {precision, recall, f1, pages, ...}}}}``, where the key
    is ``Renderer.key``: "blank" and "newline" for our two styles, the renderer's name else."""
    results: Results = {}
    warm_up_pipeline()
    for set_name in SET_NAMES:
        pages = load_set(set_name, bench_dir, sample=sample, limit=limit)
        results[set_name] = {
            renderer.key: _measure(set_name, pages, renderer, worst) for renderer in renderers
        }
    return results


def _renderer_name(key: str) -> str:
    """A result key's renderer name ("blank" is "ours-blank")."""
    return next((r.value for r in Renderer if r.key == key), key)


def _table(results: Results) -> str:
    """One row per set and renderer: our scores beside both floors' F1, our rate and rejects."""
    rows = [
        (
            set_name,
            _renderer_name(key),
            systems["ours"]["precision"],
            systems["ours"]["recall"],
            systems["ours"]["f1"],
            systems["raw dump"]["f1"],
            systems["c4 lines"]["f1"],
            systems["ours"]["pages"],
            format_rate(systems["ours"]["pages_per_second"]),
            ", ".join(f"{reason} {n}" for reason, n in sorted(systems["ours"]["rejects"].items())),
        )
        for set_name, by_renderer in results.items()
        for key, systems in by_renderer.items()
    ]
    header = (
        "set",
        "renderer",
        "P",
        "R",
        "F1",
        "raw dump F1",
        "c4 lines F1",
        "pages",
        "pages/s",
        "rejects",
    )
    return format_table(header, rows)


def parse_renderers(values: Sequence[str] | None) -> list[Renderer]:
    """Renderers named by ``--renderer`` values (each a name, a comma list or "all"), in the
    enum's order; all of them when none is named. Raises ValueError on an unknown name."""
    if not values:
        return list(Renderer)
    names = {name.strip() for value in values for name in value.split(",") if name.strip()}
    if "all" in names:
        return list(Renderer)
    known = [r.value for r in Renderer]
    unknown = sorted(names.difference(known))
    if unknown:
        raise ValueError(f"unknown renderer {', '.join(unknown)} (known: {', '.join(known)})")
    return [r for r in Renderer if r.value in names]


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the word-bag table and the worst pages of our text path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    parser.add_argument(
        "--renderer",
        action="append",
        metavar="NAME",
        help="measure only these renderers (repeatable or a comma list; default all): "
        + ", ".join(r.value for r in Renderer),
    )
    args = parser.parse_args(argv)
    try:
        renderers = parse_renderers(args.renderer)
        for renderer in renderers:  # a missing library stops the run before any is measured
            render(b"<p>check</p>", renderer)
    except (ValueError, MissingRendererError) as exc:
        parser.error(str(exc))
    results = run(
        args.bench, sample=args.sample, limit=args.limit, worst=args.worst, renderers=renderers
    )
    print("Text path on rendered page dumps, word-bag metric (WCXB, Foley 2026, CC-BY-4.0)")
    print(_table(results))
    for set_name, by_renderer in results.items():
        for key, systems in by_renderer.items():
            if systems["ours"]["worst"]:
                title = f"worst pages: {set_name}, {_renderer_name(key)}"
                print()
                print(format_worst(title, systems["ours"]["worst"]))


if __name__ == "__main__":
    main()
