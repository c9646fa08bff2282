"""What a run has to do: its inputs as units (a file, or a shard of a large one), what an
earlier run into the same output finished, and the units left, cut into batches.

A unit is known by its file's resolved path, so the same input spelled another way (relative or
absolute, with a trailing slash, through a symlink, by a glob or by its folder) is the same
unit; a file in an object store is known by its URL. Every part records the units it holds
and the run key it was written under (the pipeline's version and the options that change
output, ``flows.config.run_key``); a rerun skips the units finished under its own key, whatever
batches they were cut into, and refuses to mix its rows with parts written under another key.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from extractors.inputs.containers import iter_records
from extractors.inputs.formats import format_hint
from extractors.inputs.page import PageRecord
from extractors.record import Reject
from flows.config import CleanConfig
from flows.isolation import PageJob
from flows.parquet_io import part_name, read_metadata, read_table
from flows.store import AnyPath, StorePath, is_url

# Keys of a part's Parquet metadata: the run key it was written under, and its units.
RUN_KEY_META = b"boilerstrip.run_key"
UNITS_META = b"boilerstrip.units"
# The folders of an output whose parts hold rows of units; a batch counts as done once its
# articles part exists, the others written before it.
ROW_FOLDERS = ("articles", "rejects", "signatures")


class OutputMismatch(RuntimeError):
    """The output holds parts written by another version or with other options."""


@dataclass(frozen=True, slots=True, order=True)
class Unit:
    """Records ``start`` to ``stop - 1`` (to the end when ``stop`` is None) of one input file.

    ``key`` is the file's resolved path (its URL, in an object store), which identifies it;
    ``source`` is the path as the run was given it, which its rows carry.
    """

    key: str
    start: int = 0
    stop: int | None = None
    source: str = field(default="", compare=False)

    @property
    def whole(self) -> bool:
        """Whether the unit is its whole file."""
        return self.start == 0 and self.stop is None

    def as_json(self) -> list[Any]:
        """The unit as a part's metadata records it."""
        return [self.key, self.start, self.stop]


def unit_of(source: str) -> Unit:
    """A whole input file as a unit."""
    return Unit(source if is_url(source) else os.path.realpath(source), source=source)


def units_of(sources: Iterable[str]) -> list[Unit]:
    """The inputs as units, one a file however many spellings of it they hold (a folder and a
    link to it), in the order first met."""
    units: dict[str, Unit] = {}
    for source in sources:
        unit = unit_of(source)
        units.setdefault(unit.key, unit)
    return list(units.values())


def batch_part_name(units: Iterable[Unit], run_key: str) -> str:
    """A batch's part name, derived from its run key and the units it holds."""
    return part_name([run_key, *(json.dumps(u.as_json()) for u in units)])


def part_metadata(units: Iterable[Unit], run_key: str) -> dict[bytes, bytes]:
    """The key-value metadata a part carries: its run key and its units."""
    return {
        RUN_KEY_META: run_key.encode(),
        UNITS_META: json.dumps([u.as_json() for u in units]).encode(),
    }


@dataclass(slots=True)
class Finished:
    """What earlier runs into an output finished under this run's key: each file's done
    record ranges, and each part's files."""

    ranges: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    parts: dict[str, set[str]] = field(default_factory=dict)

    def add(self, part: str, units: list[list[Any]]) -> None:
        """Record a finished part and the units it holds."""
        held = self.parts.setdefault(part, set())
        for key, start, stop in units:
            self.ranges.setdefault(key, []).append((start, stop))
            held.add(key)

    def left(self, unit: Unit) -> list[Unit]:
        """The parts of ``unit`` no earlier run finished, as units."""
        todo = [(unit.start, unit.stop)]
        for start, stop in self.ranges.get(unit.key, []):
            todo = [piece for span in todo for piece in _minus(span, (start, stop))]
        return [Unit(unit.key, start, stop, unit.source) for start, stop in todo]


def _minus(
    span: tuple[int, int | None], done: tuple[int, int | None]
) -> list[tuple[int, int | None]]:
    """The pieces of a record range outside a finished one."""
    start, stop = span
    d_start, d_stop = done
    pieces: list[tuple[int, int | None]] = []
    if d_start > start:
        pieces.append((start, d_start if stop is None else min(stop, d_start)))
    if d_stop is not None and (stop is None or d_stop < stop):
        pieces.append((max(start, d_stop), stop))
    return [(a, b) for a, b in pieces if b is None or a < b]


