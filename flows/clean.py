"""The ``clean`` flow and its tasks: page dumps in, clean articles and rejects out as Parquet.

Run it locally with ``python -m flows.clean [INPUT ...] [--output DIR]`` (see ``flows.cli``), or
deploy it with ``prefect.yaml``. Its parameters are the options of ``flows.config``.
"""

from __future__ import annotations

if __name__ == "__main__":
    # The command line, before this module's imports: a Ctrl-C while Prefect loads ends it in
    # one line, as one later does. It runs the flow of the importable module, not of this one
    # (named __main__): a Dask worker imports the tasks of flows.clean by name, where those of
    # __main__ would travel by value, and their results with them.
    from flows.cli import console

    console()

import contextlib
import os
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.exceptions import TerminationSignal
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from extractors.inputs.formats import format_hint
from extractors.inputs.page import PageRecord
from extractors.pipeline import TemplatePage, template_page
from extractors.record import (
    ARTICLE_SCHEMA,
    REJECT_SCHEMA,
    SIGNATURE_SCHEMA,
    Article,
    TemplateLine,
    articles_table,
    rejects_table,
    signatures_table,
    template_lines,
    templates_table,
)
from extractors.stories.signatures import article_signature
from extractors.text.templates import SiteTemplate, TemplateLearner, site_templates
from flows import run_state
from flows.batches import (
    BatchSummary,
    Finished,
    Unit,
    batch_part_name,
    cut_batches,
    format_summary,
    merge_summaries,
    page_jobs,
    part_metadata,
    read_finished,
    read_records,
    resumed_summary,
    unit_of,
    units_of,
)
from flows.config import (
    DEFAULT_INPUTS,
    CleanConfig,
    build_config,
    flow_docstring,
    flow_signature,
    settings_errors,
)
from flows.inputs import discover
from flows.isolation import (
    PageWorker,
    Signed,
    close_pooled_workers,
    pooled_worker,
    start_forkserver,
)
from flows.parquet_io import (
    PartWriter,
    output_lock,
    part_name,
    read_table,
    remove_stale_parts,
    write_part,
)
from flows.store import (
    PREFETCH_OBJECTS,
    AnyPath,
    as_path,
    is_url,
    prefetch,
    run_cache,
)
from flows.stories import build_stories

# Set to a Dask scheduler's address ("tcp://10.0.0.5:8786") to run the batches on that cluster,
# for a deployment as for the command line (--dask-address).
DASK_ADDRESS_ENV = "BOILERSTRIP_DASK_ADDRESS"


# The line a batch logs when its parts are written (benchmarks.throughput follows the run by it).
BATCH_LOG = "batch %s: %d inputs, %d pages, %d articles, %d rejects"


def _load_templates(path: AnyPath | None) -> list[TemplateLine]:
    """Template lines from a templates folder (or one part file) of an earlier run."""
    if path is None:
        return []
    files: list[AnyPath] = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    lines: list[TemplateLine] = []
    for file in files:
        lines += template_lines(read_table(file))
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
    for record in read_records(source, config):
        page = _template_page(record)
        if page is not None:
            yield page


@task(name="first-pass", cache_policy=NO_CACHE, persist_result=False)
def first_pass(sources: list[str], config: CleanConfig) -> FirstPass:
    """Read the inputs: learn each site's template lines from its text dumps (written to
    ``templates/``), and count the records of container files that need cutting into shards
    (a page file named as HTML is not read: it has neither). The inputs holding
    text dumps of sites with enough pages are read once or twice more, as the
    ``TemplateLearner`` asks, so that memory does not grow with the pages of a site."""
    logger = get_run_logger()
    learner = TemplateLearner()
    sites_by_source: dict[str, tuple[str, ...]] = {}
    counts: dict[str, int] = {}
    # a single page has no records to count, and an HTML page teaches no template
    # (``template_page``): only containers, and text dumps when learning, are read
    read = [
        source
        for source in sources
        if (hint := format_hint(source)) is None or (config.learn_templates and hint != "html")
    ]
    for at, source in enumerate(read):
        if at % PREFETCH_OBJECTS == 0:  # page files of a store: many fetched at once
            _prefetch_pages(read[at : at + PREFETCH_OBJECTS], config)
        count, sites = _first_read(source, config, learner)
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
                    learner.read_page(page.site, page.lines(), page.digest)
    learned = learner.templates()
    reused = _load_templates(config.templates_from)
    lines = sorted(
        {(t.site, t.line_hash): t for t in [*reused, *learned]}.values(),
        key=lambda t: (t.site, t.line_hash),
    )
    logger.info(
        "first pass: learned the site template of %d sites (%d lines that recur on their "
        "pages), reused %d lines of earlier templates; %d large files to cut into shards; "
        "read the inputs %d times (sites with many pages are read again to confirm their "
        "lines)",
        len({t.site for t in learned}),
        len(learned),
        len(reused),
        len(counts),
        learner.passes,
    )
    if not lines:
        return FirstPass(None, counts)
    path = config.output / "templates" / part_name(unit_of(s).key for s in sources)
    write_part(templates_table(lines), path)
    return FirstPass(str(path), counts)


