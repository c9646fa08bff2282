"""The ``clean`` flow: page dumps in, clean articles and rejects out as Parquet.

Run it locally with ``python -m flows.clean [INPUT ...] [--output DIR]``, or deploy it with
``prefect.yaml``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from extractors.inputs.containers import iter_records
from extractors.inputs.jsonl import JsonlFields
from extractors.inputs.page import PageRecord
from extractors.pipeline import TemplatePage, template_page
from extractors.record import (
    ARTICLE_SCHEMA,
    REJECT_SCHEMA,
    Article,
    Reject,
    TemplateLine,
    articles_table,
    rejects_table,
    template_lines,
    templates_table,
)
from extractors.text.templates import SiteTemplate, TemplateLearner, site_templates
from flows.inputs import InputError, discover, format_hint
from flows.isolation import (
    PageJob,
    PageLimits,
    PageWorker,
    close_pooled_workers,
    pooled_worker,
    start_forkserver,
)
from flows.local_server import TemporaryServer, needs_temporary_server, temporary_api
from flows.parquet_io import (
    OutputLocked,
    PartWriter,
    output_lock,
    part_name,
    remove_stale_parts,
    write_part,
)

DEFAULT_INPUTS = ("seeds",)
DEFAULT_OUTPUT = "output"
# A page larger than this (after gunzip) is rejected unread: a gzip bomb or not a page.
DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024
# Input files per batch: each batch is one pair of parts, and the unit a rerun resumes from.
DEFAULT_BATCH_FILES = 500
# Records per shard of a large WARC or JSONL file: a file with more is cut into shards, which
# run in parallel like batches (each shard reads its file up to its last record).
DEFAULT_SHARD_RECORDS = 2000


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """The run's settings, built once from the flow's parameters."""

    output: Path
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    learn_templates: bool = True
    templates_from: Path | None = None
    batch_files: int = DEFAULT_BATCH_FILES
    shard_records: int = DEFAULT_SHARD_RECORDS
    limits: PageLimits = field(default_factory=PageLimits)
    redo: bool = False
    jsonl_fields: JsonlFields = field(default_factory=JsonlFields)


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


def _error_id(source: str) -> str:
    """A stable id for an input or record whose bytes could not be read."""
    return hashlib.sha256(f"unreadable:{source}".encode()).hexdigest()


def _records(source: str, config: CleanConfig) -> Iterator[PageRecord]:
    """The page records of one input file; an unreadable file is one error record."""
    try:
        with open(source, "rb") as stream:
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


# A shard of a large container file: "crawl.warc.gz#records=1000-2000" (records 1000 to 1999).
_SHARD = re.compile(r"^(?P<source>.+)#records=(?P<start>\d+)-(?P<stop>\d+)$")


def shard_id(source: str, start: int, stop: int) -> str:
    """The id of a shard: records ``start`` to ``stop - 1`` of a container file."""
    return f"{source}#records={start}-{stop}"


def _parse_unit(unit: str) -> tuple[str, int, int | None]:
    """A batch unit (a file, or a shard of one) as its file and record range."""
    m = _SHARD.match(unit)
    if m and not Path(unit).exists():
        return m.group("source"), int(m.group("start")), int(m.group("stop"))
    return unit, 0, None


def clean_file(
    unit: str, config: CleanConfig, worker: PageWorker, processed_at: datetime
) -> Iterator[Article | Reject]:
    """The records of every page in one input file (or one shard of it), each cleaned in
    ``worker``."""
    return worker.map(_page_jobs(unit, config, processed_at), processed_at)


def _page_jobs(
    unit: str, config: CleanConfig, processed_at: datetime
) -> Iterator[PageJob | Reject]:
    """A job for each page of one input file (or shard), or the reject of a record that
    could not be read."""
    source, start, stop = _parse_unit(unit)
    for index, record in enumerate(_records(source, config)):
        if index < start:
            continue
        if stop is not None and index >= stop:
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
            record.format_hint or format_hint(source),
            record.url,
            record.charset,
            record.fetched_at,
        )


def _load_templates(path: Path | None) -> list[TemplateLine]:
    """Template lines from a templates folder (or one part file) of an earlier run."""
    if path is None:
        return []
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    lines: list[TemplateLine] = []
    for file in files:
        lines += template_lines(pq.read_table(file))
    return lines


@dataclass(frozen=True, slots=True)
class FirstPass:
    """What the first pass found: the templates part, and the record count of large files."""

    templates_path: str | None
    record_counts: dict[str, int]


def _template_page(record: PageRecord) -> TemplatePage | None:
    """A record as the template learner reads it; None for HTML and for unreadable records
    (the second pass rejects those with their reason)."""
    if record.error:
        return None
    return template_page(record.raw, record.source, input_format=record.format_hint, url=record.url)


def _template_pages(source: str, config: CleanConfig) -> Iterator[TemplatePage]:
    """The text dumps of one input file, as the template learner reads them."""
    for record in _records(source, config):
        page = _template_page(record)
        if page is not None:
            yield page


@task(name="first-pass", cache_policy=NO_CACHE, persist_result=False)
def first_pass(sources: list[str], config: CleanConfig) -> FirstPass:
    """Read every input: learn each site's template lines (written to ``templates/``), and
    count the records of container files that need cutting into shards. The inputs holding
    text dumps of sites with enough pages are read once or twice more, as the
    ``TemplateLearner`` asks, so that memory does not grow with the pages of a site."""
    logger = get_run_logger()
    learner = TemplateLearner()
    sites_by_source: dict[str, tuple[str, ...]] = {}
    counts: dict[str, int] = {}
    for source in sources:
        if not config.learn_templates and format_hint(source) is not None:
            continue  # a single page: nothing to learn or count
        count = 0
        sites: set[str] = set()
        for record in _records(source, config):
            count += 1
            page = _template_page(record) if config.learn_templates else None
            if page is not None:
                learner.count_page(page.site, page.line_bound)
                sites.add(page.site)
        if count > config.shard_records:
            counts[source] = count
        if sites:
            sites_by_source[source] = tuple(sites)
    while wanted := learner.next_pass():
        for source, sites_of_source in sites_by_source.items():
            if wanted.isdisjoint(sites_of_source):
                continue
            for page in _template_pages(source, config):
                if page.site in wanted:
                    learner.read_page(page.site, page.lines())
    learned = learner.templates()
    reused = _load_templates(config.templates_from)
    lines = sorted(
        {(t.site, t.line_hash): t for t in [*reused, *learned]}.values(),
        key=lambda t: (t.site, t.line_hash),
    )
    logger.info(
        "first pass: %d template lines learned over %d sites, %d reused; %d large files; "
        "%d reads of the inputs",
        len(learned),
        len({t.site for t in learned}),
        len(reused),
        len(counts),
        learner.passes,
    )
    if not lines:
        return FirstPass(None, counts)
    path = config.output / "templates" / part_name(sources)
    write_part(templates_table(lines), path)
    return FirstPass(str(path), counts)


def _part_paths(config: CleanConfig, batch: list[str]) -> tuple[Path, Path]:
    """Where a batch's articles and rejects parts go."""
    name = part_name(batch)
    return config.output / "articles" / name, config.output / "rejects" / name


