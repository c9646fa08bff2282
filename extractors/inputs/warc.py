"""WARC files: each ``response`` or ``resource`` record as a page, with its url, crawl time and
charset, the HTTP body de-chunked and inflated."""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from extractors.inputs.page import PageRecord, failed_record, parse_timestamp
from extractors.inputs.streams import (
    BLOCK_BYTES,
    Damaged,
    Reader,
    read_blocks,
    read_capped,
    too_large,
)
from extractors.record import InputFormat

# Bytes warcio may read for one record's WARC and HTTP headers and the blank lines before it:
# real headers take a few KiB; this stops a header line with no end from filling memory.
HEADER_BUDGET = 256 * 1024
# Longest chunk-size line of HTTP chunked transfer coding taken as one.
MAX_CHUNK_LINE = 1024
# WARC record types that carry a page; request, metadata, warcinfo, revisit and the rest do not.
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
# Media types that say which format a page is in.
FORMAT_BY_MEDIA_TYPE: dict[str, InputFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
# HTTP Content-Encodings inflated here, and the zlib window bits that read them (gzip or zlib
# header, detected); "deflate" also falls back to a raw deflate stream, as servers send both.
INFLATED_CODINGS = {
    "gzip": zlib.MAX_WBITS | 32,
    "x-gzip": zlib.MAX_WBITS | 32,
    "deflate": zlib.MAX_WBITS | 32,
}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]{1,40})", re.IGNORECASE)
_CHUNK_SIZE = re.compile(rb"[0-9a-fA-F]{1,16}")
# What warcio raises on bytes it cannot parse as a record: ArchiveLoadFailed mostly, and
# AttributeError for a response or request record without WARC-Target-URI (found by fuzzing).
_WARCIO_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    AttributeError,
    ValueError,
)


def warc_pages(reader: Reader, source: str, cap: int) -> Iterator[PageRecord]:
    """One record per response or resource record of a WARC file, until the end or the damage.

    A page is held until warcio has read past its record: a record not followed by its blank
    lines has a wrong Content-Length, and its page is cut, so it becomes a malformed_record.
    """
    records = WARCIterator(reader)
    held: PageRecord | None = None
    last_offset = -1
    while True:
        errors = records.err_count
        try:
            record, failure = _next_record(records, reader), None
        except Damaged as damage:
            record, failure = None, damage
        if held is not None:
            yield _length_checked(held, records.err_count > errors)
            held = None
        if failure is not None:
            at = _damage_offset(records, reader, last_offset)
            yield failed_record(f"{source}#offset={at}", failure)
            return
        if record is None:
            return
        last_offset = reader.file_offset(records.offset)
        where = f"{source}#offset={last_offset}"
        try:
            held = _record_page(record, where, cap)
            _finish_record(record)
        except Damaged as damage:
            yield failed_record(where, damage)
            return


def _length_checked(page: PageRecord, overran: bool) -> PageRecord:
    """A held page, or a malformed_record when warcio found no blank lines after its record."""
    if not overran or page.error is not None:
        return page
    detail = "no blank lines after the record: its Content-Length is wrong, its payload cut"
    return failed_record(
        page.source,
        Damaged("malformed_record", detail),
        url=page.url,
        fetched_at=page.fetched_at,
        format_hint=page.format_hint,
    )


def _damage_offset(records: Any, reader: Reader, last_offset: int) -> int:
    """Where the record warcio failed on starts, or how far reading got when that is unknown."""
    offset = reader.file_offset(records.offset)
    return offset if offset > last_offset else reader.offset_after(last_offset)


def _next_record(records: Any, reader: Reader) -> Any:
    """warcio's next record, its headers read within the budget; None at the end."""
    reader.set_budget(HEADER_BUDGET)
    try:
        record = next(records, None)
    except _WARCIO_ERRORS as exc:
        raise Damaged("malformed_record", f"not a WARC record: {_first_line(exc)}") from exc
    finally:
        reader.set_budget(None)
    if record is None:
        return None
    length = record.rec_headers.get_header("Content-Length") or ""
    if not (length.strip().isascii() and length.strip().isdigit()):
        if reader.exhausted and not records.reader.rem_length():
            raise Damaged("read_error", "the file ends inside a WARC record's headers")
        raise Damaged("malformed_record", f"no valid Content-Length ({length[:40]!r})")
    return record


