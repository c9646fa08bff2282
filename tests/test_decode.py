"""Bytes to text: the charset order, binary sniffing, and never a crash on bytes."""

from __future__ import annotations

import codecs

import pytest

from extractors.inputs.decoding import decode_bytes, sniff_format

TEXT = "Żółć, café, naïve — “quoted” and € signs."


def test_a_bom_wins() -> None:
    raw = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")
    decoded = decode_bytes(raw, declared="iso-8859-1")
    assert decoded.text == TEXT and decoded.encoding == "utf-16-le"


def test_the_http_charset_comes_before_the_meta_charset() -> None:
    page = f'<meta charset="utf-8"><p>{"café"}</p>'.encode("iso-8859-1")
    assert decode_bytes(page, declared="iso-8859-1").text == '<meta charset="utf-8"><p>café</p>'


def test_the_meta_charset_applies_without_a_header() -> None:
    page = '<html><head><meta charset="windows-1252"></head><p>“Hi” – €</p>'.encode("cp1252")
    decoded = decode_bytes(page)
    assert decoded.encoding == "windows-1252"
    assert "“Hi” – €" in (decoded.text or "")


def test_a_meta_that_says_utf16_on_an_ascii_page_means_utf8() -> None:
    page = '<meta charset="utf-16"><p>café</p>'.encode()
    assert decode_bytes(page).text == '<meta charset="utf-16"><p>café</p>'


def test_invalid_utf8_is_decoded_by_detection_not_crashed_on() -> None:
    raw = ("Le conseil municipal a voté mardi. " * 20).encode("latin-1") + b"\xff\xfe\x80"
    decoded = decode_bytes(raw)
    assert decoded.text is not None and "conseil municipal" in decoded.text


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"hello\x00world\x00\x00\x01", "NUL"),
    ],
)
def test_binary_is_not_text(raw: bytes, kind: str) -> None:
    decoded = decode_bytes(raw)
    assert decoded.text is None and decoded.reason == "not_text" and kind in decoded.detail


def test_html_is_told_from_text_by_content() -> None:
    assert sniff_format("<!DOCTYPE html><html><body><p>x</p></body></html>", "text") == "html"
    assert sniff_format("Home |\nA headline\nA paragraph of text.", "html") == "text"
