"""The record contract: dataclasses and pyarrow schemas in step, and Parquet round trips."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractors import record
from extractors.record import (
    ARTICLE_SCHEMA,
    REJECT_SCHEMA,
    SIGNATURE_SCHEMA,
    STORY_SCHEMA,
    TEMPLATE_SCHEMA,
    Article,
    Reject,
    Removed,
    Signature,
    StoryRow,
    TemplateLine,
    articles_table,
    rejects_table,
    template_lines,
    templates_table,
)
from flows.parquet_io import part_name, write_part

NOW = datetime(2024, 11, 21, 12, 0, tzinfo=UTC)


def _arrow_type(hint: object) -> pa.DataType:
    """The Arrow type a dataclass field's annotation stands for."""
    origin = typing.get_origin(hint)
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return _arrow_type(args[0])
    if origin is tuple:
        inner = args[0]
        if inner is Removed:
            return pa.list_(record.REMOVED_TYPE)
        return pa.list_(_arrow_type(inner))
    if origin is typing.Literal:
        return pa.string()
    return {
        str: pa.string(),
        int: pa.int32(),
        float: pa.float32(),
        datetime: pa.timestamp("us", tz="UTC"),
        date: pa.date32(),
    }[hint]  # type: ignore[index]


def _nullable(hint: object) -> bool:
    """Whether an annotation admits None."""
    return type(None) in typing.get_args(hint)


@pytest.mark.parametrize(
    ("cls", "schema"),
    [
        (Article, ARTICLE_SCHEMA),
        (Reject, REJECT_SCHEMA),
        (TemplateLine, TEMPLATE_SCHEMA),
        (Signature, SIGNATURE_SCHEMA),
        (StoryRow, STORY_SCHEMA),
    ],
)
def test_dataclass_and_schema_are_in_step(cls: type, schema: pa.Schema) -> None:
    hints = typing.get_type_hints(cls)
    hints["input_format"] = record.InputFormat if cls is Article else None
    fields = [f.name for f in dataclasses.fields(cls)]
    assert fields == schema.names
    for name in fields:
        field = schema.field(name)
        hint = hints[name]
        # hashes are stored at their own width: MinHash values as uint32, sentence hashes
        # and keys as int64
        expected = _WIDE_INTS.get(name) if cls is Signature else None
        assert field.type == (expected or _arrow_type(hint)), name
        assert field.nullable == _nullable(hint), name


_WIDE_INTS = {
    "word_minhash": pa.list_(pa.uint32()),
    "entity_minhash": pa.list_(pa.uint32()),
    "sentence_hashes": pa.list_(pa.int64()),
    "sentence_keys": pa.list_(pa.int64()),
}


def _article(**changes: object) -> Article:
    base = Article(
        doc_id="d1",
        source="seeds/x.txt",
        url=None,
        fetched_at=None,
        site="BVD",
        title="A title",
        section="World",
        authors=("Jane Doe",),
        contributors=(),
        published_at=datetime(2024, 11, 20, 21, 45, tzinfo=UTC),
        published_text="Published November 20, 2024 04:45PM EST",
        published_date=date(2024, 11, 20),
        published_precision="minute",
        dateline="KYIV, Ukraine",
        agency="AP",
        language="en",
        language_score=0.99,
        text="Body.",
        word_count=1,
        input_format="text",
        removed=(Removed("ad_slot", "Spacer"),),
        dropped_words=None,
        processed_at=NOW,
        pipeline_version=record.PIPELINE_VERSION,
    )
    return dataclasses.replace(base, **changes)


def test_articles_round_trip_through_parquet(tmp_path: Path) -> None:
    rows = [
        _article(),
        _article(doc_id="d2", published_at=None, authors=(), removed=(), dropped_words=412),
    ]
    path = tmp_path / "articles" / part_name(["a", "b"])
    write_part(articles_table(rows), path)
    table = pq.read_table(path)
    assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    assert table.to_pylist() == articles_table(rows).to_pylist()
    metadata = pq.read_metadata(path).metadata
    assert metadata[b"boilerstrip.schema_version"] == record.SCHEMA_VERSION.encode()
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"


