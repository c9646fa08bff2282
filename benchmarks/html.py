"""Measure the HTML path against the shared benchmarks, with trafilatura alone as reference.

Runs ``process_page(html, source, input_format="html", url=...)`` and, in the same run,
trafilatura 2.x (``bare_extraction(include_comments=False, with_metadata=True)``) on ``aeb``
and ``wcxb-dev-articles``. Reports the AEB official metric, WCXB's word-bag metric and snippet
shares, title/author/date accuracy on WCXB, and pages/s of each system.

Then a date table: same-day accuracy of the publication date of ours, htmldate alone
(``find_date(original_date=True, extensive_search=True)``) and trafilatura alone, each given
the page's url, on ``htmldate-mediacloud`` (all 200 pages, as its README scores them: no date,
a rejected page or a page annotated with no date is a miss) and on the ``wcxb-dev-articles``
pages annotated with a date (``metrics.date_matches``); ``--dates-only`` runs only that table,
``--misses N`` lists up to N pages per set where our day is wrong.

Timing: the systems run page by page, the order rotating from page to page (two alternate),
after all have warmed up on the set's first pages, so none pays another's lazy loading and a
change in machine load hits all alike. Dates: WCXB annotates the publication day as the page
states it (local time); trafilatura returns that local day, ours both the instant in UTC
(``published_at``) and that local day (``published_date``), so ours is compared on
``published_date`` (``date``) and, for reference, on the UTC day of ``published_at``
(``date_utc``).

Credits: article-extraction-benchmark (Scrapinghub/Zyte, MIT); WCXB, the Web Content
eXtraction Benchmark (Murrough Foley, 2026, CC-BY-4.0); htmldate's evaluation pages
(Adrien Barbaresi, Apache-2.0).

    python -m benchmarks.html [--bench DIR] [--limit N] [--sample] [--worst N]
                              [--dates-only] [--misses N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import htmldate
import trafilatura
from trafilatura import external as trafilatura_external

from benchmarks.bench_data import (
    AEB,
    DATE_SET_NAMES,
    DEFAULT_BENCH_DIR,
    MEDIACLOUD,
    WCXB,
    BenchPage,
    load_set,
)
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
from benchmarks.losses import LISTED_GAP, format_losses, loss_figures
from benchmarks.metrics import (
    aeb_page_scores,
    aeb_scores,
    authors_match,
    date_matches,
    mean_scores,
    predicted_day,
    shingle_counts,
    snippet_hits,
    title_matches,
    word_bag_scores,
)

Figures = dict[str, Any]
System = Callable[[BenchPage], Extraction]


# How many of a set's first pages each system runs untimed before the timed run.
WARM_UP_PAGES = 3


def our_day(result: object) -> date | None:
    """Our publication day of a pipeline result: the record's ``published_date`` (the day as
    the page states it, in its own zone); None for a reject."""
    published_date = getattr(result, "published_date", None)
    return published_date if isinstance(published_date, date) else None


def _run_ours(page: BenchPage) -> tuple[Extraction, Extraction]:
    """Our pipeline on the page's HTML bytes: the extraction with our day (``our_day``), and
    with the UTC day of ``published_at``."""
    from extractors.pipeline import process_page  # the core, imported only when measured

    source = f"{page.set_name}/{page.id}.html"
    try:
        result = process_page(page.html, source, input_format="html", url=page.url)
    except Exception as exc:
        raise RuntimeError(f"process_page raised on {source}") from exc
    utc = from_pipeline_result(result)
    return replace(utc, published=our_day(result)), utc


def ours_alone(page: BenchPage) -> Extraction:
    """Our pipeline on the page's HTML bytes, with our day."""
    return _run_ours(page)[0]


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


def htmldate_alone(page: BenchPage) -> Extraction:
    """htmldate's original publication date, extensive search on, as the README measured it."""
    day = htmldate.find_date(
        page.html.decode("utf-8", errors="replace"),
        url=page.url,
        original_date=True,
        extensive_search=True,
    )
    return Extraction(text="", published=day)


# The systems of the date table, in its order. trafilatura runs as in the text table:
# include_comments changes the text it keeps, not the date it reads.
DATE_SYSTEMS: Mapping[str, System] = {
    "ours": ours_alone,
    "htmldate": htmldate_alone,
    "trafilatura": trafilatura_alone,
}


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


