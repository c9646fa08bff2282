"""Input containers: WARC, JSONL and plain pages, gzipped or not; every hostile input bounded."""

from __future__ import annotations

import gzip
import io
import json
import struct
import tracemalloc
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors.inputs.containers import detect_container, iter_records
from extractors.inputs.jsonl import DEFAULT_FIELDS, JsonlFields
from extractors.inputs.page import CONTAINER_REASONS, PageRecord, parse_timestamp
from extractors.inputs.streams import BOMB_FLOOR_BYTES
from extractors.record import REJECT_REASONS

MiB = 1024 * 1024
CAP = MiB
HTML_LATIN1 = "<html><head><title>Grüße</title></head><body><p>Straße</p></body></html>".encode(
    "latin-1"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
T1 = datetime(2024, 11, 21, 12, 0, tzinfo=UTC)
T2 = datetime(2024, 11, 22, 8, 30, 0, 500000, tzinfo=UTC)


def _records(
    data: bytes,
    source: str = "in",
    cap: int = CAP,
    fields: JsonlFields = DEFAULT_FIELDS,
    name_hint: str | None = None,
) -> list[PageRecord]:
    """All records of in-memory input."""
    stream = io.BytesIO(data)
    return list(
        iter_records(stream, source, max_page_bytes=cap, fields=fields, name_hint=name_hint)
    )


class _PipeLike:
    """A stream with nothing but ``read``: no seek, no tell, as from a pipe."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        """At most 1000 bytes at a time, as a pipe gives them."""
        return self._stream.read(min(size, 1000) if size >= 0 else 1000)


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    """HTTP response headers for warcio."""
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _sample_warc(gz: bool) -> bytes:
    """A WARC with warcinfo, request, an HTML response, a text resource, an image, a chunked
    gzip-encoded response and a revisit."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("sample.warc", {"software": "tests"}))
    request = io.BytesIO(b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n")
    writer.write_record(writer.create_warc_record("https://news.example/a", "request", request))
    html_headers = _http("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")])
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/a",
            "response",
            payload=io.BytesIO(HTML_LATIN1),
            http_headers=html_headers,
            warc_headers_dict={"WARC-Date": "2024-11-21T12:00:00Z"},
        )
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/b.txt",
            "resource",
            payload=io.BytesIO(b"A plain text page."),
            warc_content_type="text/plain; charset=utf-8",
            warc_headers_dict={"WARC-Date": "2024-11-22T08:30:00.5Z"},
        )
    )
    image_headers = _http("200 OK", [("Content-Type", "image/png")])
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/logo.png",
            "response",
            payload=io.BytesIO(PNG),
            http_headers=image_headers,
            warc_headers_dict={"WARC-Date": "2024-11-21T12:00:00Z"},
        )
    )
    body = gzip.compress(b"<p>chunked and gzipped</p>")
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    coded = _http(
        "200 OK",
        [
            ("Content-Type", "application/xhtml+xml"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/c",
            "response",
            payload=io.BytesIO(chunked),
            length=len(chunked),
            http_headers=coded,
            warc_headers_dict={"WARC-Date": "not a date"},
        )
    )
    writer.write_record(
        writer.create_revisit_record(
            "https://news.example/a", "sha1:AAAA", "https://news.example/a", "2024-11-20T00:00:00Z"
        )
    )
    return out.getvalue()


def _warcio_offsets(data: bytes) -> dict[str, list[int]]:
    """Record offsets by type, as warcio's own iterator gives them."""
    offsets: dict[str, list[int]] = {}
    iterator = ArchiveIterator(io.BytesIO(data))
    for record in iterator:
        offsets.setdefault(record.rec_type, []).append(iterator.get_record_offset())
    return offsets


def _assert_sample_pages(records: list[PageRecord], source: str, offsets: list[int]) -> None:
    """The four pages of ``_sample_warc``, at the given offsets."""
    assert [r.source for r in records] == [f"{source}#offset={n}" for n in offsets]
    html, text, image, coded = records
    assert html == PageRecord(
        HTML_LATIN1, html.source, "https://news.example/a", T1, "ISO-8859-1", "html"
    )
    assert text == PageRecord(
        b"A plain text page.", text.source, "https://news.example/b.txt", T2, "utf-8", "text"
    )
    assert (image.raw, image.format_hint, image.error) == (PNG, None, None)
    assert image.url == "https://news.example/logo.png"
    assert coded.raw == b"<p>chunked and gzipped</p>"
    assert (coded.format_hint, coded.fetched_at, coded.charset) == ("html", None, None)


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz per record"])
def test_warc_pages_with_warcio_offsets(gz: bool, tmp_path: Path) -> None:
    data = _sample_warc(gz)
    path = tmp_path / ("dump.warc.gz" if gz else "dump.warc")
    path.write_bytes(data)
    with path.open("rb") as stream:
        records = list(iter_records(stream, str(path), max_page_bytes=CAP))
    warcio = _warcio_offsets(data)
    expected = sorted(warcio["response"] + warcio["resource"])
    assert len(expected) == 4 and len(warcio["request"]) == 1 and len(warcio["revisit"]) == 1
    _assert_sample_pages(records, str(path), expected)


def test_warc_gzipped_as_a_whole_reads_with_offsets_in_the_inflated_stream() -> None:
    plain = _sample_warc(gz=False)
    warcio = _warcio_offsets(plain)
    records = _records(gzip.compress(plain), "whole.warc.gz")
    _assert_sample_pages(records, "whole.warc.gz", sorted(warcio["response"] + warcio["resource"]))


def test_warc_gz_from_a_stream_without_seek_or_tell() -> None:
    data = _sample_warc(gz=True)
    warcio = _warcio_offsets(data)
    pipe = _PipeLike(data)
    records = list(iter_records(cast(BinaryIO, pipe), "-", max_page_bytes=CAP))
    _assert_sample_pages(records, "-", sorted(warcio["response"] + warcio["resource"]))


def test_content_decides_when_the_name_lies() -> None:
    data = _sample_warc(gz=False)
    records = _records(data, "notes.txt", name_hint="notes.txt")
    assert len(records) == 4
    assert records[0].raw == HTML_LATIN1 and records[0].format_hint == "html"
    assert records[0].source.startswith("notes.txt#offset=")
    jsonl = b'{"url": "https://x.example/", "text": "Body."}\n'
    (page,) = _records(jsonl, "story.html", name_hint="story.html")
    assert (page.source, page.raw, page.format_hint) == ("story.html:1", b"Body.", "text")


def _jsonl_lines() -> bytes:
    """JSON lines: html, text, both, a bad line, a blank line, no content, epoch times."""
    rows = [
        json.dumps(
            {
                "url": "https://a.example/1",
                "html": "<p>Un été</p>",
                "fetched_at": "2024-11-21T14:00:00+02:00",
            }
        ),
        json.dumps({"url": "https://a.example/2", "text": "Plain text.", "fetched_at": 1732190400}),
        json.dumps({"html": "<p>html wins</p>", "text": "text loses", "fetched_at": "yesterday"}),
        '{"url": "https://a.example/4", "html": "<p>cut off',
        "",
        json.dumps({"url": "https://a.example/6", "title": "no page here", "fetched_at": 1.5}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"html": "   ", "text": "Blank html gives way."}),
    ]
    return "\n".join(rows).encode() + b"\n"