def _page_worker(
    config: CleanConfig, templates_path: str | None, pool_owner: int | None, slots: int
) -> contextlib.AbstractContextManager[PageWorker]:
    """The batch's page worker: from the pool in the process that owns it (at most ``slots``
    of its workers busy), else a new one."""

    def templates() -> dict[str, SiteTemplate]:
        return site_templates(_load_templates(Path(templates_path) if templates_path else None))

    if pool_owner == os.getpid():
        return pooled_worker(config.limits, templates_path, templates, slots)
    return PageWorker(config.limits, templates())


@task(name="clean-batch", cache_policy=NO_CACHE, persist_result=False)
def clean_batch(
    batch: list[str],
    config: CleanConfig,
    processed_at: datetime,
    templates_path: str | None = None,
    pool_owner: int | None = None,
    slots: int = 1,
) -> BatchSummary:
    """Clean a batch of input files and write its articles and rejects parts. In the process
    ``pool_owner`` (the flow's, when the batches run in its threads), the page worker is
    taken from the run's pool, which keeps ``slots`` of them busy, and given back for the
    next batch as soon as the last page is cleaned."""
    logger = get_run_logger()
    article_path, reject_path = _part_paths(config, batch)
    reasons: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    with (
        PartWriter(article_path, ARTICLE_SCHEMA, articles_table) as articles,
        PartWriter(reject_path, REJECT_SCHEMA, rejects_table) as rejects,
    ):
        with _page_worker(config, templates_path, pool_owner, slots) as worker:
            for source in batch:
                for result in clean_file(source, config, worker, processed_at):
                    if isinstance(result, Article):
                        articles.add(result)
                        removed.update(r.kind for r in result.removed)
                        languages[result.language or "unknown"] += 1
                    else:
                        rejects.add(result)
                        reasons[result.reason] += 1
        # Rejects first: a batch counts as done once its articles part exists.
        rejects.commit()
        articles.commit()
    summary = BatchSummary(
        pages=articles.rows + rejects.rows,
        articles=articles.rows,
        rejects=dict(reasons),
        removed=dict(removed),
        languages=dict(languages),
        files=[str(article_path), str(reject_path)],
    )
    logger.info(
        "batch %s: %d files, %d pages, %d articles, %d rejects",
        article_path.name,
        len(batch),
        summary.pages,
        summary.articles,
        rejects.rows,
    )
    return summary