def _part_files(output: AnyPath, folder: str) -> list[AnyPath]:
    """The part files of one folder of an output."""
    return sorted((output / folder).glob("part-*.parquet"))


def read_finished(config: CleanConfig, keys: set[str]) -> tuple[Finished, int]:
    """What earlier runs into the output finished under this run's key, and how many parts
    this call removed.

    A rejects part whose articles part is missing is what an interrupted batch left: it goes.
    A part written under another key (another version, other options) raises
    ``OutputMismatch``, unless ``redo``; with ``redo``, it goes, as does every part holding a
    file of this run (``keys``). Only call this while holding the output's lock.
    """
    finished = Finished()
    removed = 0
    articles = {p.name for p in _part_files(config.output, "articles")}
    for folder in ROW_FOLDERS[1:]:
        for path in _part_files(config.output, folder):
            if path.name not in articles:
                path.unlink()
                removed += 1
    foreign: list[AnyPath] = []
    for path in _part_files(config.output, "articles"):
        meta = read_metadata(path).metadata or {}
        units = json.loads(meta.get(UNITS_META, b"[]"))
        if meta.get(RUN_KEY_META, b"").decode() != config.run_key or (
            config.redo and any(key in keys for key, _start, _stop in units)
        ):
            foreign.append(path)
        else:
            finished.add(path.name, units)
    if foreign and not config.redo:
        raise OutputMismatch(
            f"output folder {config.output} holds {len(foreign)} parts written by another "
            "version of boilerstrip or with other options; pass --redo to replace them, or "
            "choose a new output folder"
        )
    for path in foreign:
        for folder in ROW_FOLDERS:
            (config.output / folder / path.name).unlink(missing_ok=True)
        removed += 1
    return finished, removed


def cut_batches(
    units: list[Unit], config: CleanConfig, record_counts: dict[str, int]
) -> list[list[Unit]]:
    """Units cut into batches the same way on every run: small files ``batch_files`` at a
    time, and each shard of ``shard_records`` records of a large container as a batch. A
    unit whose file has more records than that (``record_counts``) is cut into shards."""
    batches: list[list[Unit]] = []
    small: list[Unit] = []
    for unit in units:
        count = record_counts.get(unit.source, 0)
        stop = count if unit.stop is None else min(unit.stop, count)
        if count <= config.shard_records or stop - unit.start <= config.shard_records:
            small.append(unit)
            continue
        for start in range(unit.start, stop, config.shard_records):
            end = min(start + config.shard_records, stop)
            batches.append([Unit(unit.key, start, None if end == count else end, unit.source)])
    size = config.batch_files
    batches += [small[i : i + size] for i in range(0, len(small), size)]
    return sorted(batches)


def _error_id(source: str) -> str:
    """A stable id for an input or record whose bytes could not be read."""
    return hashlib.sha256(f"unreadable:{source}".encode()).hexdigest()


def read_records(source: str, config: CleanConfig) -> Iterator[PageRecord]:
    """The page records of one input file, streamed from its store for a URL; an unreadable
    file is one error record."""
    try:
        with _open_input(source, config) as stream:
            yield from iter_records(
                stream,
                source,
                max_page_bytes=config.max_page_bytes,
                fields=config.jsonl_fields,
                name_hint=source,
            )
    except OSError as exc:
        yield PageRecord(
            b"", source, None, None, None, None, "read_error", f"{type(exc).__name__}: {exc}"
        )


def _open_input(source: str, config: CleanConfig) -> BinaryIO:
    """An input file opened for reading: a local file, or an object streamed from its store."""
    if not is_url(source):
        return open(source, "rb")
    try:
        return StorePath.of(source, config.store_options).open_stream()  # type: ignore[return-value]
    except OSError:
        raise
    except Exception as exc:  # the store's own errors (no credentials, a bad option): a reject
        raise OSError(f"{type(exc).__name__}: {exc}") from exc


def page_jobs(
    unit: Unit, config: CleanConfig, processed_at: datetime
) -> Iterator[PageJob | Reject]:
    """A job for each page of one unit, or the reject of a record that could not be read."""
    for index, record in enumerate(read_records(unit.source, config)):
        if index < unit.start:
            continue
        if unit.stop is not None and index >= unit.stop:
            break
        if record.error:
            yield Reject(
                _error_id(record.source),
                record.source,
                record.error,
                record.detail,
                processed_at,
                record.fetched_at,
            )
            continue
        yield PageJob(
            record.raw,
            record.source,
            record.format_hint or format_hint(unit.source),
            record.url,
            record.charset,
            record.fetched_at,
        )


