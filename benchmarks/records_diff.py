"""Prove that a refactor left the pipeline's output unchanged: snapshot every record, then compare.

A snapshot runs ``process_page`` over every page of ``aeb`` and ``wcxb-dev-articles`` as HTML
(with its url, as ``benchmarks.html`` runs it), over the same pages rendered as whole-page text
dumps in both styles (as ``benchmarks.text_dumps`` runs them), and over the seeds
(``seeds/*.txt`` as text, their source the path in the repo). It writes one JSON line per
record, sorted by its key (set, id, style), to a gzipped file whose bytes are the same on every
run of the same code. ``processed_at`` is fixed, and it and ``pipeline_version`` are left out of
the line; every other field is kept (the record type, datetimes as ISO strings, ``removed`` as
``[kind, text]`` pairs). Compare prints the records that differ, field by field.

From the core only ``extractors.pipeline.process_page`` and ``extractors.record`` are imported,
so the script keeps working while modules move around inside ``extractors``.

    python -m benchmarks.records_diff snapshot OUT.jsonl.gz [--bench DIR] [--workers N] [--sample]
    python -m benchmarks.records_diff compare A.jsonl.gz B.jsonl.gz [--show N]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import io
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_data import DEFAULT_BENCH_DIR, SET_NAMES, BenchPage, load_set
from benchmarks.render import DumpStyle, render_dump
from extractors.pipeline import process_page
from extractors.record import Article, InputFormat, Reject, Removed

Key = tuple[str, str, str]  # (set, id, style)
Row = dict[str, Any]

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_SET = "seeds"
HTML_STYLE = "html"  # the style of a page run as HTML; dumps use DumpStyle values
SEED_STYLE = "text"
KEY_FIELDS = ("set", "id", "style")
PROCESSED_AT = datetime(2000, 1, 1, tzinfo=UTC)  # fixed, and dropped from the line anyway
DROPPED_FIELDS = frozenset({"processed_at", "pipeline_version"})
EXCERPT_CHARS = 70  # of a differing field's value, before and after, in compare's report


def _plain(value: object) -> object:
    """A record field's value as JSON: datetimes and dates as ISO strings, ``Removed`` as
    [kind, text]."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Removed):
        return [value.kind, value.text]
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def record_row(key: Key, record: Article | Reject) -> Row:
    """One record as a JSON object: its key, its type, and every field but the dropped ones."""
    fields = {
        field.name: _plain(getattr(record, field.name))
        for field in dataclasses.fields(record)
        if field.name not in DROPPED_FIELDS
    }
    return {**dict(zip(KEY_FIELDS, key, strict=True)), "type": type(record).__name__, **fields}


def _clean(key: Key, raw: bytes, source: str, input_format: InputFormat, url: str | None) -> Row:
    """``process_page`` on one input, as a row; an exception is re-raised naming the input."""
    try:
        record = process_page(
            raw, source, input_format=input_format, url=url, processed_at=PROCESSED_AT
        )
    except Exception as exc:
        raise RuntimeError(f"process_page raised on {source}") from exc
    return record_row(key, record)


def _page_rows(page: BenchPage) -> list[Row]:
    """A bench page's rows: its HTML with its url, then its text dump in each style."""
    name = f"{page.set_name}/{page.id}"
    key = (page.set_name, page.id, HTML_STYLE)
    rows = [_clean(key, page.html, f"{name}.html", "html", page.url)]
    for style in DumpStyle:
        dump = render_dump(page.html, style).encode("utf-8")
        key = (page.set_name, page.id, style.value)
        rows.append(_clean(key, dump, f"{name}.{style.value}.txt", "text", None))
    return rows


def _seed_rows(source: str) -> list[Row]:
    """A seed's row: the file at ``source`` (relative to the repo) as text."""
    raw = (REPO_ROOT / source).read_bytes()
    return [_clean((SEED_SET, Path(source).stem, SEED_STYLE), raw, source, "text", None)]


def _rows(item: BenchPage | str) -> list[Row]:
    """The rows of one work item: a bench page, or a seed's relative path."""
    return _page_rows(item) if isinstance(item, BenchPage) else _seed_rows(item)