def _finished(config: CleanConfig, batch: list[str]) -> BatchSummary | None:
    """The summary of a batch an earlier run finished, read from its parts; else None."""
    article_path, reject_path = _part_paths(config, batch)
    if config.redo or not (article_path.exists() and reject_path.exists()):
        return None
    articles = pq.read_table(article_path, columns=["language", "removed"])
    reasons = pq.read_table(reject_path, columns=["reason"]).column("reason").to_pylist()
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


def _batches(
    sources: tuple[str, ...], config: CleanConfig, record_counts: dict[str, int]
) -> list[list[str]]:
    """Sources cut into batches the same way on every run: small files ``batch_files`` at a
    time, and each shard of ``shard_records`` records of a large container as a batch."""
    batches: list[list[str]] = []
    small: list[str] = []
    for source in sources:
        count = record_counts.get(source, 0)
        if count <= config.shard_records:
            small.append(source)
            continue
        for start in range(0, count, config.shard_records):
            stop = min(start + config.shard_records, count)
            batches.append([shard_id(source, start, stop)])
    size = config.batch_files
    batches += [small[i : i + size] for i in range(0, len(small), size)]
    return sorted(batches)


def _merge(summaries: list[BatchSummary]) -> dict[str, Any]:
    """One run summary from the batches' summaries."""
    rejects: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for s in summaries:
        rejects.update(s.rejects)
        removed.update(s.removed)
        languages.update(s.languages)
    return {
        "pages": sum(s.pages for s in summaries),
        "articles": sum(s.articles for s in summaries),
        "rejects": dict(rejects),
        "removed": dict(removed),
        "languages": dict(languages),
        "batches": len(summaries),
        "resumed_batches": sum(1 for s in summaries if s.resumed),
        "files": sorted(f for s in summaries for f in s.files),
    }


# Set to a Dask scheduler's address ("tcp://10.0.0.5:8786") to run the batches on that cluster,
# for a deployment as for the command line (--dask-address).
DASK_ADDRESS_ENV = "BOILERSTRIP_DASK_ADDRESS"


