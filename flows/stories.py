"""The stories step: copies of one story among all the articles of an output, grouped.

It reads ``OUTPUT/signatures`` (written by the batches that clean the articles) and writes
``OUTPUT/stories/part-*.parquet``, one row per article. It runs at the end of every ``clean``
run, over the whole output (the articles of earlier runs included), and alone as

    python -m flows.stories OUTPUT

Candidate pairs come out of DuckDB, embedded (nothing to start): each signature's MinHash
values cut into bands (``extractors.stories.signatures``), and two articles sharing a band's
values, or their text hash, are candidates. ``extractors.stories.group`` verifies them and
joins the verified pairs into stories. Only the signatures of candidates are read into
Python; the articles that have no candidate get their story of one in DuckDB.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from extractors.record import SIGNATURE_SCHEMA, STORY_SCHEMA, Signature, stories_table
from extractors.stories.group import (
    REPEATED_MIN_SENTENCES,
    REPEATED_MIN_SHARE,
    STORY_ID_CHARS,
    group,
)
from extractors.stories.signatures import (
    ENTITY_BAND_ROWS,
    MINHASH_PERMUTATIONS,
    WORD_BAND_ROWS,
)
from flows.parquet_io import part_name, write_part
from flows.store import AnyPath, StorePath, as_path

logger = logging.getLogger("boilerstrip.stories")

# A band value shared by more articles than this is a stock phrase's or a common pair of
# names' (a dateline, "President Joe Biden"), not a sign of copies: its bucket is passed over.
# Copies of one story beyond this many stay found through their other bands.
MAX_BUCKET = 200
# The first LEAD_SENTENCES sentences of every article, of LEAD_MIN_WORDS words or more, are
# band keys too: a copy that keeps a long article's first paragraphs shares them.
LEAD_SENTENCES = 5
LEAD_MIN_WORDS = 8
# DuckDB's memory limit: it spills to a temporary folder beyond it. The candidates'
# signatures and the stories' rows live in Python besides (about 1 GB for 1,000,000
# articles with 12% of them copies: python -m benchmarks.stories --scale 1000000).
DUCKDB_MEMORY_LIMIT = "2GB"


# The rows of the articles with no candidate, each a story of one: story_id and the
# repeated-paragraphs flag as extractors.stories.group gives them (story_id,
# repeats_paragraphs: the copies of a sentence beyond its first).
_REPEATS = "len(sentence_hashes) - len(list_distinct(sentence_hashes))"
_ALONE_SQL = (
    f"SELECT doc_id, substr(md5(doc_id), 1, {STORY_ID_CHARS}) AS story_id, "
    "doc_id AS canonical_doc_id, 'canonical' AS role, 1.0::FLOAT AS similarity, "
    f"CASE WHEN {_REPEATS} >= {REPEATED_MIN_SENTENCES} "
    f"AND {_REPEATS} >= {REPEATED_MIN_SHARE} * len(sentence_hashes) "
    "THEN ['repeated_paragraphs'] ELSE []::VARCHAR[] END AS flags, "
    "1::INTEGER AS story_size FROM sig ANTI JOIN wanted USING (idx)"
)


def _signature_files(output: AnyPath) -> list[AnyPath]:
    return sorted((output / "signatures").glob("part-*.parquet"))


def _bands_sql(column: str, rows: int, first_band: int) -> str:
    """The band keys of one MinHash column cut into bands of ``rows`` values: (article, band,
    key), one row per band, the bands numbered from ``first_band``."""
    bands = MINHASH_PERMUTATIONS // rows
    values = ", ".join(f"{column}[b * {rows} + {k + 1}]" for k in range(rows))
    return (
        f"SELECT idx, {first_band} + b AS band, hash({values}) AS key "
        f"FROM sig, range({bands}) AS t(b) WHERE len({column}) = {MINHASH_PERMUTATIONS}"
    )


# The band numbers: word 5-grams', then pairs of names', then the text hash and the lead
# sentences.
_ENTITY_BANDS_FROM = MINHASH_PERMUTATIONS // WORD_BAND_ROWS
_TEXT_BAND = _ENTITY_BANDS_FROM + MINHASH_PERMUTATIONS // ENTITY_BAND_ROWS
_LEAD_BAND = _TEXT_BAND + 1


def candidate_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int]]:
    """Pairs of articles (``idx`` of the ``sig`` view) that share a band's values or their
    text hash, each once."""
    con.execute(
        "CREATE TEMP TABLE bands AS "
        f"{_bands_sql('word_minhash', WORD_BAND_ROWS, 0)} UNION ALL "
        f"{_bands_sql('entity_minhash', ENTITY_BAND_ROWS, _ENTITY_BANDS_FROM)} "
        f"UNION ALL SELECT idx, {_TEXT_BAND} AS band, hash(text_hash) AS key FROM sig "
        # an excerpt of a long article (a wire copy's first paragraphs) shares too few of its
        # 5-grams for a MinHash band, but its lead sentences word for word
        f"UNION ALL SELECT idx, {_LEAD_BAND} AS band, sentence_hashes[i]::UBIGINT AS key "
        f"FROM sig, range(1, {LEAD_SENTENCES + 1}) AS t(i) "
        f"WHERE len(sentence_hashes) >= i AND sentence_words[i] >= {LEAD_MIN_WORDS}"
    )
    con.execute(
        "CREATE TEMP TABLE buckets AS SELECT band, key FROM bands GROUP BY band, key "
        f"HAVING count(*) BETWEEN 2 AND {MAX_BUCKET}"
    )
    rows = con.execute(
        "WITH shared AS (SELECT b.* FROM bands b SEMI JOIN buckets u "
        "ON b.band = u.band AND b.key = u.key) "
        "SELECT DISTINCT x.idx, y.idx FROM shared x JOIN shared y "
        "ON x.band = y.band AND x.key = y.key AND x.idx < y.idx ORDER BY 1, 2"
    ).fetchall()
    con.execute("DROP TABLE bands")
    con.execute("DROP TABLE buckets")
    return [(int(a), int(b)) for a, b in rows]


def _wanted(con: duckdb.DuckDBPyConnection, ids: list[int]) -> None:
    """The table ``wanted``: the articles ``ids`` (``idx`` of ``sig``), none as well."""
    con.execute("CREATE OR REPLACE TEMP TABLE wanted AS SELECT unnest(?::BIGINT[]) AS idx", [ids])


def _signatures(con: duckdb.DuckDBPyConnection) -> list[Signature]:
    """The signatures of the articles in ``wanted``, in ``idx`` order."""
    table = con.sql(
        "SELECT sig.* EXCLUDE (idx) FROM sig SEMI JOIN wanted USING (idx) ORDER BY idx"
    ).to_arrow_table()
    return [_signature(row) for row in table.to_pylist()]


def _signature(row: dict[str, Any]) -> Signature:
    """A signature from its Parquet row (lists back to tuples)."""
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
    return Signature(**values)


def _location(path: AnyPath) -> str:
    """A part as DuckDB names it: a local path, or a URL of a store registered with it."""
    return path.url if isinstance(path, StorePath) else path.as_posix()


def _quoted(path: AnyPath) -> str:
    """A path as an SQL string literal."""
    return "'" + _location(path).replace("'", "''") + "'"


def _open_signatures(con: duckdb.DuckDBPyConnection, files: list[AnyPath]) -> None:
    """The view ``sig``: every signature, read from its Parquet part when a query needs it,
    with ``idx``, a number fixed by the part and the row (the parts' names sort alike on
    every run)."""
    if not files:
        con.register("no_signatures", SIGNATURE_SCHEMA.empty_table())
        con.execute("CREATE VIEW sig AS SELECT 0::BIGINT AS idx, * FROM no_signatures")
        return
    listed = ", ".join(_quoted(f) for f in files)
    con.execute("CREATE TEMP TABLE parts (filename VARCHAR, ordinal BIGINT)")
    con.executemany(
        "INSERT INTO parts VALUES (?, ?)", [(_location(f), n) for n, f in enumerate(files)]
    )
    con.execute(
        "CREATE VIEW sig AS SELECT (p.ordinal << 32) + s.file_row_number AS idx, "
        "s.* EXCLUDE (filename, file_row_number) "
        f"FROM read_parquet([{listed}], filename = true, file_row_number = true) s "
        "JOIN parts p USING (filename)"
    )


def build_stories(output: AnyPath, log: Any = logger) -> dict[str, Any]:
    """Group the articles of ``output`` into stories; write ``output/stories``, replacing what
    an earlier run wrote there. Returns the counts: stories, articles by role, spun copies.
    ``log`` is a logger (the Prefect run's, in the flow). An output in an object store is read
    by DuckDB through the store's fsspec filesystem."""
    started = time.monotonic()
    files = _signature_files(output)
    stories_dir = output / "stories"
    path = stories_dir / part_name(f.name for f in files)
    with tempfile.TemporaryDirectory(prefix="boilerstrip-stories-") as spill:
        con = duckdb.connect()
        try:
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            con.execute(f"SET temp_directory = {_quoted(Path(spill))}")
            con.execute("SET preserve_insertion_order = false")
            if isinstance(output, StorePath):
                con.register_filesystem(output.fs)
            _open_signatures(con, files)
            total = con.execute("SELECT count(*) FROM sig").fetchone()[0]  # type: ignore[index]
            pairs = candidate_pairs(con)
            ids = sorted({i for pair in pairs for i in pair})
            log.info(
                "stories: %d articles, %d candidate pairs among %d", total, len(pairs), len(ids)
            )
            position = {idx: n for n, idx in enumerate(ids)}
            _wanted(con, ids)
            members = _signatures(con)
            grouped = group(members, [(position[a], position[b]) for a, b in pairs])
            del members
            # the articles with no candidate: each a story of one, written by DuckDB
            alone = con.sql(_ALONE_SQL).to_arrow_table()
        finally:
            con.close()
    table = pa.concat_tables([stories_table(grouped), alone.cast(STORY_SCHEMA)])
    write_part(table.sort_by("doc_id"), path)
    for old in stories_dir.glob("part-*.parquet"):
        if old != path:
            old.unlink()
    roles = Counter(r.role for r in grouped)
    roles["canonical"] += alone.num_rows
    summary = {
        "articles": total,
        "stories": roles["canonical"],
        "roles": dict(roles),
        "spun": sum("spun" in r.flags for r in grouped),
        "file": str(path),
        "seconds": round(time.monotonic() - started, 2),
    }
    log.info(
        "stories: %d articles in %d stories (%s); %d spun copies; %.1f s",
        total,
        summary["stories"],
        ", ".join(f"{n} {role}" for role, n in sorted(roles.items())),
        summary["spun"],
        summary["seconds"],
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    """``python -m flows.stories OUTPUT``: recompute the stories of an existing output."""
    parser = argparse.ArgumentParser(
        prog="python -m flows.stories",
        description="Group the articles of a boilerstrip output into stories "
        "(OUTPUT/stories/part-*.parquet), from OUTPUT/signatures.",
    )
    parser.add_argument(
        "output", help="the output folder of a clean run (a local folder or a store's URL)"
    )
    args = parser.parse_args(argv)
    output = as_path(args.output)
    if not (output / "signatures").is_dir():
        parser.error(f"{args.output} holds no signatures folder: is it a clean run's output?")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    summary = build_stories(output)
    print(
        f"{summary['articles']} articles in {summary['stories']} stories; roles: "
        + ", ".join(f"{role} {n}" for role, n in sorted(summary["roles"].items()))
        + f"; spun {summary['spun']}; written to {summary['file']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
