"""The run's options, each written once: its name, type, default and help, from which the flow's
parameters, the command line and the run's ``CleanConfig`` are all built."""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import SecretStr

from extractors.inputs.formats import CONTAINER_SUFFIXES, FORMAT_BY_SUFFIX
from extractors.inputs.jsonl import JsonlFields
from extractors.record import PIPELINE_VERSION
from flows.isolation import PageLimits
from flows.store import (
    NO_OPTIONS,
    AnyPath,
    StoreError,
    StoreOptions,
    StorePath,
    as_path,
    is_url,
    local_text,
    parse_option,
)

MiB = 2**20


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a run: a parameter of the flow, and a flag of the command line.

    ``flag`` is None for the positional ``INPUT`` arguments and for a boolean that is on by
    default, which ``negated`` turns off. ``changes_output`` says whether the option changes
    what the job writes for the same input: a rerun into an output written with another value
    cannot resume it (see ``run_key``). A ``repeated`` flag is given once per ``KEY=VALUE``.
    """

    name: str
    annotation: Any
    default: Any
    help: str
    flag: str | None = None
    metavar: str | None = None
    negated: str | None = None
    short: str | None = None
    changes_output: bool = False
    repeated: bool = False


# What a run reads when it is given no input.
DEFAULT_INPUTS = ("seeds",)
_NAMES = ", ".join(sorted(FORMAT_BY_SUFFIX) + sorted(CONTAINER_SUFFIXES))

OPTIONS: tuple[Option, ...] = (
    Option(
        "inputs",
        list[str] | None,
        None,
        f"files, folders (read recursively) or quoted globs of page dumps: {_NAMES}, gzipped "
        f"(.gz) or not (a file named directly is always read); local paths or URLs of an fsspec "
        f"store (s3://bucket/crawl/); default: {' '.join(DEFAULT_INPUTS)}",
        metavar="INPUT",
    ),
    Option(
        "output",
        str,
        "output",
        "the folder the articles/, rejects/, signatures/, stories/ and templates/ Parquet "
        "parts are written to: a local folder or a URL of an fsspec store (s3://bucket/clean)",
        flag="--output",
        short="-o",
        metavar="DIR",
    ),
    Option(
        "learn_templates",
        bool,
        True,
        "learn each site's template (lines on at least half of a site's text dumps, from 3 "
        "pages on) in a first pass over the inputs, strip it, and write it to OUTPUT/templates",
        negated="--no-learn-templates",
        changes_output=True,
    ),
    Option(
        "templates",
        str | None,
        None,
        "reuse the site templates of an earlier run (its OUTPUT/templates folder or one part "
        "file), merged with those this run learns",
        flag="--templates",
        metavar="PATH",
        changes_output=True,
    ),
    Option(
        "batch_files",
        int,
        500,
        "input files per batch; a batch writes one articles part and one rejects part",
        flag="--batch-files",
        metavar="N",
    ),
    Option(
        "shard_records",
        int,
        2000,
        "a WARC or JSONL file with more records is cut into shards of N records, cleaned in "
        "parallel like batches",
        flag="--shard-records",
        metavar="N",
    ),
    Option(
        "page_timeout_s",
        float,
        120.0,
        "a page that takes longer is stopped and rejected as 'timeout'",
        flag="--page-timeout",
        metavar="SECONDS",
    ),
    Option(
        "page_memory_mb",
        int,
        2048,
        "a page that needs more memory is stopped and rejected as 'memory'",
        flag="--page-memory",
        metavar="MB",
    ),
    Option(
        "max_page_mb",
        int,
        64,
        "a page larger than this after decompression is rejected unread as 'too_large'",
        flag="--max-page-size",
        metavar="MB",
        changes_output=True,
    ),
    Option(
        "redo",
        bool,
        False,
        "clean again what an earlier run into OUTPUT finished, replacing its parts (and "
        "dropping parts written by another version or with other options)",
        flag="--redo",
    ),
    Option(
        "workers",
        int | None,
        None,
        "batches cleaned at once, each in its own worker process; default: one per CPU",
        flag="--workers",
        metavar="N",
    ),
    *(
        Option(
            f"jsonl_{name}_field",
            str,
            name,
            f"the JSONL field holding a page's {what}",
            flag=f"--jsonl-{name.replace('_', '-')}-field",
            metavar="NAME",
            changes_output=True,
        )
        for name, what in (
            ("url", "url"),
            ("html", "HTML"),
            ("text", "text, when it has no HTML"),
            ("fetched_at", "crawl time (ISO 8601 or epoch seconds)"),
        )
    ),
    Option(
        "storage_options",
        SecretStr | None,
        None,
        "an option of the object stores of the inputs and the output, passed to fsspec "
        "(endpoint_url=http://127.0.0.1:9000, key=..., anon=true); repeat it for more; as a "
        "parameter, a JSON object in a secret string, never shown",
        flag="--storage-option",
        metavar="KEY=VALUE",
        repeated=True,
    ),
)
DEFAULTS: dict[str, Any] = {option.name: option.default for option in OPTIONS}


def flow_signature() -> inspect.Signature:
    """The flow's signature: one keyword parameter per option, with its type and default."""
    return inspect.Signature(
        [
            inspect.Parameter(
                o.name, inspect.Parameter.KEYWORD_ONLY, default=o.default, annotation=o.annotation
            )
            for o in OPTIONS
        ],
        return_annotation=dict[str, Any],
    )