def _warm_up(pages: Sequence[BenchPage], systems: Iterable[Callable[[BenchPage], object]]) -> None:
    """Run every system untimed on a set's first pages, and load trafilatura's justext
    stoplists (a one-time cost that falls on whichever system first needs them)."""
    if trafilatura_external.JT_STOPLIST is None:
        trafilatura_external.jt_stoplist_init()
    for page in pages[:WARM_UP_PAGES]:
        for system in systems:
            system(page)


def _interleaved_runs(
    pages: Sequence[BenchPage], systems: Mapping[str, System]
) -> dict[str, TimedRun]:
    """Every system page by page, each call timed; the order rotates from page to page, so
    each system goes first as often as the others (two systems alternate)."""
    names = list(systems)
    calls: dict[str, list[Extraction]] = {name: [] for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for index, page in enumerate(pages):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            calls[name].append(systems[name](page))
            seconds[name] += time.perf_counter() - start
    return {name: TimedRun(calls[name], seconds[name]) for name in names}


def _timed_runs(pages: Sequence[BenchPage]) -> tuple[dict[str, TimedRun], list[Extraction]]:
    """Both systems page by page, in alternating order, each call timed; and ours with the
    UTC day of ``published_at``."""
    utc: list[Extraction] = []

    def ours(page: BenchPage) -> Extraction:
        with_our_day, at_utc = _run_ours(page)
        utc.append(at_utc)
        return with_our_day

    return _interleaved_runs(pages, {"ours": ours, "trafilatura": trafilatura_alone}), utc


def _extracted(page: BenchPage) -> list[str]:
    """Our extraction step's blocks of the page, before the cleaning (``benchmarks.losses``)."""
    from extractors.html.extract import extracted_blocks  # the core, imported when measured
    from extractors.inputs.decoding import decode_page

    return extracted_blocks(decode_page(page.html, None, "html").text or "", page.url)


def _measure(set_name: str, pages: Sequence[BenchPage], worst: int) -> dict[str, Figures]:
    """Figures of every system on one set; ours with the loss report against trafilatura
    alone (``benchmarks.losses``)."""
    _warm_up(pages, (_run_ours, trafilatura_alone))
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
    figures["ours"]["losses"] = loss_figures(
        pages, runs["ours"].extractions, runs["trafilatura"].extractions, _extracted
    )
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


def _date_pages(set_name: str, pages: Sequence[BenchPage]) -> list[BenchPage]:
    """The pages a set's date accuracy is over: all of htmldate-mediacloud, as its README
    scores it (the 5 pages annotated with no date are misses whatever the answer), and the
    pages annotated with a date elsewhere."""
    if set_name == MEDIACLOUD:
        return list(pages)
    return [page for page in pages if page.published]


def _date_hit(page: BenchPage, extraction: Extraction) -> bool:
    """Whether a system's date falls on the page's annotated day (a page annotated with no
    date is a miss)."""
    return page.published is not None and date_matches(page.published, extraction.published)


def _our_answer(extraction: Extraction) -> str:
    """Our day as listed among the misses: the day, "rejected: <reason>" or "none"."""
    if extraction.reject_reason:
        return f"rejected: {extraction.reject_reason}"
    day = predicted_day(extraction.published)
    return day.isoformat() if day else "none"


def _date_misses(
    pages: Sequence[BenchPage], runs: Mapping[str, TimedRun], count: int
) -> list[dict[str, Any]]:
    """The first ``count`` pages where our day is wrong, with htmldate's answer beside it."""
    misses: list[dict[str, Any]] = []
    answers = zip(pages, runs["ours"].extractions, runs["htmldate"].extractions, strict=True)
    for page, ours, other in answers:
        if len(misses) >= count:
            break
        if not _date_hit(page, ours):
            other_day = predicted_day(other.published)
            misses.append(
                {
                    "id": page.id,
                    "url": page.url,
                    "truth": page.published,
                    "ours": _our_answer(ours),
                    "published_text": ours.published_text,
                    "htmldate": other_day.isoformat() if other_day else "none",
                }
            )
    return misses


def _measure_dates(set_name: str, pages: Sequence[BenchPage], misses: int) -> dict[str, Figures]:
    """Date figures of every date system on one set; ours with its first misses."""
    dated = _date_pages(set_name, pages)
    _warm_up(dated, DATE_SYSTEMS.values())
    runs = _interleaved_runs(dated, DATE_SYSTEMS)
    figures: dict[str, Figures] = {}
    for system, run in runs.items():
        figures[system] = {
            "date": _accuracy(
                [_date_hit(p, e) for p, e in zip(dated, run.extractions, strict=True)]
            ),
            "no_date": sum(1 for e in run.extractions if predicted_day(e.published) is None),
            "pages_per_second": run.pages_per_second,
            "rejects": run.rejects,
        }
    figures["ours"]["misses"] = _date_misses(dated, runs, misses)
    return figures


def run_dates(
    bench_dir: Path = DEFAULT_BENCH_DIR,
    sample: bool = False,
    limit: int | None = None,
    misses: int = 0,
    set_names: Sequence[str] = DATE_SET_NAMES,
) -> dict[str, dict[str, Figures]]:
    """Date figures as ``{set: {system: {"date": {accuracy, pages}, "no_date", ...}}}``, over
    the fixed sample or the first ``limit`` pages of each set when asked (on WCXB, those of
    them annotated with a date); ours lists up to ``misses`` pages it gets wrong."""
    warm_up_pipeline()
    return {
        set_name: _measure_dates(
            set_name, load_set(set_name, bench_dir, sample=sample, limit=limit), misses
        )
        for set_name in set_names
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


def _date_table(results: dict[str, dict[str, Figures]]) -> str:
    """Same-day accuracy of every date set and system."""
    rows = [
        (
            set_name,
            system,
            fig["date"]["accuracy"],
            fig["date"]["pages"],
            fig["no_date"],
            format_rate(fig["pages_per_second"]),
            ", ".join(f"{r} {n}" for r, n in sorted(fig["rejects"].items())),
        )
        for set_name, systems in results.items()
        for system, fig in systems.items()
    ]
    header = ("set", "system", "same day", "pages", "no date", "pages/s", "rejects")
    return format_table(header, rows)


def _misses_table(misses: Sequence[dict[str, Any]]) -> str:
    """Pages where our day is wrong, with what our day was read from."""
    keys = ("id", "truth", "ours", "htmldate", "published_text", "url")
    return format_table(keys, [tuple(miss[key] for key in keys) for miss in misses])


def _print_dates(results: dict[str, dict[str, Figures]]) -> None:
    """The date table, then our misses on each set."""
    print("Publication dates: same day, ours against htmldate and trafilatura alone")
    print(
        f"({MEDIACLOUD}: all pages, no date a miss (htmldate's evaluation, Barbaresi, "
        f"Apache-2.0); {WCXB}: pages annotated with a date (WCXB, Foley 2026, CC-BY-4.0))"
    )
    print(_date_table(results))
    for set_name, systems in results.items():
        if systems["ours"]["misses"]:
            print()
            print(f"date misses (ours): {set_name}")
            print(_misses_table(systems["ours"]["misses"]))


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the text and metadata tables and our worst pages, then the date
    table and our date misses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    parser.add_argument(
        "--dates-only", action="store_true", help="only the date table (quick, for date code)"
    )
    parser.add_argument(
        "--misses", type=int, default=0, metavar="N", help="list up to N date misses per set"
    )
    parser.add_argument(
        "--lost-sentences",
        type=int,
        default=1,
        metavar="N",
        help="lost sentences shown per page of the loss report",
    )
    args = parser.parse_args(argv)
    if not args.dates_only:
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
        print()
        print(f"Losses: pages where our recall (word bag) is more than {LISTED_GAP} below")
        print("trafilatura alone's, what took the text, and the sentences lost")
        for set_name, systems in results.items():
            print(format_losses(set_name, systems["ours"]["losses"], args.lost_sentences))
        print()
    dates = run_dates(args.bench, sample=args.sample, limit=args.limit, misses=args.misses)
    _print_dates(dates)


if __name__ == "__main__":
    main()
