"""What each fast path built on another library's private internals saves (``extractors.switches``).

Each run cleans the bench pages in a fresh process, as HTML and as whole-page text dumps (one
dump style), and prints the CPU of each path: once with every fast path on, then with one
turned off at a time (``BOILERSTRIP_PLAIN=<name>``). A fast path that saves less than 5% of its
path's CPU is not worth the internals it reads.

    python -m benchmarks.fast_paths [--bench DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bench_data import DEFAULT_BENCH_DIR, SET_NAMES, load_set
from benchmarks.harness import format_table
from benchmarks.render import DumpStyle, render_dump
from extractors.switches import ENV, PAGE_FAST_PATHS

REPO_ROOT = Path(__file__).resolve().parents[1]
# The share of a path's CPU below which a fast path is not worth its internals.
WORTH_SHARE = 0.05


def _measure(bench: Path, limit: int | None) -> dict[str, float]:
    """CPU seconds of the HTML path and of the text path over the bench pages, in this
    process (after one warm-up page of each)."""
    from extractors.pipeline import process_page, warm_up

    warm_up()
    pages = [p for name in SET_NAMES for p in load_set(name, bench, limit=limit)]
    dumps = [render_dump(p.html, DumpStyle.BLANK_LINE).encode() for p in pages]
    start = time.process_time()
    for p in pages:
        process_page(p.html, f"{p.set_name}/{p.id}.html", input_format="html", url=p.url)
    html = time.process_time() - start
    start = time.process_time()
    for p, dump in zip(pages, dumps, strict=True):
        process_page(dump, f"{p.set_name}/{p.id}.txt", input_format="text")
    return {"html": html, "text": time.process_time() - start, "pages": len(pages)}


def _run(plain: str, bench: Path, limit: int | None) -> dict[str, float]:
    """``_measure`` in a new process, with ``BOILERSTRIP_PLAIN`` set to ``plain``."""
    code = (
        "import json, sys; from pathlib import Path; from benchmarks.fast_paths import _measure;"
        f"print(json.dumps(_measure(Path({str(bench)!r}), {limit!r})))"
    )
    env = {**os.environ, ENV: plain}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    out.check_returncode()
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages a set")
    args = parser.parse_args(argv)
    fast = _run("", args.bench, args.limit)
    rows = [("all fast paths on", f"{fast['html']:.2f}", f"{fast['text']:.2f}", "", "")]
    for name in PAGE_FAST_PATHS:
        off = _run(name, args.bench, args.limit)
        saved = {path: (off[path] - fast[path]) / off[path] for path in ("html", "text")}
        verdict = "keep" if max(saved.values()) >= WORTH_SHARE else "drop"
        rows.append(
            (
                f"{name} off",
                f"{off['html']:.2f}",
                f"{off['text']:.2f}",
                f"{100 * saved['html']:.1f}% / {100 * saved['text']:.1f}%",
                verdict,
            )
        )
    print(f"{int(fast['pages'])} bench pages, as HTML and as text dumps; CPU seconds per path")
    print(
        format_table(("run", "HTML path s", "text path s", "saved (HTML / text)", "verdict"), rows)
    )


if __name__ == "__main__":
    main()
