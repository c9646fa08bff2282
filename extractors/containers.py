"""Input containers: the pages of a dump file, read as WARC, JSONL or a plain page, gzipped or not.

``iter_records`` tells the container from the content (never from the name alone) and yields one
``PageRecord`` per page, or per part of the file that could not be read, with a stable reason.
Every read is bounded: no page is held past ``max_page_bytes``, decompression runs in blocks, and
no bad bytes raise. Gzip is inflated here, member by member, so a per-record ``warc.gz`` and a
``warc.gz`` compressed as a whole both read; warcio parses the WARC and HTTP headers.
"""

from __future__ import annotations

import itertools
import json
import re
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO, Literal

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from extractors.record import InputFormat

ContainerKind = Literal["gzip", "warc", "jsonl", "page"]

# Bytes looked at to tell a container's kind: room for a long first JSONL line.
SNIFF_BYTES = 64 * 1024
# Bytes read, inflated or handed on in one step; with the page cap, what bounds memory.
BLOCK_BYTES = 64 * 1024
# The two bytes every gzip member starts with (RFC 1952).
GZIP_MAGIC = b"\x1f\x8b"
# A WARC file's first line: the version, then the end of the line (WARC 1.0 and 1.1).
WARC_START = re.compile(rb"WARC/1\.[01](?:\r?\n|$)")
# A JSON object that starts with a key: how a JSONL line too long to sniff begins.
JSON_OBJECT_START = re.compile(rb"\{\s*(?:\"|\}|$)")
# Bytes warcio may read for one record's WARC and HTTP headers and the blank lines before it:
# real headers take a few KiB; this stops a header line with no end from filling memory.
HEADER_BUDGET = 256 * 1024
# Decompressed bytes of a file before its expansion ratio is checked.
BOMB_FLOOR_BYTES = 64 * 1024 * 1024
# Expansion past which gzip data is a decompression bomb: HTML, text, WARC and JSONL dumps
# inflate 3 to 20 times; zeros inflate 1,000 times (Apache POI refuses 100 by default).
BOMB_RATIO = 200
# Gzip members remembered to map a record's offset back into the compressed file; enough for
# the members read ahead of a record start even when every member is tiny.
MEMBER_MEMORY = 4096
# Longest chunk-size line of HTTP chunked transfer coding taken as one.
MAX_CHUNK_LINE = 1024
# Longest timestamp text parsed (ISO 8601 with fractions and offset is under 40).
MAX_TIME_CHARS = 64
# WARC record types that carry a page; request, metadata, warcinfo, revisit and the rest do not.
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
# Media types that say which format a page is in.
FORMAT_BY_MEDIA_TYPE: dict[str, InputFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
# File name endings of plain pages, and the format each suggests (after a ".gz").
FORMAT_BY_SUFFIX: dict[str, InputFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
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
_EPOCH = re.compile(r"[+-]?\d{1,15}(?:\.\d*)?")
_UTF8_BOM = b"\xef\xbb\xbf"

# Reasons of the error records, for the rejects table (read_error and too_large already exist).
CONTAINER_REASONS: frozenset[str] = frozenset(
    {
        "read_error",  # truncated or corrupt gzip, a file that ends inside a WARC record, I/O
        "too_large",  # a page, a JSONL line or a WARC payload over the cap; a gzip bomb
        "malformed_record",  # a WARC record warcio cannot parse; reading the file stops there
        "bad_json",  # a JSONL line that is not a JSON object
        "no_content",  # a JSONL object with neither the html nor the text field as a string
    }
)


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One page read from an input file, or the reason a part of the file could not be read.

    ``source`` is the input path, plus ``#offset=N`` for a WARC record (the record's offset in
    the file: in the compressed file for a per-record ``warc.gz``, as warcio gives it; in the
    decompressed stream for a record inside a gzip member that holds several) or ``:N`` for line
    N of a JSONL file. Nothing read from inside the file ever becomes part of it. ``raw`` is
    ``b""`` when ``error`` is set; ``url`` and ``fetched_at`` are kept when known.
    """

    raw: bytes
    source: str
    url: str | None
    fetched_at: datetime | None
    charset: str | None
    format_hint: InputFormat | None
    error: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """The names of the JSONL fields that hold a page's url, HTML, text and fetch time."""

    url: str = "url"
    html: str = "html"
    text: str = "text"
    fetched_at: str = "fetched_at"


DEFAULT_FIELDS = JsonlFields()


class _Damaged(Exception):
    """Bytes that cannot be read on: a record's reason and detail (never a bug)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class _Reader:
    """A forward-only byte stream with look-ahead, a position, and a read budget for warcio."""

    def __init__(self) -> None:
        self._pending = b""
        self._at = 0
        self._delivered = 0
        self._budget: int | None = None
        self._spent = 0
        self._deferred: _Damaged | None = None
        self.exhausted = False

    def _next_chunk(self) -> bytes:
        """The next block of bytes, or b"" at the end."""
        raise NotImplementedError

    def _chunk(self) -> bytes:
        """The next block, noting the end of the data; raises damage a peek came upon."""
        if self._deferred is not None:
            raise self._deferred
        chunk = self._next_chunk()
        self.exhausted = not chunk
        return chunk

    def peek(self, size: int) -> bytes:
        """Up to ``size`` bytes ahead, left to be read; damage waits for the read reaching it."""
        while len(self._pending) - self._at < size:
            try:
                chunk = self._chunk()
            except _Damaged as damage:
                self._deferred = damage
                break
            if not chunk:
                break
            self._pending = self._pending[self._at :] + chunk
            self._at = 0
        return self._pending[self._at : self._at + size]

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (at most one block); b"" only at the end."""
        if size is None or size < 0 or size > BLOCK_BYTES:
            size = BLOCK_BYTES
        if self._at >= len(self._pending):
            self._pending, self._at = self._chunk(), 0
        data = self._pending[self._at : self._at + size]
        self._at += len(data)
        self._delivered += len(data)
        self._charge(len(data))
        return data

    def _charge(self, size: int) -> None:
        """Count bytes against the budget; raise when it is spent."""
        if self._budget is None:
            return
        self._spent += size
        if self._spent > self._budget:
            raise _Damaged(
                "malformed_record", f"a WARC record's headers run past {self._budget} bytes"
            )

    def set_budget(self, budget: int | None) -> None:
        """Limit the bytes read from now on (None: no limit)."""
        self._budget, self._spent = budget, 0

    def tell(self) -> int:
        """Bytes read so far."""
        return self._delivered

    def file_offset(self, position: int) -> int:
        """The offset in the file of a position in this stream."""
        return position

    def offset_after(self, last: int) -> int:
        """An offset past ``last`` where reading stopped: how far into the file it got."""
        return max(self._delivered, last + 1)


class _RawSource(_Reader):
    """The input file's bytes as they are."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream

    def _next_chunk(self) -> bytes:
        """A block of the file; an I/O error becomes a read_error."""
        try:
            return self._stream.read(BLOCK_BYTES)
        except OSError as exc:
            raise _Damaged("read_error", f"I/O error: {exc}") from exc


class _Gunzipped(_Reader):
    """Gzip data inflated block by block, member after member, with a decompression-bomb check."""

    def __init__(self, inner: _Reader) -> None:
        super().__init__()
        self._inner = inner
        self._input = b""
        self._produced = 0
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._members: deque[tuple[int, int]] = deque([(0, inner.tell())], maxlen=MEMBER_MEMORY)

    def _next_chunk(self) -> bytes:
        """The next inflated block; raises on truncated or corrupt data and on a bomb."""
        while True:
            if self._inflater.eof and not self._start_member():
                return b""
            if not self._input:
                self._input = self._inner.read(BLOCK_BYTES)
                if not self._input:
                    raise _Damaged("read_error", "the gzip data is truncated: it ends mid-stream")
            try:
                out = self._inflater.decompress(self._input, BLOCK_BYTES)
            except zlib.error as exc:
                raise _Damaged("read_error", f"corrupt gzip data: {exc}") from exc
            eof = self._inflater.eof
            self._input = self._inflater.unused_data if eof else self._inflater.unconsumed_tail
            if out:
                self._count(len(out))
                return out

    def _start_member(self) -> bool:
        """Begin the next gzip member; False at the end of the data."""
        while len(self._input) < len(GZIP_MAGIC):
            more = self._inner.read(BLOCK_BYTES)
            if not more:
                break
            self._input += more
        if not self._input:
            return False
        if not self._input.startswith(GZIP_MAGIC):
            raise _Damaged("read_error", "bytes after the end of the gzip data are not gzip")
        self._members.append((self._produced, self._inner.tell() - len(self._input)))
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        return True

    def _count(self, size: int) -> None:
        """Add inflated bytes; raise too_large when the expansion is a bomb's."""
        self._produced += size
        compressed = max(self._inner.tell(), 1)
        if self._produced > BOMB_FLOOR_BYTES and self._produced > BOMB_RATIO * compressed:
            raise _Damaged(
                "too_large",
                f"gzip data inflates more than {BOMB_RATIO}-fold ({compressed} bytes to "
                f"{self._produced} and on): a decompression bomb; stopped reading the file",
            )

    def file_offset(self, position: int) -> int:
        """The compressed offset of the member that starts at ``position``, else ``position``."""
        for produced, offset in reversed(self._members):
            if produced == position:
                return offset
            if produced < position:
                break
        return position

    def offset_after(self, last: int) -> int:
        """Where the member being read starts, when past ``last``, else the inflated position."""
        member_start = self._members[-1][1]
        return member_start if member_start > last else max(self._delivered, last + 1)


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
    body = head.removeprefix(_UTF8_BOM).lstrip()
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
    reader: _Reader = _RawSource(stream)
    try:
        kind = detect_container(reader.peek(SNIFF_BYTES))
        if kind == "gzip":
            reader = _Gunzipped(reader)
            kind = detect_container(reader.peek(SNIFF_BYTES))
    except _Damaged as damage:
        yield _failed(source, damage)
        return
    if kind == "warc":
        yield from _warc_pages(reader, source, max_page_bytes)
    elif kind == "jsonl":
        yield from _jsonl_pages(reader, source, max_page_bytes, fields)
    else:  # a plain page; gzip inside gzip too, which the pipeline rejects as not_text
        yield _plain_page(reader, source, max_page_bytes, _format_from_name(name_hint))


def _failed(
    source: str,
    damage: _Damaged,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    format_hint: InputFormat | None = None,
) -> PageRecord:
    """An error record."""
    return PageRecord(
        b"", source, url, fetched_at, None, format_hint, error=damage.reason, detail=damage.detail
    )


def _blocks(stream: Any) -> Iterator[bytes]:
    """A stream's bytes, block by block."""
    while block := stream.read(BLOCK_BYTES):
        yield block


def _read_capped(blocks: Iterable[bytes], cap: int) -> bytes | None:
    """The bytes of ``blocks``, or None as soon as they run past ``cap``."""
    parts: list[bytes] = []
    size = 0
    for block in blocks:
        size += len(block)
        if size > cap:
            return None
        parts.append(block)
    return b"".join(parts)


def _too_large(cap: int, what: str) -> _Damaged:
    """The damage of a page over the cap."""
    return _Damaged("too_large", f"{what} is larger than {cap} bytes (after decompression)")


# --- plain pages -------------------------------------------------------------------------------


def _format_from_name(name: str | None) -> InputFormat | None:
    """The format a file name's extension suggests, after a ".gz"."""
    if not name:
        return None
    lowered = name.lower().removesuffix(".gz")
    dot = lowered.rfind(".")
    return FORMAT_BY_SUFFIX.get(lowered[dot:]) if dot >= 0 else None


def _plain_page(reader: _Reader, source: str, cap: int, hint: InputFormat | None) -> PageRecord:
    """The whole content as one page."""
    try:
        raw = _read_capped(_blocks(reader), cap)
    except _Damaged as damage:
        return _failed(source, damage, format_hint=hint)
    if raw is None:
        return _failed(source, _too_large(cap, "the page"), format_hint=hint)
    return PageRecord(raw, source, None, None, None, hint)


# --- JSON lines --------------------------------------------------------------------------------


def _lines(reader: _Reader, cap: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Numbered lines (1-based) with their length; a line longer than ``cap`` comes as None,
    read past without being held."""
    number, size = 1, 0
    parts: list[bytes] = []
    for block in _blocks(reader):
        start = 0
        while (end := block.find(b"\n", start)) >= 0:
            size += end - start
            yield number, (b"".join([*parts, block[start:end]]) if size <= cap else None), size
            number, size, start = number + 1, 0, end + 1
            parts.clear()
        size += len(block) - start
        if size <= cap:
            parts.append(block[start:])
        else:
            parts.clear()
    if size:
        yield number, (b"".join(parts) if size <= cap else None), size


def _jsonl_pages(
    reader: _Reader, source: str, cap: int, fields: JsonlFields
) -> Iterator[PageRecord]:
    """One record per non-blank line of JSON lines."""
    number = 0
    try:
        for number, line, size in _lines(reader, cap):
            where = f"{source}:{number}"
            if line is None:
                yield _failed(where, _too_large(cap, f"the line ({size} bytes)"))
                continue
            if number == 1:
                line = line.removeprefix(_UTF8_BOM)
            if line.strip():
                yield _jsonl_page(line, where, fields)
    except _Damaged as damage:
        yield _failed(f"{source}:{number + 1}", damage)


def _jsonl_page(line: bytes, where: str, fields: JsonlFields) -> PageRecord:
    """The page of one JSON line, or why it has none."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return _failed(where, _Damaged("bad_json", f"not JSON: {exc}"))
    if not isinstance(obj, dict):
        return _failed(where, _Damaged("bad_json", f"a JSON {_json_kind(obj)}, not an object"))
    url = obj.get(fields.url)
    url = url if isinstance(url, str) else None
    fetched_at = parse_timestamp(obj.get(fields.fetched_at))
    content = _jsonl_content(obj, fields)
    if content is None:
        detail = f"neither {fields.html!r} nor {fields.text!r} holds a string"
        return _failed(where, _Damaged("no_content", detail), url=url, fetched_at=fetched_at)
    page_format, text = content
    return PageRecord(text.encode("utf-8", "replace"), where, url, fetched_at, "utf-8", page_format)


def _jsonl_content(obj: dict[str, Any], fields: JsonlFields) -> tuple[InputFormat, str] | None:
    """The page in an object: the html field over the text field, a non-blank one over a blank."""
    html, text = obj.get(fields.html), obj.get(fields.text)
    found: list[tuple[InputFormat, str]] = []
    if isinstance(html, str):
        found.append(("html", html))
    if isinstance(text, str):
        found.append(("text", text))
    return next((item for item in found if item[1].strip()), found[0] if found else None)


def _json_kind(value: object) -> str:
    """The JSON name of a parsed value's type."""
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


def parse_timestamp(value: object) -> datetime | None:
    """A fetch time as an aware UTC datetime: ISO 8601 text (UTC when it has no offset) or
    epoch seconds (a number, or digits in text); None when absent or unparsable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(value)
    if not isinstance(value, str) or len(value) > MAX_TIME_CHARS:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return _from_epoch(float(text)) if _EPOCH.fullmatch(text) else None
    try:
        return parsed.replace(tzinfo=parsed.tzinfo or UTC).astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _from_epoch(seconds: float) -> datetime | None:
    """Epoch seconds as a UTC datetime; None when out of range."""
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


# --- WARC --------------------------------------------------------------------------------------

# What warcio raises on bytes it cannot parse as a record: ArchiveLoadFailed mostly, and
# AttributeError for a response or request record without WARC-Target-URI (found by fuzzing).
_WARCIO_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    AttributeError,
    ValueError,
)


def _warc_pages(reader: _Reader, source: str, cap: int) -> Iterator[PageRecord]:
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
        except _Damaged as damage:
            record, failure = None, damage
        if held is not None:
            yield _length_checked(held, records.err_count > errors)
            held = None
        if failure is not None:
            at = _damage_offset(records, reader, last_offset)
            yield _failed(f"{source}#offset={at}", failure)
            return
        if record is None:
            return
        last_offset = reader.file_offset(records.offset)
        where = f"{source}#offset={last_offset}"
        try:
            held = _record_page(record, where, cap)
            _finish_record(record)
        except _Damaged as damage:
            yield _failed(where, damage)
            return


def _length_checked(page: PageRecord, overran: bool) -> PageRecord:
    """A held page, or a malformed_record when warcio found no blank lines after its record."""
    if not overran or page.error is not None:
        return page
    detail = "no blank lines after the record: its Content-Length is wrong, its payload cut"
    return _failed(
        page.source,
        _Damaged("malformed_record", detail),
        url=page.url,
        fetched_at=page.fetched_at,
        format_hint=page.format_hint,
    )


def _damage_offset(records: Any, reader: _Reader, last_offset: int) -> int:
    """Where the record warcio failed on starts, or how far reading got when that is unknown."""
    offset = reader.file_offset(records.offset)
    return offset if offset > last_offset else reader.offset_after(last_offset)


def _next_record(records: Any, reader: _Reader) -> Any:
    """warcio's next record, its headers read within the budget; None at the end."""
    reader.set_budget(HEADER_BUDGET)
    try:
        record = next(records, None)
    except _WARCIO_ERRORS as exc:
        raise _Damaged("malformed_record", f"not a WARC record: {_first_line(exc)}") from exc
    finally:
        reader.set_budget(None)
    if record is None:
        return None
    length = record.rec_headers.get_header("Content-Length") or ""
    if not (length.strip().isascii() and length.strip().isdigit()):
        if reader.exhausted and not records.reader.rem_length():
            raise _Damaged("read_error", "the file ends inside a WARC record's headers")
        raise _Damaged("malformed_record", f"no valid Content-Length ({length[:40]!r})")
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
        raise _Damaged(
            "read_error", f"the file ends inside this record: {missing} bytes of it are missing"
        )


def _record_page(record: Any, where: str, cap: int) -> PageRecord | None:
    """The page of a response or resource record, None for other records."""
    if record.rec_type is None:
        return _failed(where, _Damaged("malformed_record", "a WARC record without WARC-Type"))
    if record.rec_type not in PAGE_RECORD_TYPES:
        return None
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    content_type = headers.get_header("Content-Type") or ""
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched_at = parse_timestamp(record.rec_headers.get_header("WARC-Date"))
    page_format = _format_from_media_type(content_type)
    raw = _read_capped(_payload(record), cap)
    if raw is None:
        damage = _too_large(cap, "the record's payload")
        return _failed(where, damage, url=url, fetched_at=fetched_at, format_hint=page_format)
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
        return _blocks(raw)
    chunked = "chunked" in (headers.get_header("Transfer-Encoding") or "").lower()
    blocks = _dechunked(raw) if chunked else _blocks(raw)
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
            yield from _blocks(raw)
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