def _assert_jsonl(records: list[PageRecord], source: str) -> None:
    """The records of ``_jsonl_lines``."""
    assert [(r.source, r.error) for r in records] == [
        (f"{source}:1", None),
        (f"{source}:2", None),
        (f"{source}:3", None),
        (f"{source}:4", "bad_json"),
        (f"{source}:6", "no_content"),
        (f"{source}:7", "bad_json"),
        (f"{source}:8", None),
    ]
    first, second, third, bad, empty, array, last = records
    assert first == PageRecord(
        "<p>Un été</p>".encode(), first.source, "https://a.example/1", T1, "utf-8", "html"
    )
    assert (second.raw, second.url, second.fetched_at, second.format_hint) == (
        b"Plain text.",
        "https://a.example/2",
        T1,
        "text",
    )
    assert (third.raw, third.url, third.fetched_at, third.format_hint) == (
        b"<p>html wins</p>",
        None,
        None,
        "html",
    )
    assert bad.raw == b"" and "not JSON" in bad.detail
    assert empty.url == "https://a.example/6" and empty.fetched_at == datetime(
        1970, 1, 1, 0, 0, 1, 500000, tzinfo=UTC
    )
    assert array.detail == "a JSON array, not an object"
    assert (last.raw, last.format_hint) == (b"Blank html gives way.", "text")