def dask_task_runner(address: str) -> TaskRunner[Any]:
    """A task runner that sends batches to the Dask cluster at ``address``."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


def _runs_here(task_runner: TaskRunner[Any]) -> bool:
    """Whether the batches run in this process's threads (their page workers forked here),
    not on a Dask cluster."""
    return isinstance(task_runner, ThreadPoolTaskRunner)


def _default_task_runner() -> TaskRunner[Any]:
    """Threads in this process (each batch has its own worker process), or a Dask cluster."""
    address = os.environ.get(DASK_ADDRESS_ENV)
    return dask_task_runner(address) if address else ThreadPoolTaskRunner()


@flow(name="clean", persist_result=False, task_runner=_default_task_runner())
def clean(
    inputs: list[str] | None = None,
    output: str = DEFAULT_OUTPUT,
    learn_templates: bool = True,
    templates: str | None = None,
    batch_files: int = DEFAULT_BATCH_FILES,
    shard_records: int = DEFAULT_SHARD_RECORDS,
    page_timeout_s: float = 120.0,
    page_memory_mb: int = 2048,
    max_page_mb: int = DEFAULT_MAX_PAGE_BYTES // 2**20,
    redo: bool = False,
    workers: int | None = None,
    jsonl_url_field: str = "url",
    jsonl_html_field: str = "html",
    jsonl_text_field: str = "text",
    jsonl_fetched_at_field: str = "fetched_at",
) -> dict[str, Any]:
    """Clean page dumps into ``OUTPUT/articles`` and ``OUTPUT/rejects`` Parquet.

    Args:
        inputs: files, folders (read recursively) or globs of page dumps: HTML, text, WARC or
            JSONL, gzipped or not. Defaults to ``seeds``.
        output: the folder the Parquet parts are written to.
        learn_templates: learn each site's template (lines that recur on at least half of a
            site's text dumps, from 3 pages on) in a first pass, strip it, and write it to
            ``OUTPUT/templates``.
        templates: a ``templates`` folder (or part file) of an earlier run whose site
            templates are reused, merged with those learned now.
        batch_files: input files per batch; a batch is one pair of parts and the unit a rerun
            resumes from.
        shard_records: a WARC or JSONL file with more records is cut into shards of this many
            records, each a batch of its own.
        page_timeout_s: a page that takes longer is stopped and rejected as ``timeout``.
        page_memory_mb: a page that needs more memory is stopped and rejected as ``memory``.
        max_page_mb: a page larger than this after decompression is rejected as ``too_large``.
        redo: clean batches again even when an earlier run finished them.
        workers: batches cleaned at once, each in its own worker process; default: one per CPU.
        jsonl_url_field: the JSONL field holding a page's url.
        jsonl_html_field: the JSONL field holding a page's HTML.
        jsonl_text_field: the JSONL field holding a page's text, when it has no HTML.
        jsonl_fetched_at_field: the JSONL field holding the crawl time.

    Returns:
        A summary: pages read, articles written, rejects by reason, files written.
    """
    logger = get_run_logger()
    run_context = FlowRunContext.get()
    local = run_context is not None and _runs_here(run_context.task_runner)
    if local:
        start_forkserver()  # the batches' workers run here: have it load during the first pass
    config = CleanConfig(
        output=Path(output),
        max_page_bytes=max_page_mb * 2**20,
        learn_templates=learn_templates,
        templates_from=Path(templates) if templates else None,
        batch_files=max(1, batch_files),
        shard_records=max(1, shard_records),
        limits=PageLimits(timeout_s=page_timeout_s, memory_bytes=page_memory_mb * 2**20),
        redo=redo,
        jsonl_fields=JsonlFields(
            jsonl_url_field, jsonl_html_field, jsonl_text_field, jsonl_fetched_at_field
        ),
    )
    found = discover(list(inputs or DEFAULT_INPUTS))
    if found.skipped:
        logger.warning(
            "skipped %d files that are not page dumps, e.g. %s",
            len(found.skipped),
            found.skipped[0],
        )
    with output_lock(config.output):
        stale = remove_stale_parts(config.output)
        if stale:
            logger.warning("removed %d unfinished part files of an interrupted run", stale)
        processed_at = datetime.now(UTC)
        found_first = first_pass(list(found.sources), config)
        templates_path = found_first.templates_path
        batches = _batches(found.sources, config, found_first.record_counts)
        try:
            summaries = _run_batches(
                batches, config, processed_at, templates_path, workers or os.cpu_count() or 1, local
            )
        finally:
            close_pooled_workers()
    summary = _merge(summaries)
    summary["skipped"] = list(found.skipped)
    summary["output"] = str(config.output)
    summary["templates"] = templates_path
    _publish_artifacts(summary)
    return summary


def _run_batches(
    batches: list[list[str]],
    config: CleanConfig,
    processed_at: datetime,
    templates_path: str | None,
    workers: int,
    local: bool,
) -> list[BatchSummary]:
    """Clean every batch not already done, ``workers`` at a time, and report progress. With
    the batches in this process's threads (``local``), one more batch is started than there
    are workers: its task under way, it takes the first worker given back, while the batch
    that gave it back writes its parts."""
    logger = get_run_logger()
    # Called from the flow's (synchronous) thread, it returns the id, not a coroutine.
    progress = cast(
        UUID, create_progress_artifact(0.0, key="clean-progress", description="batches done")
    )
    done: list[BatchSummary] = []
    pending: list[PrefectFuture[BatchSummary]] = []
    in_flight = workers + 1 if local else workers

    def finished(summary: BatchSummary) -> None:
        done.append(summary)
        update_progress_artifact(progress, 100.0 * len(done) / max(len(batches), 1))

    for batch in batches:
        earlier = _finished(config, batch)
        if earlier is not None:
            logger.info("batch %s already done: skipped", Path(earlier.files[0]).name)
            finished(earlier)
            continue
        while len(pending) >= in_flight:
            finished(_first_done(pending).result())
        pending.append(
            clean_batch.submit(batch, config, processed_at, templates_path, os.getpid(), workers)
        )
    while pending:
        finished(_first_done(pending).result())
    return done


def _first_done(pending: list[PrefectFuture[BatchSummary]]) -> PrefectFuture[BatchSummary]:
    """The first of the running batches to end, taken off ``pending``: its slot takes the
    next batch at once, however long the others run."""
    future = next(as_completed(pending))
    pending.remove(future)
    return future


def _publish_artifacts(summary: dict[str, Any]) -> None:
    """The run's counts as a table and a markdown summary in the Prefect UI."""
    rows = [
        {"measure": "pages read", "value": summary["pages"]},
        {"measure": "articles", "value": summary["articles"]},
    ]
    for label, key in (("reject", "rejects"), ("removed", "removed"), ("language", "languages")):
        rows += [{"measure": f"{label}: {k}", "value": v} for k, v in sorted(summary[key].items())]
    create_table_artifact(rows, key="clean-counts", description="What the run read and wrote")
    create_markdown_artifact(
        "## boilerstrip clean run\n\n```\n" + format_summary(summary) + "\n```\n",
        key="clean-summary",
        description="Run summary",
    )