def _page_worker(
    config: CleanConfig, templates_path: str | None, pool_owner: int | None, slots: int
) -> contextlib.AbstractContextManager[PageWorker]:
    """The batch's page worker: from the pool in the process that owns it (at most ``slots``
    of its workers busy), else a new one."""

    def templates() -> dict[str, SiteTemplate]:
        saved = as_path(templates_path, config.store_options) if templates_path else None
        return site_templates(_load_templates(saved))

    if pool_owner == os.getpid():
        return pooled_worker(config.limits, templates_path, templates, slots)
    return PageWorker(config.limits, templates())


@task(name="clean-batch", cache_policy=NO_CACHE, persist_result=False)
def clean_batch(
    batch: list[Unit],
    config: CleanConfig,
    processed_at: datetime,
    templates_path: str | None = None,
    pool_owner: int | None = None,
    slots: int = 1,
) -> BatchSummary:
    """Clean a batch of units and write its articles and rejects parts, which record the
    units and the run key. In the process ``pool_owner`` (the flow's, when the batches run in
    its threads), the page worker is taken from the run's pool, which keeps ``slots`` of them
    busy, and given back for the next batch as soon as the last page is cleaned."""
    logger = get_run_logger()
    name = batch_part_name(batch, config.run_key)
    article_path, reject_path = config.output / "articles" / name, config.output / "rejects" / name
    signature_path = config.output / "signatures" / name
    meta = part_metadata(batch, config.run_key)
    reasons: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    with (
        PartWriter(article_path, ARTICLE_SCHEMA, articles_table, meta) as articles,
        PartWriter(reject_path, REJECT_SCHEMA, rejects_table, meta) as rejects,
        PartWriter(signature_path, SIGNATURE_SCHEMA, signatures_table, meta) as signatures,
    ):
        with _page_worker(config, templates_path, pool_owner, slots) as worker:
            for result, signature in _signed_records(batch, config, processed_at, worker):
                if isinstance(result, Article):
                    articles.add(result)
                    signatures.add(signature or article_signature(result))
                    removed.update(r.kind for r in result.removed)
                    languages[result.language or "unknown"] += 1
                else:
                    rejects.add(result)
                    reasons[result.reason] += 1
        if run_state.STOP.is_set():  # the run was interrupted: no part of this batch is written
            logger.info("batch %s stopped: the run was interrupted", article_path.name)
            return BatchSummary()
        # Rejects and signatures first: a batch counts as done once its articles part exists.
        rejects.commit()
        signatures.commit()
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
        BATCH_LOG,
        article_path.name,
        len(batch),
        summary.pages,
        summary.articles,
        rejects.rows,
    )
    return summary


def _first_read(source: str, config: CleanConfig, learner: TemplateLearner) -> tuple[int, set[str]]:
    """One input read by the first pass: its pages counted by the template learner; its
    record count and sites."""
    count = 0
    sites: set[str] = set()
    for record in read_records(source, config):
        count += 1
        page = _template_page(record) if config.learn_templates else None
        if page is not None:
            learner.count_page(page.site, page.line_bound, page.digest)
            sites.add(page.site)
    return count, sites


def _prefetch_pages(sources: list[str], config: CleanConfig) -> None:
    """The page files among ``sources`` that are objects of a store, fetched at once into the
    run's cache (containers are streamed when read, never fetched whole)."""
    pages = [s for s in sources if is_url(s) and format_hint(s) is not None]
    if pages:
        prefetch(pages, config.store_options)


def _signed_records(
    batch: list[Unit], config: CleanConfig, processed_at: datetime, worker: PageWorker
) -> Iterator[Signed]:
    """The records of a batch's pages with their signatures, until the run is interrupted."""
    for at, unit in enumerate(batch):
        if at % PREFETCH_OBJECTS == 0:
            _prefetch_pages([u.source for u in batch[at : at + PREFETCH_OBJECTS]], config)
        for signed in worker.map_signed(page_jobs(unit, config, processed_at), processed_at):
            if run_state.STOP.is_set():
                return
            yield signed


