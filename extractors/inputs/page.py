"""One page read from an input file (``PageRecord``), or the reason part of a file could not be
read, with the timestamp parsing containers share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from extractors.inputs.streams import Damaged
from extractors.record import InputFormat

# Longest timestamp text parsed (ISO 8601 with fractions and offset is under 40).
MAX_TIME_CHARS = 64
_EPOCH = re.compile(r"[+-]?\d{1,15}(?:\.\d*)?")
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


def failed_record(
    source: str,
    damage: Damaged,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    format_hint: InputFormat | None = None,
) -> PageRecord:
    """An error record."""
    return PageRecord(
        b"", source, url, fetched_at, None, format_hint, error=damage.reason, detail=damage.detail
    )


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
