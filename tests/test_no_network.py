"""Cleaning makes no network request: trafilatura, htmldate and our code stay offline."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

import pytest

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH
from extractors.pipeline import process_page

ROOT = Path(__file__).resolve().parents[1]

PAGE = b"""<html><head><title>Offline | Example</title>
<link rel="canonical" href="https://example.com/news/offline">
<meta property="og:image" content="https://cdn.example.com/a.jpg">
<script src="https://cdn.example.com/app.js"></script></head>
<body><article><h1>Offline</h1><p>The council met on Tuesday and voted for the plan after a long
debate that went on into the night, officials said, and residents cheered the result.</p>
<img src="https://cdn.example.com/b.jpg"><iframe src="https://video.example.com/x"></iframe>
<p>The plan will cost about forty million dollars over five years, the finance office said in
a statement released on Wednesday morning.</p></article></body></html>"""


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every way out of the process fail, and record the attempts."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("network is unreachable in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_html_and_text_pages_are_cleaned_with_the_network_unreachable(
    no_network: list[str],
) -> None:
    pages = [(PAGE, "offline.html"), (PAGE, "offline.txt")]
    pages += [(p.read_bytes(), str(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if BENCH.is_dir():
        pages += [
            (gzip.decompress(p.read_bytes()), p.name)
            for p in sorted((BENCH / "aeb" / "html").glob("*.html.gz"))[:10]
        ]
    for raw, source in pages:
        record = process_page(raw, source, url="https://example.com/news/offline")
        assert record.source == source
    assert no_network == []