@task(name="stories", cache_policy=NO_CACHE, persist_result=False)
def stories(output: AnyPath) -> dict[str, Any]:
    """Group every article of the output into stories (``flows.stories``)."""
    return build_stories(output, get_run_logger())


def dask_task_runner(address: str) -> TaskRunner[Any]:
    """A task runner that sends batches to the Dask cluster at ``address``."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


def runs_here(task_runner: TaskRunner[Any]) -> bool:
    """Whether the batches run in this process's threads (their page workers forked here),
    not on a Dask cluster."""
    return isinstance(task_runner, ThreadPoolTaskRunner)


def _default_task_runner() -> TaskRunner[Any]:
    """Threads in this process (each batch has its own worker process), or a Dask cluster."""
    address = os.environ.get(DASK_ADDRESS_ENV)
    return dask_task_runner(address) if address else ThreadPoolTaskRunner()


def _clean(**parameters: Any) -> dict[str, Any]:
    logger = get_run_logger()
    run_context = FlowRunContext.get()
    local = run_context is not None and runs_here(run_context.task_runner)
    if local:
        start_forkserver()  # the batches' workers run here: have it load during the first pass
    problems = settings_errors(parameters)
    if problems:
        raise ValueError("; ".join(problems))
    config = build_config(parameters)
    found = discover(list(parameters["inputs"] or DEFAULT_INPUTS), config.store_options)
    if found.skipped:
        logger.warning(
            "skipped %d files that are not page dumps, e.g. %s",
            len(found.skipped),
            found.skipped[0],
        )
    units = units_of(found.sources)
    run_id = str(run_context.flow_run.id) if run_context and run_context.flow_run else None
    # page files from a store are read again from this machine's disk after their first read
    remote = any(is_url(source) for source in found.sources)
    cache = run_cache() if remote else contextlib.nullcontext()
    with output_lock(config.output, run_id, logger), cache:
        stale = remove_stale_parts(config.output)
        if stale:
            logger.warning("removed %d unfinished part files of an interrupted run", stale)
        finished, dropped = read_finished(config, {u.key for u in units})
        if dropped:
            logger.warning("removed %d parts this run replaces or an interrupted run left", dropped)
        processed_at = datetime.now(UTC)
        found_first = first_pass(list(found.sources), config)
        templates_path = found_first.templates_path
        left = {unit: finished.left(unit) for unit in units}
        todo = [piece for pieces in left.values() for piece in pieces]
        batches = cut_batches(todo, config, found_first.record_counts)
        if not run_state.SIGNALLED:
            run_state.STOP.clear()
        try:
            with _stopped_by_sigterm():
                summaries = _run_batches(
                    batches, config, processed_at, templates_path, workers_of(parameters), local
                )
        except BaseException:
            run_state.STOP.set()  # the batches under way stop at their next page
            raise
        finally:
            close_pooled_workers()
        if run_state.STOP.is_set():  # a signal whose exception never reached this thread
            if signal.SIGTERM in run_state.SIGNALLED:
                raise TerminationSignal(signal=signal.SIGTERM)  # as Prefect's handler raises it
            raise run_state.Interrupted
        grouped = stories(config.output)
    resumed = _resumed(config, finished, units)
    summary = merge_summaries(summaries + resumed, len(units), sum(not p for p in left.values()))
    summary["skipped"] = list(found.skipped)
    summary["output"] = str(config.output)
    summary["templates"] = templates_path
    summary["stories"] = grouped
    _publish_artifacts(summary)
    return summary


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """While the batches of a command-line run run, SIGTERM also stops them through
    ``run_state.STOP``, then goes to the handler before this one (Prefect's, which raises
    where the flow is): its exception may be lost, the stop is not."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not (in_main_thread and run_state.COMMAND_LINE.is_set()):
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: Any) -> None:
        run_state.on_signal(signum)
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def workers_of(parameters: dict[str, Any]) -> int:
    """Batches run at once: the ``workers`` parameter, else one per CPU."""
    return int(parameters["workers"] or os.cpu_count() or 1)


def _resumed(config: CleanConfig, finished: Finished, units: list[Unit]) -> list[BatchSummary]:
    """The summaries of the parts earlier runs finished that hold this run's inputs."""
    keys = {u.key for u in units}
    parts = sorted(part for part, held in finished.parts.items() if not keys.isdisjoint(held))
    return [resumed_summary(config.output, part) for part in parts]