def test_jsonl_pages_bad_lines_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_jsonl_lines())
    with path.open("rb") as stream:
        _assert_jsonl(list(iter_records(stream, str(path), max_page_bytes=CAP)), str(path))


def test_jsonl_gz() -> None:
    _assert_jsonl(_records(gzip.compress(_jsonl_lines()), "pages.jsonl.gz"), "pages.jsonl.gz")


def test_jsonl_renamed_fields() -> None:
    fields = JsonlFields(url="link", html="body_html", text="body", fetched_at="crawled")
    data = (
        b'{"link": "https://r.example/", "body_html": "<p>Renamed</p>", "crawled": "2024-11-21"}\n'
        b'{"link": "https://r.example/2", "body": "Text field.", "html": "<p>ignored</p>"}\n'
        b'{"url": "https://r.example/3", "html": "<p>default names</p>"}\n'
    )
    first, second, third = _records(data, "r.jsonl", fields=fields)
    assert first == PageRecord(
        b"<p>Renamed</p>",
        "r.jsonl:1",
        "https://r.example/",
        datetime(2024, 11, 21, tzinfo=UTC),
        "utf-8",
        "html",
    )
    assert (second.raw, second.url, second.format_hint) == (
        b"Text field.",
        "https://r.example/2",
        "text",
    )
    assert (third.error, third.url) == ("no_content", None)
    assert "'body_html'" in third.detail


def test_jsonl_with_utf8_bom_and_leading_blank_lines() -> None:
    data = b'\xef\xbb\xbf\n\n{"text": "After a BOM."}\n'
    assert detect_container(data) == "jsonl"
    (page,) = _records(data)
    assert (page.source, page.raw) == ("in:3", b"After a BOM.")


def test_jsonl_line_over_the_cap_is_skipped_to_the_next_line() -> None:
    long_line = json.dumps({"html": "x" * (3 * CAP)}).encode()
    data = b'{"text": "before"}\n' + long_line + b'\n{"text": "after"}'
    before, big, after = _records(data, "big.jsonl")
    assert (before.source, before.raw) == ("big.jsonl:1", b"before")
    assert (big.source, big.error, big.raw) == ("big.jsonl:2", "too_large", b"")
    assert str(len(long_line)) in big.detail
    assert (after.source, after.raw) == ("big.jsonl:3", b"after")


def test_gzipped_plain_html_page(tmp_path: Path) -> None:
    page = b"<!doctype html><html><body><p>A gzipped page.</p></body></html>"
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(page))
    with path.open("rb") as stream:
        records = list(iter_records(stream, str(path), max_page_bytes=CAP, name_hint=path.name))
    assert records == [PageRecord(page, str(path), None, None, None, "html")]


def test_utf16_page_with_bom_keeps_its_raw_bytes() -> None:
    raw = "\ufeffBERLIN (AP) — Ein Text in UTF-16.\n".encode("utf-16-le")
    assert raw.startswith(b"\xff\xfe") and detect_container(raw) == "page"
    assert _records(raw, "dump.txt", name_hint="dump.txt") == [
        PageRecord(raw, "dump.txt", None, None, None, "text")
    ]


def test_empty_file_is_one_empty_page() -> None:
    assert _records(b"", "empty.html", name_hint="empty.html") == [
        PageRecord(b"", "empty.html", None, None, None, "html")
    ]