def test_empty_tables_round_trip(tmp_path: Path) -> None:
    write_part(articles_table([]), tmp_path / "a.parquet")
    write_part(rejects_table([]), tmp_path / "r.parquet")
    assert pq.read_table(tmp_path / "a.parquet").schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    assert pq.read_table(tmp_path / "r.parquet").num_rows == 0


def test_rejects_round_trip(tmp_path: Path) -> None:
    rows = [Reject("d", "x.bin", "not_text", "PDF document", NOW)]
    write_part(rejects_table(rows), tmp_path / "r.parquet")
    assert pq.read_table(tmp_path / "r.parquet").to_pylist()[0]["reason"] == "not_text"


def test_a_value_that_does_not_fit_the_schema_raises() -> None:
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        articles_table([_article(word_count="many")])


def test_a_missing_required_value_raises() -> None:
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError, ValueError)):
        articles_table([_article(text=None)])


def test_a_failed_write_leaves_the_old_part_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "articles" / "part-x.parquet"
    write_part(articles_table([_article()]), path)
    before = path.read_bytes()

    def crash(table: pa.Table, where: Path, **kwargs: object) -> None:
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", crash)
    with pytest.raises(OSError, match="disk full"):
        write_part(articles_table([_article(doc_id="new")]), path)
    assert [p.name for p in path.parent.iterdir()] == ["part-x.parquet"]
    assert path.read_bytes() == before


def test_part_names_depend_on_the_inputs_only() -> None:
    assert part_name(["b", "a"]) == part_name(["a", "b"])
    assert part_name(["a"]) != part_name(["a", "b"])


def test_reject_reasons_are_snake_case() -> None:
    for reason in record.REJECT_REASONS:
        assert reason.isidentifier() and reason == reason.lower()


def test_template_lines_round_trip(tmp_path: Path) -> None:
    rows = [TemplateLine("example.com", "ab12", "Subscribe to the Courier", 0.75, 8)]
    write_part(templates_table(rows), tmp_path / "t.parquet")
    assert template_lines(pq.read_table(tmp_path / "t.parquet")) == rows


def test_a_part_streams_in_row_groups_of_the_set_size_whatever_the_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import parquet_io
    from flows.parquet_io import PartWriter

    monkeypatch.setattr(parquet_io, "ROW_GROUP_SIZE", 10)
    monkeypatch.setattr(parquet_io, "CHUNK_ROWS", 3)
    articles = [_article(doc_id=f"{n:064d}", text=f"Text {n}.") for n in range(25)]
    path = tmp_path / "part.parquet"
    with PartWriter(path, record.ARTICLE_SCHEMA, record.articles_table) as writer:
        for article in articles:
            writer.add(article)
        writer.commit()
    part = pq.ParquetFile(path)
    assert [part.metadata.row_group(i).num_rows for i in range(part.num_row_groups)] == [10, 10, 5]
    assert part.read().column("doc_id").to_pylist() == [a.doc_id for a in articles]
    assert part.schema_arrow.metadata == writer.schema.metadata
    assert writer.rows == 25


def test_a_record_that_does_not_fit_fails_when_its_chunk_is_converted(tmp_path: Path) -> None:
    from flows.parquet_io import PartWriter

    path = tmp_path / "part.parquet"
    with (
        pytest.raises((ValueError, pa.ArrowInvalid, pa.ArrowTypeError)),
        PartWriter(path, record.ARTICLE_SCHEMA, record.articles_table) as writer,
    ):
        writer.add(_article(text=None))  # type: ignore[arg-type]
        writer.commit()
    assert not path.exists() and not list(tmp_path.glob(".*.tmp"))
