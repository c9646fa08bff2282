"""Input containers: the pages of a dump file, read as WARC, JSONL or a plain page, gzipped or not.

``iter_records`` tells the container from the content (never from the name alone) and yields one
``PageRecord`` per page, or per part of the file that could not be read, with a stable reason.
Every read is bounded: no page is held past ``max_page_bytes``, decompression runs in blocks, and
no bad bytes raise. Gzip is inflated here, member by member, so a per-record ``warc.gz`` and a
``warc.gz`` compressed as a whole both read; warcio parses the WARC and HTTP headers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO, Literal

from extractors.inputs.formats import format_hint
from extractors.inputs.jsonl import DEFAULT_FIELDS, JsonlFields, jsonl_pages
from extractors.inputs.page import PageRecord, failed_record
from extractors.inputs.streams import (
    GZIP_MAGIC,
    UTF8_BOM,
    Damaged,
    Gunzipped,
    RawSource,
    Reader,
    read_blocks,
    read_capped,
    too_large,
)
from extractors.inputs.warc import warc_pages
from extractors.record import InputFormat

ContainerKind = Literal["gzip", "warc", "jsonl", "page"]

# Bytes looked at to tell a container's kind: room for a long first JSONL line.
SNIFF_BYTES = 64 * 1024
# A WARC file's first line: the version, then the end of the line (WARC 1.0 and 1.1).
WARC_START = re.compile(rb"WARC/1\.[01](?:\r?\n|$)")
# A JSON object that starts with a key: how a JSONL line too long to sniff begins.
JSON_OBJECT_START = re.compile(rb"\{\s*(?:\"|\}|$)")


def detect_container(head: bytes) -> ContainerKind:
    """The kind of container the first bytes of a file (or of gunzipped data) start.

    "gzip" for the gzip magic; "warc" for a ``WARC/1.0`` or ``WARC/1.1`` first line; "jsonl"
    when the first non-space byte is ``{`` and a whole line of ``head`` parses as a JSON object
    (or the first line is too long to end within ``head`` and starts as an object with a key);
    "page" for anything else.
    """
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if WARC_START.match(head):
        return "warc"
    if _looks_like_jsonl(head):
        return "jsonl"
    return "page"


def _looks_like_jsonl(head: bytes) -> bool:
    """Whether a head is the start of JSON lines."""
    body = head.removeprefix(UTF8_BOM).lstrip()
    if not body.startswith(b"{"):
        return False
    lines = body.split(b"\n")
    if len(lines) == 1 and not _is_json_object(body):
        return bool(JSON_OBJECT_START.match(body))
    complete = lines if len(head) < SNIFF_BYTES else lines[:-1]
    return any(_is_json_object(line) for line in complete if line.strip())


def _is_json_object(line: bytes) -> bool:
    """Whether a line parses as a JSON object."""
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def iter_records(
    stream: BinaryIO,
    source: str,
    *,
    max_page_bytes: int,
    fields: JsonlFields = DEFAULT_FIELDS,
    name_hint: str | None = None,
) -> Iterator[PageRecord]:
    """Yield the pages of one input file, read from ``stream`` from its current position.

    The container is told from the content: gzip is inflated (member by member, streaming) and
    its content told in turn; a WARC yields one record per ``response`` or ``resource`` record;
    JSON lines one per non-blank line; anything else is one plain page, with a format hint from
    ``name_hint``'s extension. No page is held past ``max_page_bytes`` (after decompression):
    a longer one yields a ``too_large`` record and reading goes on. Bytes that cannot be read
    yield a record with ``error`` set (see ``CONTAINER_REASONS``), after every page before
    them; a file whose reading cannot go on stops there. Never raises on bad input.
    """
    if max_page_bytes < 0:
        raise ValueError(f"max_page_bytes must be >= 0, not {max_page_bytes}")
    reader: Reader = RawSource(stream)
    try:
        kind = detect_container(reader.peek(SNIFF_BYTES))
        if kind == "gzip":
            reader = Gunzipped(reader)
            kind = detect_container(reader.peek(SNIFF_BYTES))
    except Damaged as damage:
        yield failed_record(source, damage)
        return
    if kind == "warc":
        yield from warc_pages(reader, source, max_page_bytes)
    elif kind == "jsonl":
        yield from jsonl_pages(reader, source, max_page_bytes, fields)
    else:  # a plain page; gzip inside gzip too, which the pipeline rejects as not_text
        yield _plain_page(reader, source, max_page_bytes, format_hint(name_hint))


# --- plain pages -------------------------------------------------------------------------------


def _plain_page(reader: Reader, source: str, cap: int, hint: InputFormat | None) -> PageRecord:
    """The whole content as one page."""
    try:
        raw = read_capped(read_blocks(reader), cap)
    except Damaged as damage:
        return failed_record(source, damage, format_hint=hint)
    if raw is None:
        return failed_record(source, too_large(cap, "the page"), format_hint=hint)
    return PageRecord(raw, source, None, None, None, hint)
