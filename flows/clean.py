"""The ``clean`` flow: page dumps in, clean articles and rejects out as Parquet.

Run it locally with ``python -m flows.clean [INPUT ...] [--output DIR]``, or deploy it with
``prefect.yaml``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extractors.pipeline import doc_id, process_page, template_keys
from extractors.record import (
    Article,
    Reject,
    TemplateLine,
    articles_table,
    rejects_table,
    template_lines,
    templates_table,
)
from extractors.templates import SiteTemplate, learn_templates, site_templates
from flows.inputs import READ_ERRORS, InputError, TooLarge, discover, format_hint, read_bytes
from flows.parquet_io import part_name, write_part

DEFAULT_INPUTS = ("seeds",)
DEFAULT_OUTPUT = "output"
# A page larger than this (after gunzip) is rejected unread: a gzip bomb or not a page.
DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """The run's settings, built once from the flow's parameters."""

    output: Path
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    learn_templates: bool = True
    templates_from: Path | None = None


@dataclass(slots=True)
class BatchSummary:
    """What one batch did: counts and file paths, never documents."""

    pages: int = 0
    articles: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def _unreadable_id(source: str) -> str:
    """A stable id for an input whose bytes could not be read."""
    return hashlib.sha256(f"unreadable:{source}".encode()).hexdigest()


def _clean_one(
    source: str,
    config: CleanConfig,
    processed_at: datetime,
    templates: Mapping[str, SiteTemplate],
) -> Article | Reject:
    """Read and clean one file; every failure becomes a ``Reject``."""
    try:
        raw = read_bytes(source, config.max_page_bytes)
    except TooLarge as exc:
        return Reject(_unreadable_id(source), source, "too_large", str(exc), processed_at)
    except READ_ERRORS as exc:
        return Reject(
            _unreadable_id(source),
            source,
            "read_error",
            f"{type(exc).__name__}: {exc}",
            processed_at,
        )
    try:
        return process_page(
            raw,
            source,
            input_format=format_hint(source),
            processed_at=processed_at,
            templates=templates,
        )
    except Exception as exc:  # the flow boundary: a bug in one page must not stop the run
        get_run_logger().exception("internal error on %s", source)
        return Reject(
            doc_id(raw), source, "internal_error", f"{type(exc).__name__}: {exc}", processed_at
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


@task(name="learn-templates", cache_policy=NO_CACHE, persist_result=False)
def learn_site_templates(sources: list[str], config: CleanConfig) -> str | None:
    """First pass: learn each site's template lines and write them to ``templates/``.

    Returns the part's path, or None when there is nothing to learn or reuse.
    """
    logger = get_run_logger()
    pages = []
    if config.learn_templates:
        for source in sources:
            try:
                raw = read_bytes(source, config.max_page_bytes)
            except (TooLarge, *READ_ERRORS):
                continue  # the second pass rejects it with its reason
            keys = template_keys(raw, source, input_format=format_hint(source))
            if keys is not None:
                pages.append(keys)
    learned = learn_templates(pages)
    reused = _load_templates(config.templates_from)
    lines = sorted(
        {(t.site, t.line_hash): t for t in [*reused, *learned]}.values(),
        key=lambda t: (t.site, t.line_hash),
    )
    logger.info(
        "templates: %d lines learned over %d sites, %d reused",
        len(learned),
        len({t.site for t in learned}),
        len(reused),
    )
    if not lines:
        return None
    path = config.output / "templates" / part_name(sources)
    write_part(templates_table(lines), path)
    return str(path)


@task(name="clean-batch", cache_policy=NO_CACHE, persist_result=False)
def clean_batch(
    sources: list[str],
    config: CleanConfig,
    processed_at: datetime,
    templates_path: str | None = None,
) -> BatchSummary:
    """Clean a batch of files and write its articles and rejects parts."""
    logger = get_run_logger()
    templates = site_templates(_load_templates(Path(templates_path) if templates_path else None))
    articles: list[Article] = []
    rejects: list[Reject] = []
    for source in sources:
        record = _clean_one(source, config, processed_at, templates)
        (articles if isinstance(record, Article) else rejects).append(record)  # type: ignore[arg-type]
    name = part_name(sources)
    article_path = config.output / "articles" / name
    reject_path = config.output / "rejects" / name
    write_part(articles_table(articles), article_path)
    write_part(rejects_table(rejects), reject_path)
    summary = BatchSummary(
        pages=len(sources),
        articles=len(articles),
        rejects=dict(Counter(r.reason for r in rejects)),
        removed=dict(Counter(r.kind for a in articles for r in a.removed)),
        files=[str(article_path), str(reject_path)],
    )
    logger.info(
        "batch %s: %d pages, %d articles, %d rejects",
        name,
        summary.pages,
        summary.articles,
        len(rejects),
    )
    return summary


@flow(name="clean", persist_result=False)
def clean(
    inputs: list[str] | None = None,
    output: str = DEFAULT_OUTPUT,
    learn_templates: bool = True,
    templates: str | None = None,
) -> dict[str, Any]:
    """Clean page dumps into ``OUTPUT/articles`` and ``OUTPUT/rejects`` Parquet.

    Args:
        inputs: files, folders (read recursively) or globs of ``.html``, ``.htm`` and ``.txt``
            page dumps, gzipped or not. Defaults to ``seeds``.
        output: the folder the Parquet parts are written to.
        learn_templates: learn each site's template (lines that recur on at least half of a
            site's text dumps, from 3 pages on) in a first pass, strip it, and write it to
            ``OUTPUT/templates``.
        templates: a ``templates`` folder (or part file) of an earlier run whose site
            templates are reused, merged with those learned now.

    Returns:
        A summary: pages read, articles written, rejects by reason, files written.
    """
    logger = get_run_logger()
    config = CleanConfig(
        output=Path(output),
        learn_templates=learn_templates,
        templates_from=Path(templates) if templates else None,
    )
    found = discover(list(inputs or DEFAULT_INPUTS))
    if found.skipped:
        logger.warning(
            "skipped %d files that are not page dumps, e.g. %s",
            len(found.skipped),
            found.skipped[0],
        )
    processed_at = datetime.now(UTC)
    templates_path = learn_site_templates(list(found.sources), config)
    batch = clean_batch(list(found.sources), config, processed_at, templates_path)
    summary = asdict(batch)
    summary["skipped"] = list(found.skipped)
    summary["output"] = str(config.output)
    summary["templates"] = templates_path
    return summary


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
        description="Clean raw page dumps (HTML or whole-page text) into one Parquet row per "
        "article, and one rejects row, with its reason, per input that yields none.",
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="a file, a folder (read recursively) or a quoted glob of .html, .htm or .txt "
        "dumps, gzipped (.gz) or not; default: seeds/",
    )
    parser.add_argument(
        "--output",
        "-o",
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder for articles/ and rejects/ Parquet parts; default: ./output",
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
    summary = clean(
        inputs=inputs,
        output=args.output,
        learn_templates=args.learn_templates,
        templates=args.templates,
    )
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
