"""Bytes to text: binary sniffing, encoding detection, and telling HTML from a text dump."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

import charset_normalizer

from extractors.record import InputFormat

# File signatures of formats that are never a page's text.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF container (WebP, WAV, AVI)"),
    (b"PK\x03\x04", "ZIP archive (or DOCX, XLSX, EPUB)"),
    (b"\x1f\x8b", "gzip data (compressed twice?)"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]{2,40})", re.IGNORECASE
)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|h[1-6]|article|section|table|td|tr|img|script)\b", re.IGNORECASE
)
# Bytes looked at to sniff a format or a charset.
SNIFF_BYTES = 4096
# A text dump with this many tags per 1,000 characters is HTML that lost its preamble.
HTML_TAG_DENSITY = 5.0
# Share of control characters above which decoded "text" is binary after all.
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Decoded:
    """A page's text, or the reason it has none."""

    text: str | None
    encoding: str | None
    reason: str | None = None
    detail: str = ""
    # "html" or "text", as ``sniff_format`` tells it (``decode_page``)
    format: InputFormat | None = None


def binary_kind(raw: bytes) -> str | None:
    """What binary format ``raw`` starts as, or None when it may be text."""
    for signature, name in BINARY_SIGNATURES:
        if raw.startswith(signature):
            return name
    head = raw[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


# The control characters: below 32, except tab, newline, form feed and carriage return.
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_share(text: str) -> float:
    """Share of control characters (other than tab, newline, CR, form feed) in a sample."""
    sample = text[:SNIFF_BYTES]
    if not sample:
        return 0.0
    return len(_CONTROL_CHAR.findall(sample)) / len(sample)


def _ascii_compatible(charset: str) -> str:
    """A declared charset as it can apply to bytes that were parsed as ASCII to find it.

    A page whose header or meta tag could be read says "utf-16" by mistake: its bytes are
    ASCII-compatible, and browsers read it as UTF-8 (WHATWG encoding sniffing).
    """
    return "utf-8" if charset.strip().lower().replace("_", "-").startswith("utf-16") else charset


def decode_bytes(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode a page: its BOM, the declared (HTTP) charset, the meta charset, UTF-8, then
    detection, in that order; the first that decodes the bytes without error wins.

    A BOM comes first, as the HTML standard has it: it cannot be there by accident, while a
    declared charset often is wrong.
    """
    kind = binary_kind(raw)
    if kind:
        return Decoded(None, None, "not_text", kind)
    candidates: list[str] = []
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raw = raw[len(bom) :]
            candidates.append(name)
            break
    if declared:
        candidates.append(_ascii_compatible(declared))
    meta = _META_CHARSET.search(raw[:SNIFF_BYTES])
    if meta:
        candidates.append(_ascii_compatible(meta.group(1).decode("ascii", "replace")))
    candidates.append("utf-8")
    for name in candidates:
        try:
            text = raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        return _checked(text, name)
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return Decoded(None, None, "decode_error", "no text encoding explains these bytes")
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> Decoded:
    """Reject decoded text that is mostly control characters."""
    if _control_share(text) > MAX_CONTROL_SHARE:
        return Decoded(
            None, encoding, "not_text", f"control characters in text decoded as {encoding}"
        )
    return Decoded(text, encoding)


def decode_page(raw: bytes, declared: str | None = None, hint: str | None = None) -> Decoded:
    """A page's text as ``decode_bytes`` decodes it, and whether it is HTML or a text dump
    (``sniff_format``, with the container's or the file name's ``hint``)."""
    decoded = decode_bytes(raw, declared)
    if decoded.text is None:
        return decoded
    return replace(decoded, format=sniff_format(decoded.text, hint))


def sniff_format(text: str, hint: str | None = None) -> InputFormat:
    """ "html" or "text": the content decides when it is clear, else the file's extension hint."""
    head = text[:SNIFF_BYTES]
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head))
    if tags * 1000 / max(len(head), 1) >= HTML_TAG_DENSITY:
        return "html"
    if hint == "html" and tags:
        return "html"
    return "text"
