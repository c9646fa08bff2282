"""JSON lines: one page per line, its url, HTML or text and crawl time in named fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractors.inputs.page import PageRecord, failed_record, parse_timestamp
from extractors.inputs.streams import UTF8_BOM, Damaged, Reader, read_blocks, too_large
from extractors.record import InputFormat


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """The names of the JSONL fields that hold a page's url, HTML, text and fetch time."""

    url: str = "url"
    html: str = "html"
    text: str = "text"
    fetched_at: str = "fetched_at"


DEFAULT_FIELDS = JsonlFields()


def _lines(reader: Reader, cap: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Numbered lines (1-based) with their length; a line longer than ``cap`` comes as None,
    read past without being held."""
    number, size = 1, 0
    parts: list[bytes] = []
    for block in read_blocks(reader):
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


def jsonl_pages(reader: Reader, source: str, cap: int, fields: JsonlFields) -> Iterator[PageRecord]:
    """One record per non-blank line of JSON lines."""
    number = 0
    try:
        for number, line, size in _lines(reader, cap):
            where = f"{source}:{number}"
            if line is None:
                yield failed_record(where, too_large(cap, f"the line ({size} bytes)"))
                continue
            if number == 1:
                line = line.removeprefix(UTF8_BOM)
            if line.strip():
                yield _jsonl_page(line, where, fields)
    except Damaged as damage:
        yield failed_record(f"{source}:{number + 1}", damage)


def _jsonl_page(line: bytes, where: str, fields: JsonlFields) -> PageRecord:
    """The page of one JSON line, or why it has none."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return failed_record(where, Damaged("bad_json", f"not JSON: {exc}"))
    if not isinstance(obj, dict):
        return failed_record(where, Damaged("bad_json", f"a JSON {_json_kind(obj)}, not an object"))
    url = obj.get(fields.url)
    url = url if isinstance(url, str) else None
    fetched_at = parse_timestamp(obj.get(fields.fetched_at))
    content = _jsonl_content(obj, fields)
    if content is None:
        detail = f"neither {fields.html!r} nor {fields.text!r} holds a string"
        return failed_record(where, Damaged("no_content", detail), url=url, fetched_at=fetched_at)
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
