"""The record contract: what one output row holds, as a frozen dataclass and its pyarrow schema.

The dataclasses and the schemas stand side by side and a test keeps them in step. Changing a
field is a deliberate change: edit both, and bump ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import pyarrow as pa

from extractors import __version__

SCHEMA_VERSION = "6"
PIPELINE_VERSION = __version__

InputFormat = Literal["html", "text"]

# Clean text shorter than this is a stub, a gallery or an error page, not an article: the page
# is a ``too_short`` reject. A policy floor, not tuned: a wire brief runs to 50 words and more.
MIN_ARTICLE_WORDS = 25


@dataclass(frozen=True, slots=True)
class Removed:
    """One segment stripped from a page, and the rule that stripped it."""

    kind: str
    text: str

    def __reduce__(self) -> tuple[type[Removed], tuple[str, str]]:
        # a page's record holds dozens of these: a slotted dataclass pickles each through
        # dataclasses.fields, four times slower than its constructor's arguments
        return Removed, (self.kind, self.text)


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article: a row of the ``articles`` table."""

    doc_id: str
    source: str
    url: str | None
    fetched_at: datetime | None
    site: str | None
    title: str | None
    section: str | None
    authors: tuple[str, ...]
    contributors: tuple[str, ...]
    published_at: datetime | None
    published_text: str | None
    published_date: date | None
    published_precision: str | None
    dateline: str | None
    agency: str | None
    language: str | None
    language_score: float | None
    text: str
    word_count: int
    input_format: InputFormat
    removed: tuple[Removed, ...]
    dropped_words: int | None
    processed_at: datetime
    pipeline_version: str


@dataclass(frozen=True, slots=True)
class Reject:
    """One input that yielded no article, with a stable snake_case reason: a row of ``rejects``."""

    doc_id: str
    source: str
    reason: str
    detail: str
    processed_at: datetime
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TemplateLine:
    """A line that recurs across a site's pages: a row of the ``templates`` table."""

    site: str
    line_hash: str
    line_text: str
    share: float
    pages: int


@dataclass(frozen=True, slots=True)
class Signature:
    """What the stories step knows of an article: a row of the ``signatures`` table, written
    by the batch that cleans it (``extractors.stories.signatures``).

    ``text_hash`` finds exact copies; ``word_minhash`` (word 5-grams) near copies;
    ``entity_minhash`` (pairs of consecutive names and figures) copies whose words were
    swapped or rewritten. Each sentence has a hash of its words, a key of its names and
    figures (0 when it has fewer than two) and its length in words, for aligning two copies
    sentence by sentence.
    """

    doc_id: str
    site: str | None
    published_at: datetime | None
    agency: str | None
    dateline: str | None
    word_count: int
    text_hash: str
    word_minhash: tuple[int, ...]
    entity_minhash: tuple[int, ...]
    sentence_hashes: tuple[int, ...]
    sentence_keys: tuple[int, ...]
    sentence_words: tuple[int, ...]