def format_summary(summary: dict[str, Any]) -> str:
    """The end-of-run summary the CLI prints."""
    lines = [
        f"pages read:       {summary['pages']}",
        f"articles written: {summary['articles']}",
        f"rejects:          {sum(summary['rejects'].values())}",
    ]
    for reason, count in sorted(summary["rejects"].items()):
        lines.append(f"  {reason}: {count}")
    if summary["skipped"]:
        lines.append(f"skipped (not page dumps): {len(summary['skipped'])}")
    if summary["resumed_batches"]:
        lines.append(
            f"batches finished by an earlier run: {summary['resumed_batches']} of "
            f"{summary['batches']} (use --redo to clean them again)"
        )
    out = summary["output"]
    lines.append(f"articles: {out}/articles/*.parquet")
    lines.append(f"rejects:  {out}/rejects/*.parquet")
    if summary.get("templates"):
        lines.append(f"site templates: {out}/templates/*.parquet")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m flows.clean``."""
    parser = argparse.ArgumentParser(
        prog="python -m flows.clean",
        description="Clean raw page dumps (HTML or whole-page text, alone or in WARC and JSONL "
        "files) into one Parquet row per article, and one rejects row, with its reason, per "
        "page that yields none.",
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="a file, a folder (read recursively) or a quoted glob of .html, .htm, .txt, "
        ".warc or .jsonl files, gzipped (.gz) or not; default: seeds/",
    )
    parser.add_argument(
        "--output",
        "-o",
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder for the articles/, rejects/ and templates/ Parquet parts; default: ./output",
    )
    parser.add_argument(
        "--templates",
        metavar="PATH",
        help="reuse the site templates of an earlier run (its OUTPUT/templates folder), merged "
        "with those this run learns",
    )
    parser.add_argument(
        "--no-learn-templates",
        dest="learn_templates",
        action="store_false",
        help="do not learn site templates (lines recurring on at least half of a site's text "
        "dumps) in a first pass over the inputs",
    )
    parser.add_argument(
        "--batch-files",
        type=int,
        default=DEFAULT_BATCH_FILES,
        metavar="N",
        help=f"input files per batch (one pair of parts each); default: {DEFAULT_BATCH_FILES}",
    )
    parser.add_argument(
        "--shard-records",
        type=int,
        default=DEFAULT_SHARD_RECORDS,
        metavar="N",
        help="cut WARC and JSONL files with more records into shards of N records, cleaned in "
        f"parallel like batches; default: {DEFAULT_SHARD_RECORDS}",
    )
    parser.add_argument(
        "--page-timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="stop a page that takes longer and reject it as 'timeout'; default: 120",
    )
    parser.add_argument(
        "--page-memory",
        type=int,
        default=2048,
        metavar="MB",
        help="stop a page that needs more memory and reject it as 'memory'; default: 2048",
    )
    parser.add_argument(
        "--max-page-size",
        type=int,
        default=DEFAULT_MAX_PAGE_BYTES // 2**20,
        metavar="MB",
        help="reject a page larger than this after decompression as 'too_large'; default: 64",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="batches cleaned at once, each in its own worker process; default: one per CPU",
    )
    parser.add_argument(
        "--dask-address",
        metavar="ADDRESS",
        default=None,  # the flow's own task runner reads $BOILERSTRIP_DASK_ADDRESS
        help="run the batches on the Dask cluster whose scheduler is at ADDRESS "
        f"(tcp://host:8786); default: ${DASK_ADDRESS_ENV}, else this machine",
    )
    parser.add_argument(
        "--redo",
        action="store_true",
        help="clean every batch again, even those an earlier run into DIR finished",
    )
    for name, default in (("url", "url"), ("html", "html"), ("text", "text")):
        parser.add_argument(
            f"--jsonl-{name}-field",
            default=default,
            metavar="NAME",
            help=f"the JSONL field with the page's {name}; default: {default}",
        )
    parser.add_argument(
        "--jsonl-fetched-at-field",
        default="fetched_at",
        metavar="NAME",
        help="the JSONL field with the crawl time (ISO 8601 or epoch seconds); default: fetched_at",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the flow from the command line and print its summary."""
    args = build_parser().parse_args(argv)
    inputs = args.inputs or list(DEFAULT_INPUTS)
    try:
        discover(inputs)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    flow_to_run = (
        clean.with_options(task_runner=dask_task_runner(args.dask_address))
        if args.dask_address
        else clean
    )
    if _runs_here(flow_to_run.task_runner):
        start_forkserver()  # it loads the extraction modules while Prefect starts
    # Started now, it boots while the forkserver loads (see flows.local_server).
    server = TemporaryServer() if needs_temporary_server() else None
    try:
        with temporary_api(server):
            summary = flow_to_run(
                inputs=inputs,
                output=args.output,
                learn_templates=args.learn_templates,
                templates=args.templates,
                batch_files=args.batch_files,
                shard_records=args.shard_records,
                page_timeout_s=args.page_timeout,
                page_memory_mb=args.page_memory,
                max_page_mb=args.max_page_size,
                redo=args.redo,
                workers=args.workers,
                jsonl_url_field=args.jsonl_url_field,
                jsonl_html_field=args.jsonl_html_field,
                jsonl_text_field=args.jsonl_text_field,
                jsonl_fetched_at_field=args.jsonl_fetched_at_field,
            )
    except OutputLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    # The flow of the importable module, not of this one (named __main__): a Dask worker
    # imports the tasks of flows.clean by name, where those of __main__ would travel by value,
    # and their results with them (a slotted dataclass does not survive that trip).
    from flows.clean import main as importable_main

    sys.exit(importable_main())
