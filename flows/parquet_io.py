"""Writing Parquet parts atomically: a temporary name, then a rename."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.record import file_metadata

# Rows per row group: bounded so a reader can stream a part.
ROW_GROUP_SIZE = 10_000


def part_name(sources: list[str] | tuple[str, ...]) -> str:
    """A part file's name derived from the sources it covers, so a rerun replaces it."""
    digest = hashlib.sha256("\n".join(sorted(sources)).encode("utf-8")).hexdigest()[:16]
    return f"part-{digest}.parquet"


def write_part(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` with zstd and our metadata; a crash leaves no partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **file_metadata()})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_SIZE)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