def _first_line(exc: Exception) -> str:
    """An exception's message, first line only, shortened."""
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return lines[0][:200]


def _finish_record(record: Any) -> None:
    """Read the rest of a record; raise read_error when the file ends before it does."""
    raw = record.raw_stream
    while raw.read(BLOCK_BYTES):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        raise Damaged(
            "read_error", f"the file ends inside this record: {missing} bytes of it are missing"
        )


def _record_page(record: Any, where: str, cap: int) -> PageRecord | None:
    """The page of a response or resource record, None for other records."""
    if record.rec_type is None:
        return failed_record(where, Damaged("malformed_record", "a WARC record without WARC-Type"))
    if record.rec_type not in PAGE_RECORD_TYPES:
        return None
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    content_type = headers.get_header("Content-Type") or ""
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched_at = parse_timestamp(record.rec_headers.get_header("WARC-Date"))
    page_format = _format_from_media_type(content_type)
    raw = read_capped(_payload(record), cap)
    if raw is None:
        damage = too_large(cap, "the record's payload")
        return failed_record(where, damage, url=url, fetched_at=fetched_at, format_hint=page_format)
    return PageRecord(raw, where, url, fetched_at, _charset(content_type), page_format)


def _format_from_media_type(content_type: str) -> InputFormat | None:
    """The format a Content-Type names, or None."""
    return FORMAT_BY_MEDIA_TYPE.get(content_type.split(";", 1)[0].strip().lower())


def _charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type, or None."""
    found = _CHARSET.search(content_type)
    return found.group(1) if found else None


def _payload(record: Any) -> Iterator[bytes]:
    """A record's payload: the HTTP body with its transfer and content codings undone."""
    raw = record.raw_stream
    headers = record.http_headers
    if headers is None:
        return read_blocks(raw)
    chunked = "chunked" in (headers.get_header("Transfer-Encoding") or "").lower()
    blocks = _dechunked(raw) if chunked else read_blocks(raw)
    coding = (headers.get_header("Content-Encoding") or "").strip().lower()
    return _decoded(blocks, coding)


def _dechunked(raw: Any) -> Iterator[bytes]:
    """An HTTP body with its chunked transfer coding undone; from a line that is not a chunk
    size on, the body passes as it is (warcio does the same)."""
    while True:
        line = raw.readline(MAX_CHUNK_LINE)
        size = _chunk_size(line)
        if size is None:
            yield line
            yield from read_blocks(raw)
            return
        if size == 0:
            return
        while size > 0:
            data = raw.read(min(size, BLOCK_BYTES))
            if not data:
                return
            size -= len(data)
            yield data
        raw.readline(MAX_CHUNK_LINE)  # the line end after the chunk


def _chunk_size(line: bytes) -> int | None:
    """The size a chunk-size line gives, or None when it is not one."""
    if not line.endswith(b"\n"):
        return None
    token = line.split(b";", 1)[0].strip()
    return int(token, 16) if _CHUNK_SIZE.fullmatch(token) else None


def _decoded(blocks: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """A body with its gzip or deflate Content-Encoding undone; a body that does not inflate
    passes as it is, and one that breaks off ends where it breaks."""
    wbits = INFLATED_CODINGS.get(coding)
    if wbits is None:
        yield from blocks
        return
    first = next(blocks, b"")
    candidates = (wbits, -zlib.MAX_WBITS) if coding == "deflate" else (wbits,)
    usable = next((w for w in candidates if _inflates(first, w)), None)
    if usable is None:
        yield first
        yield from blocks
        return
    inflater = zlib.decompressobj(usable)
    try:
        for block in itertools.chain([first], blocks):
            data = block
            while data and not inflater.eof:
                yield inflater.decompress(data, BLOCK_BYTES)
                data = inflater.unconsumed_tail
    except zlib.error:
        return


def _inflates(data: bytes, wbits: int) -> bool:
    """Whether the start of a body inflates with these window bits."""
    try:
        zlib.decompressobj(wbits).decompress(data, BLOCK_BYTES)
    except zlib.error:
        return False
    return True