def test_plain_page_over_the_cap_is_too_large() -> None:
    (record,) = _records(b"a" * (CAP + 1), "huge.txt", name_hint="huge.txt")
    assert (record.error, record.raw, record.source) == ("too_large", b"", "huge.txt")
    assert _records(b"a" * CAP, "exact.txt")[0].raw == b"a" * CAP


def test_truncated_gzip_page_is_a_read_error() -> None:
    data = gzip.compress(b"<p>" + b"words " * 20000 + b"</p>")
    (record,) = _records(data[: len(data) // 2], "cut.html.gz")
    assert (record.source, record.error, record.raw) == ("cut.html.gz", "read_error", b"")
    assert "truncated" in record.detail


def test_truncated_jsonl_gz_keeps_the_lines_before_the_damage() -> None:
    rows = b"".join(
        b'{"text": "line %d %s"}\n' % (n, bytes(range(256)).hex().encode()) for n in range(400)
    )
    data = gzip.compress(rows)
    records = _records(data[: len(data) // 2], "cut.jsonl.gz")
    *pages, damage = records
    assert pages and [r.source for r in pages] == [
        f"cut.jsonl.gz:{n + 1}" for n in range(len(pages))
    ]
    assert pages[-1].raw.startswith(b"line %d " % (len(pages) - 1))
    assert (damage.source, damage.error) == (f"cut.jsonl.gz:{len(pages) + 1}", "read_error")


def test_truncated_warc_gz_keeps_the_records_before_the_damage() -> None:
    data = _sample_warc(gz=True)
    offsets = _warcio_offsets(data)
    cut = offsets["resource"][0] + 40  # inside the gzip member of the text resource
    html, damage = _records(data[:cut], "cut.warc.gz")
    assert html.raw == HTML_LATIN1 and html.source == f"cut.warc.gz#offset={offsets['response'][0]}"
    assert damage.error == "read_error" and damage.raw == b""
    assert damage.source == f"cut.warc.gz#offset={offsets['resource'][0]}"


@pytest.mark.parametrize("inside", ["block", "headers"])
def test_truncated_uncompressed_warc_is_a_read_error(inside: str) -> None:
    data = _sample_warc(gz=False)
    start = _warcio_offsets(data)["resource"][0]
    block = data.index(b"\r\n\r\n", start) + 4
    cut = block + 5 if inside == "block" else block - 20
    html, damage = _records(data[:cut], "cut.warc")
    assert html.raw == HTML_LATIN1
    assert (damage.source, damage.error, damage.raw) == (
        f"cut.warc#offset={start}",
        "read_error",
        b"",
    )
    expected = "ends inside this record" if inside == "block" else "ends inside a WARC record's"
    assert expected in damage.detail


def _resource(uri: str, body: bytes, length: int | None = None) -> bytes:
    """A WARC resource record, written by hand (so it can lie)."""
    size = len(body) if length is None else length
    return (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: %s\r\n"
        b"WARC-Date: 2024-11-21T12:00:00Z\r\nContent-Type: text/html\r\n"
        b"Content-Length: %d\r\n\r\n%s\r\n\r\n" % (uri.encode(), size, body)
    )


def test_malformed_warc_garbage_after_a_record_stops_the_file() -> None:
    data = (
        _resource("https://m.example/1", b"<p>first</p>")
        + b"\x00garbage \xff\xfe not a record\r\n" * 3
    )
    first, damage = _records(data, "bad.warc")
    assert (first.source, first.raw, first.url) == (
        "bad.warc#offset=0",
        b"<p>first</p>",
        "https://m.example/1",
    )
    assert (damage.error, damage.raw) == ("malformed_record", b"")
    assert (
        damage.source == f"bad.warc#offset={len(_resource('https://m.example/1', b'<p>first</p>'))}"
    )


def test_warc_content_length_too_short_is_malformed_and_warcio_resyncs() -> None:
    short = _resource("https://m.example/1", b"<p>a longer body</p>", length=5)
    second = _resource("https://m.example/2", b"<p>second</p>")
    cut, page = _records(short + second, "short.warc")
    assert (cut.source, cut.error, cut.raw, cut.url) == (
        "short.warc#offset=0",
        "malformed_record",
        b"",
        "https://m.example/1",
    )
    assert "Content-Length" in cut.detail
    assert (page.source, page.raw) == (f"short.warc#offset={len(short)}", b"<p>second</p>")


def test_warc_content_length_too_short_before_garbage_stops_the_file() -> None:
    short = _resource("https://m.example/1", b"<p>body</p>" + b"\n#junk" * 5, length=5)
    cut, damage = _records(short + _resource("https://m.example/2", b"<p>lost</p>"), "s.warc")
    assert (cut.source, cut.error) == ("s.warc#offset=0", "malformed_record")
    assert damage.error == "malformed_record" and damage.source.startswith("s.warc#offset=")
    assert damage.source != cut.source


def test_warc_content_length_too_long_is_truncated() -> None:
    long = _resource("https://m.example/1", b"<p>body</p>", length=10_000)
    (damage,) = _records(long, "long.warc")
    assert (damage.source, damage.error, damage.raw) == ("long.warc#offset=0", "read_error", b"")
    assert "bytes of it are missing" in damage.detail


def test_warc_record_without_content_length_or_uri_is_malformed() -> None:
    no_length = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: u\r\n\r\nbody\r\n\r\n"
    (damage,) = _records(no_length, "n.warc")
    assert (damage.source, damage.error) == ("n.warc#offset=0", "malformed_record")
    assert "Content-Length" in damage.detail
    no_uri = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 4\r\n\r\nbody\r\n\r\n"
    (damage,) = _records(no_uri, "u.warc")
    assert (damage.source, damage.error) == ("u.warc#offset=0", "malformed_record")


def test_warc_payload_over_the_cap_is_too_large_and_reading_goes_on() -> None:
    big = _resource("https://big.example/", b"x" * (CAP + 10))
    data = big + _resource("https://small.example/", b"<p>small</p>")
    large, small = _records(data, "big.warc")
    assert (large.source, large.error, large.url, large.raw) == (
        "big.warc#offset=0",
        "too_large",
        "https://big.example/",
        b"",
    )
    assert large.fetched_at == T1 and large.format_hint == "html"
    assert (small.source, small.raw) == (f"big.warc#offset={len(big)}", b"<p>small</p>")


def test_warc_header_line_without_end_stops_in_bounded_memory() -> None:
    data = b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"y" * (20 * MiB)
    tracemalloc.start()
    try:
        (damage,) = _records(data, "junk.warc")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (damage.source, damage.error) == ("junk.warc#offset=0", "malformed_record")
    assert peak < 8 * MiB


def _zeros_gzip(size_mib: int) -> bytes:
    """A valid single-member gzip of ``size_mib`` MiB of zeros, built without compressing them
    all: after a full flush, every MiB of zeros compresses to the same bytes."""
    zeros = bytes(MiB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeated = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    last = deflate.compress(zeros) + deflate.flush()
    crc = 0
    for _ in range(size_mib):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (size_mib * MiB) & 0xFFFFFFFF)
    return header + first + repeated * (size_mib - 2) + last + trailer


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GiB of zeros in about 1 MiB of gzip."""
    return _zeros_gzip(1024)


def test_zeros_gzip_helper_is_valid_gzip() -> None:
    assert gzip.decompress(_zeros_gzip(3)) == bytes(3 * MiB)


def test_gzip_bomb_stops_at_the_cap_in_bounded_memory(gzip_bomb: bytes) -> None:
    tracemalloc.start()
    try:
        records = _records(gzip_bomb, "bomb.html.gz", name_hint="bomb.html.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert records == [
        PageRecord(
            b"",
            "bomb.html.gz",
            None,
            None,
            None,
            "html",
            "too_large",
            f"the page is larger than {CAP} bytes (after decompression)",
        )
    ]
    assert peak < 8 * MiB


def test_gzip_bomb_under_a_large_cap_is_stopped_by_its_expansion(gzip_bomb: bytes) -> None:
    (record,) = _records(gzip_bomb, "bomb.txt.gz", cap=2**40)
    assert (record.error, record.raw, record.source) == ("too_large", b"", "bomb.txt.gz")
    assert "decompression bomb" in record.detail


def test_bomb_inside_jsonl_gz_is_reported_on_its_line() -> None:
    lines = b'{"text": "one"}\n{"html": "' + b"a" * (BOMB_FLOOR_BYTES + 4 * MiB) + b'"}\n'
    data = gzip.compress(lines, compresslevel=1)
    first, bomb = _records(data, "b.jsonl.gz")
    assert (first.source, first.raw) == ("b.jsonl.gz:1", b"one")
    assert (bomb.source, bomb.error) == ("b.jsonl.gz:2", "too_large")
    assert "decompression bomb" in bomb.detail


def test_http_gzip_body_bomb_is_too_large_and_reading_goes_on(gzip_bomb: bytes) -> None:
    body = gzip_bomb[: 64 * 1024 * 4]  # a quarter of a GiB of zeros, cut: never inflated whole
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + body
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
        b"Content-Length: %d\r\n\r\n%s\r\n\r\n" % (len(http), http)
    )
    data = record + _resource("https://after.example/", b"<p>after</p>")
    bomb, after = _records(data, "h.warc")
    assert (bomb.source, bomb.error, bomb.url) == (
        "h.warc#offset=0",
        "too_large",
        "http://bomb.example/",
    )
    assert (after.source, after.raw) == (f"h.warc#offset={len(record)}", b"<p>after</p>")


def test_trailing_bytes_after_gzip_are_a_read_error() -> None:
    (record,) = _records(gzip.compress(b"<p>page</p>") + b"junk", "t.html.gz")
    assert (record.error, record.raw) == ("read_error", b"")


def test_gzip_inside_gzip_is_one_page_of_gzip_bytes() -> None:
    inner = gzip.compress(b"<p>twice</p>")
    (record,) = _records(gzip.compress(inner), "twice.html.gz")
    assert (record.raw, record.error) == (inner, None)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b"WARC/1.1\nWARC-Type: response\n", "warc"),
        (b"WARC/1.0 is a format for web archives.", "page"),
        (b'  {"url": "u", "html": "<p>x</p>"}\n{"url"', "jsonl"),
        (b'{"text": "one line, no newline"}', "jsonl"),
        (b'{"html": "' + b"x" * 70_000, "jsonl"),
        (b'{\n  "pretty": "printed"\n}\n', "page"),
        (b"{not json}\n", "page"),
        (b"<!doctype html><html>", "page"),
        (b"", "page"),
    ],
)
def test_detect_container(head: bytes, kind: str) -> None:
    assert detect_container(head) == kind


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-21T12:00:00Z", T1),
        ("2024-11-21T14:00:00+02:00", T1),
        ("2024-11-21 12:00:00", T1),
        ("20241121T120000Z", T1),
        (1732190400, T1),
        (1732190400.0, T1),
        ("1732190400", T1),
        ("last week", None),
        (True, None),
        (None, None),
        (10**20, None),
        (float("nan"), None),
        ("0001-01-01T00:00:00+01:00", None),
        ({"date": "2024-11-21"}, None),
    ],
)
def test_parse_timestamp(value: object, expected: datetime | None) -> None:
    assert parse_timestamp(value) == expected


@pytest.mark.parametrize("kind", ["warc", "warc.gz", "warc whole gz", "jsonl.gz"])
def test_no_truncation_raises(kind: str) -> None:
    plain = _sample_warc(gz=False)
    data = {
        "warc": plain,
        "warc.gz": _sample_warc(gz=True),
        "warc whole gz": gzip.compress(plain),
        "jsonl.gz": gzip.compress(_jsonl_lines()),
    }[kind]
    for cut in range(len(data)):
        records = _records(data[:cut], "f")
        for record in records:
            assert record.error in CONTAINER_REASONS | {None}
            assert record.error is None or record.raw == b""
            assert record.source == "f" or record.source.startswith(("f#offset=", "f:"))
        assert all(r.error is None for r in records[:-1]) or kind == "jsonl.gz"


def test_container_reasons_are_reject_reasons() -> None:
    assert CONTAINER_REASONS <= REJECT_REASONS