@dataclass(slots=True)
class BatchSummary:
    """What one batch did: counts and file paths, never documents."""

    pages: int = 0
    articles: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    resumed: bool = False


def resumed_summary(output: AnyPath, part: str) -> BatchSummary:
    """The summary of a part an earlier run finished, read back from its two files."""
    article_path, reject_path = output / "articles" / part, output / "rejects" / part
    articles = read_table(article_path, columns=["language", "removed"])
    reasons: list[str] = []
    if reject_path.exists():
        reasons = read_table(reject_path, columns=["reason"]).column("reason").to_pylist()
    removed = Counter(r["kind"] for row in articles.column("removed").to_pylist() for r in row)
    languages = Counter(lang or "unknown" for lang in articles.column("language").to_pylist())
    return BatchSummary(
        pages=articles.num_rows + len(reasons),
        articles=articles.num_rows,
        rejects=dict(Counter(reasons)),
        removed=dict(removed),
        languages=dict(languages),
        files=[str(article_path), str(reject_path)],
        resumed=True,
    )


def merge_summaries(summaries: list[BatchSummary], units: int, resumed: int) -> dict[str, Any]:
    """One run summary from the batches' summaries; ``units`` is how many units the run's
    inputs make, ``resumed`` how many of them an earlier run finished."""
    rejects: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for s in summaries:
        rejects.update(s.rejects)
        removed.update(s.removed)
        languages.update(s.languages)
    fresh = [s for s in summaries if not s.resumed]
    return {
        "pages": sum(s.pages for s in summaries),
        "articles": sum(s.articles for s in summaries),
        # what this run cleaned, apart from what earlier runs into the output finished
        "this_run": {
            "pages": sum(s.pages for s in fresh),
            "articles": sum(s.articles for s in fresh),
            "rejects": sum(sum(s.rejects.values()) for s in fresh),
        },
        "rejects": dict(rejects),
        "removed": dict(removed),
        "languages": dict(languages),
        "batches": sum(1 for s in summaries if not s.resumed),
        "units": units,
        "resumed_units": resumed,
        "files": sorted(f for s in summaries for f in s.files),
    }


def format_summary(summary: dict[str, Any]) -> str:
    """The end-of-run summary the command line prints and the run's artifact shows."""
    lines = [
        f"pages read:       {summary['pages']}",
        f"articles written: {summary['articles']}",
        f"rejects:          {sum(summary['rejects'].values())}",
    ]
    this_run = summary.get("this_run")
    if summary.get("resumed_units") and this_run:
        lines = [
            f"pages:            {summary['pages']} in the output folder for these inputs, "
            f"{this_run['pages']} read by this run",
            f"articles:         {summary['articles']} in the output folder, "
            f"{this_run['articles']} written by this run",
            f"rejects:          {sum(summary['rejects'].values())} in the output folder, "
            f"{this_run['rejects']} written by this run",
        ]
    for reason, count in sorted(summary["rejects"].items()):
        lines.append(f"  {reason}: {count}")
    if summary["skipped"]:
        lines.append(f"skipped (not page dumps): {len(summary['skipped'])}")
    if summary["resumed_units"]:
        lines.append(
            f"inputs finished by an earlier run: {summary['resumed_units']} of "
            f"{summary['units']} (use --redo to clean them again)"
        )
    out = summary["output"]
    lines.append(f"articles: {out}/articles/*.parquet")
    lines.append(f"rejects:  {out}/rejects/*.parquet")
    if summary.get("templates"):
        lines.append(f"site templates: {out}/templates/*.parquet")
    grouped = summary.get("stories")
    if grouped:
        roles = grouped["roles"]
        copies = ", ".join(
            f"{n} {role.replace('_', ' ')}"
            for role, n in sorted(roles.items())
            if role != "canonical"
        )
        lines.append(
            f"stories:  {grouped['stories']} over {grouped['articles']} articles"
            + (f" ({copies}; {grouped['spun']} spun)" if copies else "")
        )
        lines.append(f"          {out}/stories/*.parquet")
    return "\n".join(lines)
