"""Memory of the flow's first pass (learning site templates) on text dumps of a few large sites.

    python -m benchmarks.first_pass_memory [--sizes 1000,5000,10000] [--sites 7] [--bench DIR]

**The corpus.** For each size N, N text dumps are written to a temporary folder: dump i is
bench page ``i % 892`` (``aeb`` and ``wcxb-dev-articles``) rendered as a whole-page dump
(``benchmarks.render.render_dump``, the two styles alternating), under a crawler header
``url https://siteS.example/story/i`` with S = i % SITES, between twelve header and eight
footer lines of site S, each kept on nine pages in ten. So every site has N / SITES pages, a
template to learn, and the pages' own lines (their real chrome and prose) beside it; the
throughput benchmark's corpus instead has one to three pages per site, with few templates.

**The measure.** Each size runs twice in a fresh process that imports ``flows.clean`` and
calls the first pass's function (``first_pass.fn``, without Prefect's task machinery, its log
lines dropped) on the corpus: once for the peak RSS of the process (``VmHWM``, before and after
the call; the difference is what the pass added to the peak) and the wall time, once under
``tracemalloc`` for the peak of Python allocations during the call.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench_data import DEFAULT_BENCH_DIR, SET_NAMES, load_set
from benchmarks.harness import format_table, peak_rss
from benchmarks.render import DumpStyle, render_dump

DEFAULT_SIZES = (1000, 5000, 10000)
DEFAULT_SITES = 7
HEADER_LINES = 12
FOOTER_LINES = 8
CHROME_KEPT = 0.9
MB = 2**20


def _site_chrome(site: int) -> tuple[list[str], list[str]]:
    """The header and footer lines of one made-up site."""
    header = [f"Site {site} Daily"]
    header += [f"Section {k} of site {site}" for k in range(1, HEADER_LINES)]
    footer = [f"© Site {site} Media, address line {k}" for k in range(FOOTER_LINES)]
    return header, footer


def build_corpus(bench: Path, size: int, sites: int, root: Path) -> None:
    """Write ``size`` text dumps of ``sites`` sites under ``root``."""
    pages = [p for name in SET_NAMES for p in load_set(name, bench)]
    styles = (DumpStyle.BLANK_LINE, DumpStyle.NEWLINE)
    rendered: dict[int, str] = {}
    rng = random.Random(size)
    root.mkdir(parents=True)
    for i in range(size):
        index = i % len(pages)
        if index not in rendered:
            rendered[index] = render_dump(pages[index].html, styles[index % 2])
        site = i % sites
        header, footer = _site_chrome(site)
        lines = [f"url https://site{site}.example/story/{i}"]
        lines += [line for line in header if rng.random() < CHROME_KEPT]
        lines.append(rendered[index])
        lines += [line for line in footer if rng.random() < CHROME_KEPT]
        (root / f"{i:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(corpus: Path, output: Path, traced: bool) -> dict[str, float]:
    """Run the first pass on ``corpus`` in this process and return its figures."""
    import tracemalloc

    from prefect.logging import disable_run_logger

    from flows.clean import first_pass
    from flows.config import build_config
    from flows.inputs import discover

    sources = list(discover([str(corpus)]).sources)
    config = build_config({"output": str(output)})
    before = peak_rss() or 0
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    with disable_run_logger():
        result = first_pass.fn(sources, config)
    wall = time.perf_counter() - start
    figures = {"wall_s": wall, "hwm_before": before, "hwm_after": (peak_rss() or 0)}
    if traced:
        figures["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if result.templates_path:
        import pyarrow.parquet as pq

        figures["template_lines"] = pq.read_metadata(result.templates_path).num_rows
    return figures


def _child(corpus: Path, output: Path, traced: bool) -> dict[str, float]:
    """``measure`` in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.first_pass_memory", "--measure", str(corpus)]
    command += ["--output", str(output)] + (["--traced"] if traced else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: the table of figures per size, or (``--measure``) one measurement."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        metavar="N,N",
        help="corpus sizes in text dumps; default: 1000,5000,10000",
    )
    parser.add_argument("--sites", type=int, default=DEFAULT_SITES, metavar="N")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.output, args.traced)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="boilerstrip-first-pass-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = Path(tmp) / f"corpus-{size}"
            build_corpus(args.bench, size, args.sites, corpus)
            plain = _child(corpus, Path(tmp) / f"out-{size}", traced=False)
            traced = _child(corpus, Path(tmp) / f"out-traced-{size}", traced=True)
            rows.append(
                (
                    size,
                    args.sites,
                    f"{plain['wall_s']:.1f}",
                    f"{plain['hwm_before'] / MB:.0f}",
                    f"{plain['hwm_after'] / MB:.0f}",
                    f"{(plain['hwm_after'] - plain['hwm_before']) / MB:.0f}",
                    f"{traced['traced_peak'] / MB:.1f}",
                    int(plain.get("template_lines", 0)),
                )
            )
            print(f"N={size}: done", flush=True)
    header = (
        "text dumps",
        "sites",
        "first pass s",
        "peak RSS MB before",
        "peak RSS MB after",
        "added MB",
        "tracemalloc peak MB",
        "template lines",
    )
    print(format_table(header, rows))


if __name__ == "__main__":
    main()