def flow_docstring(summary: str) -> str:
    """The flow's docstring: ``summary``, then each option's help (Prefect shows them in its UI)."""
    args = "\n".join(f"    {o.name}: {o.help}" for o in OPTIONS)
    return f"{summary}\n\nArgs:\n{args}\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options as the command line's arguments, their defaults those of the flow."""
    for o in OPTIONS:
        if o.negated is not None:
            parser.add_argument(
                o.negated, dest=o.name, action="store_false", help=f"do not {o.help}"
            )
        elif o.flag is None:
            parser.add_argument(o.name, nargs="*", metavar=o.metavar, help=o.help)
        elif o.annotation is bool:
            parser.add_argument(o.flag, dest=o.name, action="store_true", help=o.help)
        elif o.repeated:
            parser.add_argument(
                o.flag,
                dest=o.name,
                action="append",
                type=_key_value,
                metavar=o.metavar,
                help=o.help,
            )
        else:
            flags = [o.flag, o.short] if o.short else [o.flag]
            # the type of an optional value ("int | None") is the one that is not None
            kinds = [t for t in get_args(o.annotation) if t is not type(None)]
            kind = kinds[0] if kinds else o.annotation
            default = "" if o.default is None else f"; default: {o.default}"
            parser.add_argument(
                *flags,
                dest=o.name,
                type=kind,
                default=o.default,
                metavar=o.metavar,
                help=o.help + default,
            )


def _key_value(text: str) -> tuple[str, Any]:
    """A ``KEY=VALUE`` argument, or argparse's one-line error."""
    try:
        return parse_option(text)
    except StoreError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def secret_options(pairs: list[tuple[str, Any]] | None) -> SecretStr | None:
    """Store options as the flow's parameter: a JSON object in a secret string, which Prefect
    stores and shows as asterisks."""
    return SecretStr(json.dumps(dict(pairs))) if pairs else None


def store_options_of(value: Any) -> StoreOptions:
    """The store options of the ``storage_options`` parameter: a secret string (or a plain
    one) holding a JSON object, or a mapping."""
    if value is None:
        return StoreOptions()
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise StoreError("storage_options is not a JSON object") from None
    if not isinstance(value, Mapping):
        raise StoreError("storage_options is not a JSON object")
    return StoreOptions.of(value)


def parameters_from(args: argparse.Namespace) -> dict[str, Any]:
    """The flow's parameters from parsed command-line arguments."""
    parameters = {o.name: getattr(args, o.name) for o in OPTIONS}
    parameters["storage_options"] = secret_options(parameters["storage_options"])
    return parameters


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """The run's settings, built once from the flow's parameters (``build_config``)."""

    output: AnyPath
    max_page_bytes: int
    learn_templates: bool
    templates_from: AnyPath | None
    batch_files: int
    shard_records: int
    limits: PageLimits
    redo: bool
    jsonl_fields: JsonlFields
    run_key: str
    # The options the stores of the inputs and the output are opened with (names only in text).
    store_options: StoreOptions = NO_OPTIONS


