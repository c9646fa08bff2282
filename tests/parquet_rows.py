"""Reading the rows a run wrote, for comparing runs."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq


def read_rows(folder: Path) -> list[dict]:
    """Every row of every part in ``folder``; there must be at least one part."""
    files = sorted(folder.glob("*.parquet"))
    assert files, f"no parquet in {folder}"
    rows: list[dict] = []
    for path in files:
        rows += pq.read_table(path).to_pylist()
    return rows


def comparable(rows: list[dict]) -> list[dict]:
    """Rows without the run's time, in source order (doc id order for tables without a
    source): what two runs must agree on."""
    return sorted(
        ({k: v for k, v in r.items() if k != "processed_at"} for r in rows),
        key=lambda r: r.get("source") or r["doc_id"],
    )


def stable_rows(folder: Path) -> list[dict]:
    """The comparable rows of every part in ``folder``."""
    return comparable(read_rows(folder))