# A story member's relation to its story's canonical copy.
STORY_ROLES: frozenset[str] = frozenset({"canonical", "exact_copy", "near_copy", "rewrite"})


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One article's place in its story: a row of the ``stories`` table. Every article has
    one; a story of one article is a story too."""

    doc_id: str
    story_id: str
    canonical_doc_id: str
    role: str
    similarity: float
    flags: tuple[str, ...]
    story_size: int


# Stable reject reasons. Add new ones here; never rename one, readers filter on them.
REJECT_REASONS: frozenset[str] = frozenset(
    {
        "empty_input",  # zero bytes, or only whitespace
        "not_text",  # binary content: a PDF, an image, an archive
        "decode_error",  # bytes no text encoding explains
        "no_article",  # the extractor found no main text
        "too_short",  # the clean text is shorter than an article can be
        "too_large",  # the input is larger than the configured cap (after gunzip)
        "read_error",  # the file could not be read (permissions, truncated gzip, ...)
        "timeout",  # cleaning the page took longer than the per-page time limit
        "memory",  # cleaning the page needed more memory than the per-page limit
        "too_deep",  # the page nests deeper than the parser can follow
        "malformed_record",  # a WARC record that cannot be parsed
        "bad_json",  # a JSONL line that is not a JSON object
        "no_content",  # a JSONL object with neither an html nor a text field
        "internal_error",  # a bug: an exception caught at the flow boundary
    }
)

_UTC_US = pa.timestamp("us", tz="UTC")

REMOVED_TYPE = pa.struct(
    [pa.field("kind", pa.string(), False), pa.field("text", pa.string(), False)]
)

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("fetched_at", _UTC_US),
        pa.field("site", pa.string()),
        pa.field("title", pa.string()),
        pa.field("section", pa.string()),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("contributors", pa.list_(pa.string()), nullable=False),
        pa.field("published_at", _UTC_US),
        pa.field("published_text", pa.string()),
        pa.field("published_date", pa.date32()),
        pa.field("published_precision", pa.string()),
        pa.field("dateline", pa.string()),
        pa.field("agency", pa.string()),
        pa.field("language", pa.string()),
        pa.field("language_score", pa.float32()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("input_format", pa.string(), nullable=False),
        pa.field("removed", pa.list_(REMOVED_TYPE), nullable=False),
        pa.field("dropped_words", pa.int32()),
        pa.field("processed_at", _UTC_US, nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ]
)

REJECT_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string(), nullable=False),
        pa.field("processed_at", _UTC_US, nullable=False),
        pa.field("fetched_at", _UTC_US),
    ]
)


TEMPLATE_SCHEMA = pa.schema(
    [
        pa.field("site", pa.string(), nullable=False),
        pa.field("line_hash", pa.string(), nullable=False),
        pa.field("line_text", pa.string(), nullable=False),
        pa.field("share", pa.float32(), nullable=False),
        pa.field("pages", pa.int32(), nullable=False),
    ]
)


SIGNATURE_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("site", pa.string()),
        pa.field("published_at", _UTC_US),
        pa.field("agency", pa.string()),
        pa.field("dateline", pa.string()),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("text_hash", pa.string(), nullable=False),
        pa.field("word_minhash", pa.list_(pa.uint32()), nullable=False),
        pa.field("entity_minhash", pa.list_(pa.uint32()), nullable=False),
        pa.field("sentence_hashes", pa.list_(pa.int64()), nullable=False),
        pa.field("sentence_keys", pa.list_(pa.int64()), nullable=False),
        pa.field("sentence_words", pa.list_(pa.int32()), nullable=False),
    ]
)


STORY_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("canonical_doc_id", pa.string(), nullable=False),
        pa.field("role", pa.string(), nullable=False),
        pa.field("similarity", pa.float32(), nullable=False),
        pa.field("flags", pa.list_(pa.string()), nullable=False),
        pa.field("story_size", pa.int32(), nullable=False),
    ]
)


def file_metadata() -> dict[bytes, bytes]:
    """Key-value metadata written into every Parquet file's footer."""
    return {
        b"boilerstrip.schema_version": SCHEMA_VERSION.encode(),
        b"boilerstrip.pipeline_version": PIPELINE_VERSION.encode(),
    }


Record = Article | Reject | TemplateLine | Signature | StoryRow


def _row(record: Record) -> dict[str, Any]:
    """A record as a dict of plain Python values in schema order (tuples as lists)."""
    row = {
        f.name: list(value) if isinstance(value := getattr(record, f.name), tuple) else value
        for f in dataclasses.fields(record)
    }
    if isinstance(record, Article):
        row["removed"] = [{"kind": r.kind, "text": r.text} for r in record.removed]
    return row


def _table(records: list[Any], schema: pa.Schema) -> pa.Table:
    """Records as a table of exactly ``schema``; raises if a value does not fit it."""
    table = pa.Table.from_pylist([_row(r) for r in records], schema=schema)
    for field in schema:
        # pyarrow does not enforce nullable=False when building a table: check it here.
        if not field.nullable and table.column(field.name).null_count:
            raise ValueError(f"column {field.name!r} is required but has nulls")
    return table


def articles_table(articles: list[Article]) -> pa.Table:
    """Articles as a table of exactly ``ARTICLE_SCHEMA``; raises if a value does not fit."""
    return _table(articles, ARTICLE_SCHEMA)


def rejects_table(rejects: list[Reject]) -> pa.Table:
    """Rejects as a table of exactly ``REJECT_SCHEMA``; raises if a value does not fit."""
    return _table(rejects, REJECT_SCHEMA)


def templates_table(lines: list[TemplateLine]) -> pa.Table:
    """Template lines as a table of exactly ``TEMPLATE_SCHEMA``."""
    return _table(lines, TEMPLATE_SCHEMA)


def signatures_table(signatures: list[Signature]) -> pa.Table:
    """Signatures as a table of exactly ``SIGNATURE_SCHEMA``."""
    return _table(signatures, SIGNATURE_SCHEMA)


def stories_table(rows: list[StoryRow]) -> pa.Table:
    """Story rows as a table of exactly ``STORY_SCHEMA``."""
    return _table(rows, STORY_SCHEMA)


def template_lines(table: pa.Table) -> list[TemplateLine]:
    """Template lines read back from a table of ``TEMPLATE_SCHEMA``."""
    return [TemplateLine(**row) for row in table.select(TEMPLATE_SCHEMA.names).to_pylist()]
