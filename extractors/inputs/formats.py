"""The one table of input formats: which file name endings hold pages, which hold containers."""

from __future__ import annotations

import os

from extractors.record import InputFormat

# File name endings of plain pages, and the format each suggests (after a ".gz").
FORMAT_BY_SUFFIX: dict[str, InputFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
}
# File name endings of containers of pages; their content says what they hold.
CONTAINER_SUFFIXES = frozenset({".warc", ".arc", ".jsonl", ".ndjson"})


def format_hint(name: str | None) -> InputFormat | None:
    """The format a file name's extension suggests ("html", "text"), after a ".gz"; else None."""
    if not name:
        return None
    return FORMAT_BY_SUFFIX.get(os.path.splitext(name.lower().removesuffix(".gz"))[1])


def is_input_name(name: str) -> bool:
    """Whether a file's name says it holds pages: a page, WARC or JSONL file, gzipped or not."""
    suffix = os.path.splitext(name.lower().removesuffix(".gz"))[1]
    return suffix in FORMAT_BY_SUFFIX or suffix in CONTAINER_SUFFIXES