_clean.__signature__ = flow_signature()  # type: ignore[attr-defined]
_clean.__doc__ = flow_docstring(
    "Clean page dumps into ``OUTPUT/articles`` and ``OUTPUT/rejects`` Parquet, one row per "
    "article and one per input that yields none. Returns a summary: pages read, articles "
    "written, rejects by reason, files written."
)
clean = flow(name="clean", persist_result=False, task_runner=_default_task_runner())(_clean)


def _run_batches(
    batches: list[list[Unit]],
    config: CleanConfig,
    processed_at: datetime,
    templates_path: str | None,
    workers: int,
    local: bool,
) -> list[BatchSummary]:
    """Clean every batch, ``workers`` at a time, and report progress. With the batches in this
    process's threads (``local``), one more batch is started than there are workers: its task
    under way, it takes the first worker given back, while the batch that gave it back writes
    its parts."""
    # Called from the flow's (synchronous) thread, it returns the id, not a coroutine.
    progress = cast(
        UUID, create_progress_artifact(0.0, key="clean-progress", description="batches done")
    )
    done: list[BatchSummary] = []
    pending: list[PrefectFuture[BatchSummary]] = []
    in_flight = workers + 1 if local else workers

    run_state.PROGRESS.update(done=0, batches=len(batches))

    def finished(summary: BatchSummary) -> None:
        done.append(summary)
        run_state.PROGRESS["done"] = len(done)
        update_progress_artifact(progress, 100.0 * len(done) / max(len(batches), 1))

    for batch in batches:
        while len(pending) >= in_flight:
            finished(_first_done(pending).result())
        pending.append(
            clean_batch.submit(batch, config, processed_at, templates_path, os.getpid(), workers)
        )
    while pending:
        finished(_first_done(pending).result())
    if not batches:
        update_progress_artifact(progress, 100.0)
    return done


def _first_done(pending: list[PrefectFuture[BatchSummary]]) -> PrefectFuture[BatchSummary]:
    """The first of the running batches to end, taken off ``pending``: its slot takes the
    next batch at once, however long the others run."""
    future = next(as_completed(pending))
    pending.remove(future)
    return future


# What each count of the table artifact counts, by its measure's prefix.
_COUNTS = {
    "pages read": "pages (records of the inputs) in the output for this run's inputs",
    "articles": "article rows in the output for this run's inputs",
    "reject": "pages rejected for this reason",
    "removed": "segments of this kind stripped, over all articles (not pages)",
    "language": "articles in this language",
    "stories": "stories over every article of the output folder",
    "story role": "articles with this role in their story",
    "story flag": "articles with this flag",
}
# Reasons of rejects the markdown artifact names, the most frequent first.
TOP_REJECTS = 5


def _shown(output: str) -> str:
    """An output as the run's artifact names it: a URL as it is, a local folder resolved."""
    return output if is_url(output) else str(Path(output).resolve())


def _publish_artifacts(summary: dict[str, Any]) -> None:
    """The run's counts as a table and a markdown summary in the Prefect UI."""
    rows = [
        {"measure": "pages read", "value": summary["pages"]},
        {"measure": "articles", "value": summary["articles"]},
    ]
    for label, key in (("reject", "rejects"), ("removed", "removed"), ("language", "languages")):
        rows += [{"measure": f"{label}: {k}", "value": v} for k, v in sorted(summary[key].items())]
    grouped = summary.get("stories")
    if grouped:
        rows.append({"measure": "stories", "value": grouped["stories"]})
        rows += [
            {"measure": f"story role: {role}", "value": n}
            for role, n in sorted(grouped["roles"].items())
        ]
        rows.append({"measure": "story flag: spun", "value": grouped["spun"]})
    for row in rows:
        row["counts"] = _COUNTS[str(row["measure"]).split(":")[0]]
    create_table_artifact(rows, key="clean-counts", description="What the run read and wrote")
    languages = ", ".join(
        f"{lang} {n}" for lang, n in sorted(summary["languages"].items(), key=lambda x: -x[1])
    )
    rejects = ", ".join(
        f"{reason} {n}"
        for reason, n in sorted(summary["rejects"].items(), key=lambda x: -x[1])[:TOP_REJECTS]
    )
    lines = [
        "## boilerstrip clean run",
        "",
        f"Output folder: `{_shown(summary['output'])}`",
        "",
        f"Languages of the articles: {languages or 'none'}",
        "",
        f"Most frequent rejects: {rejects or 'none'}",
        "",
        "```",
        format_summary(summary),
        "```",
        "",
    ]
    create_markdown_artifact("\n".join(lines), key="clean-summary", description="Run summary")