def row_key(row: Row) -> Key:
    """A row's key: (set, id, style)."""
    return (row["set"], row["id"], row["style"])


def snapshot(bench_dir: Path, workers: int, sample: bool = False) -> list[Row]:
    """Every record of the bench pages (HTML and both dumps; with ``sample``, of the fixed
    sample of 30 a set) and the seeds, sorted by key."""
    seeds = [path.relative_to(REPO_ROOT).as_posix() for path in REPO_ROOT.glob("seeds/*.txt")]
    items: list[BenchPage | str] = [
        *(page for set_name in SET_NAMES for page in load_set(set_name, bench_dir, sample=sample)),
        *sorted(seeds),
    ]
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        rows = [row for rows in pool.map(_rows, items, chunksize=4) for row in rows]
    return sorted(rows, key=row_key)


def write_rows(path: Path, rows: Sequence[Row]) -> None:
    """Rows as gzipped JSON lines, with no time or name in the gzip header (same bytes each run)."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
        io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as text,
    ):
        for row in rows:
            text.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_rows(path: Path) -> dict[Key, Row]:
    """A snapshot's rows by key."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return {row_key(row): row for row in rows}


def _first_difference(a: str, b: str) -> int:
    """Index of the first character where two strings differ (the shorter one's length if it
    is a prefix of the other)."""
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def _excerpts(before: object, after: object) -> tuple[str, str]:
    """Short excerpts of two JSON values, both starting a little before their first difference."""
    old, new = json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)
    start = max(0, _first_difference(old, new) - EXCERPT_CHARS // 4)

    def cut(text: str) -> str:
        """The excerpt of one value, with ellipses where it was cut."""
        end = start + EXCERPT_CHARS
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def differing_fields(a: Row, b: Row) -> list[str]:
    """Names of the fields whose values differ between two rows (a field one lacks differs)."""
    return [name for name in dict.fromkeys([*a, *b]) if a.get(name) != b.get(name)]


def compare(a: dict[Key, Row], b: dict[Key, Row], show: int) -> bool:
    """Print how many records are equal and the first ``show`` that differ; True if all equal
    and both snapshots hold the same keys."""
    common = sorted(a.keys() & b.keys())
    differing = [(key, fields) for key in common if (fields := differing_fields(a[key], b[key]))]
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    print(f"{len(common)} records compared, {len(common) - len(differing)} equal")
    for label, keys in (("only in A", only_a), ("only in B", only_b)):
        if keys:
            print(f"{len(keys)} {label}: " + ", ".join("/".join(k) for k in keys[:show]))
    for key, fields in differing[:show]:
        print(f"\n{'/'.join(key)}: {', '.join(fields)}")
        for name in fields:
            old, new = _excerpts(a[key].get(name), b[key].get(name))
            print(f"  {name}\n    A: {old}\n    B: {new}")
    if len(differing) > show:
        print(f"\n... and {len(differing) - show} more differing records")
    return not differing and not only_a and not only_b


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``snapshot`` writes the records, ``compare`` diffs two snapshots."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot", help="write every record to a .jsonl.gz file")
    snap.add_argument("out", type=Path, metavar="OUT.jsonl.gz")
    snap.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR, help="bench data folder")
    snap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes to use")
    snap.add_argument("--sample", action="store_true", help="the fixed sample, 30 pages a set")
    diff = commands.add_parser("compare", help="compare two snapshots")
    diff.add_argument("a", type=Path, metavar="A.jsonl.gz", help="the snapshot before")
    diff.add_argument("b", type=Path, metavar="B.jsonl.gz", help="the snapshot after")
    diff.add_argument("--show", type=int, default=10, metavar="N", help="differing records shown")
    args = parser.parse_args(argv)
    if args.command == "compare":
        return 0 if compare(read_rows(args.a), read_rows(args.b), args.show) else 1
    start = time.perf_counter()
    rows = snapshot(args.bench, args.workers, args.sample)
    write_rows(args.out, rows)
    seconds = time.perf_counter() - start
    print(f"{len(rows)} records written to {args.out} in {seconds:.1f} s ({args.workers} workers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