def run_key(parameters: Mapping[str, Any]) -> str:
    """What the output of a run depends on besides its inputs: the pipeline's version and the
    options that change output (a templates path by the file it names), as a short hash."""
    given = {o.name: parameters.get(o.name, o.default) for o in OPTIONS if o.changes_output}
    if given.get("templates") and not is_url(given["templates"]):
        given["templates"] = os.path.realpath(local_text(given["templates"]))
    blob = json.dumps({"version": PIPELINE_VERSION, **given}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


# The ranges the per-page limits must lie in: below them no page could be cleaned.
MIN_PAGE_TIMEOUT_S = 1.0
MIN_PAGE_MEMORY_MB = 256


def settings_errors(parameters: Mapping[str, Any]) -> list[str]:
    """What is wrong with a run's settings, one sentence each, found before it starts: an
    output that is a file or cannot be written, a per-page limit out of range, a templates
    path that is neither a folder nor a Parquet file."""
    p = {**DEFAULTS, **parameters}
    errors: list[str] = []
    try:
        options = store_options_of(p["storage_options"])
        output = as_path(p["output"], options)
        templates_path = as_path(p["templates"], options) if p["templates"] else None
    except StoreError as exc:
        return [str(exc)]
    if isinstance(output, StorePath):
        errors += _store_output_errors(output)
    elif output.exists() and not output.is_dir():
        errors.append(f"--output {output} is a file, not a folder")
    else:
        existing = next((d for d in (output, *output.parents) if d.exists()), Path("."))
        if not os.access(existing, os.W_OK | os.X_OK):
            errors.append(f"--output {output} cannot be written: {existing} is not writable")
    if not p["page_timeout_s"] >= MIN_PAGE_TIMEOUT_S:
        errors.append(f"--page-timeout must be at least {MIN_PAGE_TIMEOUT_S:g} seconds")
    if not p["page_memory_mb"] >= MIN_PAGE_MEMORY_MB:
        errors.append(f"--page-memory must be at least {MIN_PAGE_MEMORY_MB} MB")
    templates = p["templates"]
    if templates_path is not None and not _is_templates(templates_path):
        errors.append(
            f"--templates {templates} is neither a folder of template parts nor a .parquet file"
        )
    return errors


def _is_templates(path: AnyPath) -> bool:
    """Whether ``path`` is a folder, or a Parquet file (a store that cannot be reached: no)."""
    try:
        return path.is_dir() or (path.is_file() and path.name.endswith(".parquet"))
    except Exception:  # the store's errors: said as this path being neither
        return False


def _store_output_errors(output: StorePath) -> list[str]:
    """What keeps a run from writing to ``output`` in an object store, seen before it starts:
    no such bucket, no access, a file of that name."""
    bucket = output.path.split("/", 1)[0]
    try:
        fs = output.fs
        fs.invalidate_cache()
        if not fs.exists(bucket):
            return [f"--output {output}: the bucket {bucket} does not exist or cannot be seen"]
        if fs.isfile(output.path):
            return [f"--output {output} is a file, not a folder"]
    except PermissionError:
        return [f"--output {output} cannot be reached: access denied"]
    except Exception as exc:  # the store's own errors: a bad endpoint, no credentials
        return [f"--output {output} cannot be reached: {type(exc).__name__}: {exc}"]
    return []


def build_config(parameters: Mapping[str, Any]) -> CleanConfig:
    """The run's settings from the flow's parameters (missing ones take their defaults)."""
    p = {**DEFAULTS, **parameters}
    options = store_options_of(p["storage_options"])
    return CleanConfig(
        output=as_path(p["output"], options),
        max_page_bytes=p["max_page_mb"] * MiB,
        learn_templates=p["learn_templates"],
        templates_from=as_path(p["templates"], options) if p["templates"] else None,
        batch_files=max(1, p["batch_files"]),
        shard_records=max(1, p["shard_records"]),
        limits=PageLimits(timeout_s=p["page_timeout_s"], memory_bytes=p["page_memory_mb"] * MiB),
        redo=p["redo"],
        jsonl_fields=JsonlFields(
            p["jsonl_url_field"],
            p["jsonl_html_field"],
            p["jsonl_text_field"],
            p["jsonl_fetched_at_field"],
        ),
        run_key=run_key(p),
        store_options=options,
    )
