"""How fast the text path could be if its two costliest stages cost nothing.

    python -m benchmarks.text_floor [--bench DIR] [--limit N]

The bench pages (``aeb`` and ``wcxb-dev-articles``) are rendered as whole-page text dumps,
the two styles alternating, and cleaned with ``process_page`` three ways, CPU time per page,
each time with cold line caches:

1. as the job cleans them;
2. with every line's chrome kind (``classify_line``, as ``extractors.text.clean`` calls it) looked
   up in a table
   filled by a run before, so the chrome rules cost a dict lookup;
3. the same, and langdetect's answer for each article looked up too;
4. as the job cleans them, but with the layout step (``extractors.text.layout``) left out: the
   dump split into blocks as written. The difference with run 1 is what the layout step costs
   a dump written one block a line.

The output of runs 2 and 3 is that of run 1 (the tables hold the real answers): only the cost
of the two stages changes. Run 3 is a ceiling for any speed-up of those two stages alone, a
multi-pattern regex engine for the rules included: the rest of the text path runs at that
rate in this Python code.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.bench_data import DEFAULT_BENCH_DIR, SET_NAMES, load_set
from benchmarks.harness import format_table, warm_up_pipeline
from benchmarks.render import DumpStyle, render_dump
from extractors import pipeline
from extractors.pipeline import process_page
from extractors.record import Article, Reject
from extractors.text import clean as text
from extractors.text.blocks import split_blocks
from extractors.text.layout import DumpBlocks

Dump = tuple[str, bytes]


def _dumps(bench_dir: Path, limit: int | None) -> list[Dump]:
    pages = [p for name in SET_NAMES for p in load_set(name, bench_dir, limit=limit)]
    # One dump a page, the two styles alternating: a page's second dump would find all its
    # lines cached.
    styles = (DumpStyle.BLANK_LINE, DumpStyle.NEWLINE)
    return [
        (f"{p.set_name}/{p.id}.txt", render_dump(p.html, styles[i % 2]).encode())
        for i, p in enumerate(pages)
    ]


PROCESSED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def _cpu_ms(dumps: list[Dump]) -> tuple[float, list[Article | Reject]]:
    """CPU ms per dump through ``process_page``, the line caches emptied first, and the
    records."""
    text.clear_line_caches()
    records = []
    start = time.process_time()
    for source, raw in dumps:
        records.append(process_page(raw, source, input_format="text", processed_at=PROCESSED_AT))
    return 1000 * (time.process_time() - start) / len(dumps), records


@contextmanager
def _recorded(target: Any, name: str, table: dict[Any, Any]) -> Iterator[None]:
    """Record every answer of ``target.name`` in ``table``."""
    original: Callable[[Any], Any] = getattr(target, name)

    def recording(arg: Any) -> Any:
        table[arg] = answer = original(arg)
        return answer

    with mock.patch.object(target, name, recording):
        yield


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages per set")
    args = parser.parse_args(argv)
    warm_up_pipeline()
    dumps = _dumps(args.bench, args.limit)
    kinds: dict[str, str | None] = {}
    languages: dict[str, tuple[str | None, float | None]] = {}
    text.clear_line_caches()
    with (
        _recorded(text, "classify_line", kinds),
        _recorded(pipeline, "detect_language", languages),
    ):
        _cpu_ms(dumps)  # fills both tables (and warms everything else)
    as_is, records = _cpu_ms(dumps)
    rows = [("as the job runs", as_is)]
    with mock.patch.object(text, "classify_line", kinds.__getitem__):
        no_rules, same = _cpu_ms(dumps)
        rows.append(("chrome rules from a table", no_rules))
        with mock.patch.object(pipeline, "detect_language", languages.__getitem__):
            neither, same_too = _cpu_ms(dumps)
            rows.append(("chrome rules and langdetect from tables", neither))
    if same != records or same_too != records:
        raise AssertionError("looking the answers up changed the records")
    with mock.patch.object(text, "dump_blocks", _split_as_written):
        unrestored, plain = _cpu_ms(dumps)
        rows.append(("as the job runs, without the layout step", unrestored))
    changed = sum(1 for a, b in zip(records, plain, strict=True) if a != b)
    print(f"{len(dumps)} text dumps (the bench pages, dump styles alternating), process_page")
    print(
        format_table(
            ("text path", "CPU ms per dump", "dumps/s per core"),
            [(name, f"{ms:.2f}", f"{1000 / ms:.0f}") for name, ms in rows],
        )
    )
    print(
        f"the layout step costs {100 * (as_is / unrestored - 1):.1f}% more CPU a dump; "
        f"it changed the record of {changed} of {len(dumps)} dumps"
    )


def _split_as_written(dump: str) -> DumpBlocks:
    """A dump's blocks as written, no layout undone."""
    return DumpBlocks(split_blocks(dump), [], frozenset())


if __name__ == "__main__":
    main()
