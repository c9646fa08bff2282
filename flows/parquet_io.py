"""The output folder: Parquet parts written atomically, and one run at a time.

An output in an object store (``flows.store``) gets the same layout: each part is written to a
local temporary file and uploaded whole when complete, and the lock is an object
(``flows.store_lock``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.record import file_metadata
from flows.store import AnyPath, StorePath
from flows.store_lock import ObjectLock, OutputLocked
from flows.store_lock import in_use as store_in_use

__all__ = ["OutputLocked"]

# Rows per row group: bounded so a reader can stream a part.
ROW_GROUP_SIZE = 10_000
# Records are turned into Arrow columns this many at a time while a row group fills, so that
# the records of a row group are never all held as Python objects (a batch of 500 pages made
# the flow process's RSS climb by tens of MB with each batch's row group held whole).
CHUNK_ROWS = 256


def part_name(keys: Iterable[str]) -> str:
    """A part file's name derived from what it covers (in any order), so a rerun replaces it."""
    digest = hashlib.sha256("\n".join(sorted(keys)).encode("utf-8")).hexdigest()[:16]
    return f"part-{digest}.parquet"


def _temporary(path: AnyPath, tag: str) -> Path:
    """Where a part is written before it is published: beside it for a local part, in the
    local temporary folder for one in an object store."""
    if isinstance(path, StorePath):
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.{tag}.", suffix=".tmp")
        os.close(handle)
        return Path(name)
    return path.with_name(f".{path.name}.{tag}.tmp")


def write_part(table: pa.Table, path: AnyPath) -> None:
    """Write ``table`` to ``path`` with zstd and our metadata; a crash leaves no partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **file_metadata()})
    tmp = _temporary(path, str(os.getpid()))
    try:
        pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_SIZE)
        _publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_metadata(path: AnyPath) -> pq.FileMetaData:
    """The Parquet footer of a part."""
    if isinstance(path, StorePath):
        with path.open_input() as handle:
            return pq.read_metadata(handle)
    return pq.read_metadata(path)


def read_table(path: AnyPath, columns: list[str] | None = None) -> pa.Table:
    """The rows of a part (``columns`` of them only, when given)."""
    if isinstance(path, StorePath):
        with path.open_input() as handle:
            return pq.read_table(handle, columns=columns)
    return pq.read_table(path, columns=columns)


def _publish(tmp: Path, path: AnyPath) -> None:
    """Sync a finished temporary file and rename it to ``path``, durably; or upload it to
    ``path`` in one piece, which the store shows only once it is whole."""
    if isinstance(path, StorePath):
        path.put(tmp)
        return
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _sync_dir(path.parent)


class PartWriter:
    """Stream rows into one part in bounded row groups; the part appears only on ``commit``.

    Rows go to a temporary file in row groups of ``ROW_GROUP_SIZE``, so memory does not grow
    with the part; until a row group is full its rows wait as Arrow columns, converted
    ``CHUNK_ROWS`` records at a time. ``commit`` closes, syncs and renames it. Leaving the
    ``with`` block without committing (an exception) deletes the temporary file.
    """

    def __init__(
        self,
        path: AnyPath,
        schema: pa.Schema,
        to_table: Any,
        metadata: dict[bytes, bytes] | None = None,
    ) -> None:
        self.path = path
        self.schema = schema.with_metadata(
            {**(schema.metadata or {}), **file_metadata(), **(metadata or {})}
        )
        self._to_table = to_table
        self._buffer: list[Any] = []
        self._chunks: list[pa.Table] = []
        self._chunk_rows = 0
        self._tmp = _temporary(path, f"{os.getpid()}.{id(self)}")
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def __enter__(self) -> PartWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")
        return self

    def add(self, record: Any) -> None:
        """Queue one record; a full row group is written out."""
        self._buffer.append(record)
        if self._chunk_rows + len(self._buffer) >= ROW_GROUP_SIZE:
            self._flush()
        elif len(self._buffer) >= CHUNK_ROWS:
            self._convert()

    def _convert(self) -> None:
        """Turn the queued records into Arrow columns (raises if one does not fit the schema)."""
        if self._buffer:
            self._chunks.append(self._to_table(self._buffer))
            self._chunk_rows += len(self._buffer)
            self._buffer = []

    def _flush(self) -> None:
        """Write the queued rows as one row group."""
        self._convert()
        if self._chunks and self._writer is not None:
            table = pa.concat_tables(self._chunks).replace_schema_metadata(self.schema.metadata)
            self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
            self.rows += self._chunk_rows
            self._chunks, self._chunk_rows = [], 0

    def commit(self) -> None:
        """Finish the part: write what is queued, sync, and rename it into place."""
        self._flush()
        assert self._writer is not None
        self._writer.close()
        self._writer = None
        _publish(self._tmp, self.path)

    def __exit__(self, *exc: object) -> None:
        if self._writer is not None:
            self._writer.close()
        self._tmp.unlink(missing_ok=True)


def _sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


LOCK_NAME = ".boilerstrip.lock"
# The folders of an output that hold parts.
PART_FOLDERS = ("articles", "rejects", "signatures", "stories", "templates")


@contextlib.contextmanager
def output_lock(output: AnyPath, run_id: str | None = None, log: Any = None) -> Iterator[None]:
    """Hold the output folder for this run; raise ``OutputLocked`` if another run holds it.

    The lock is an advisory ``flock`` on ``OUTPUT/.boilerstrip.lock``: the system releases it
    when the process ends, however it ends, so a killed run never leaves the folder locked.
    In an object store it is an object of that name (``flows.store_lock``), holding
    ``run_id``, refreshed while the run lasts; it says what it does to ``log``.
    """
    if isinstance(output, StorePath):
        lock = ObjectLock(output, run_id, log) if log is not None else ObjectLock(output, run_id)
        lock.acquire()
        lock.start_refreshing()
        try:
            yield
        finally:
            lock.release()
        return
    output.mkdir(parents=True, exist_ok=True)
    path = output / LOCK_NAME
    handle = open(path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise OutputLocked(
                f"output folder {output} is in use by another run (pid {holder}); wait for it "
                "to finish or choose another output folder"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def output_in_use(output: AnyPath) -> str | None:
    """Why ``output`` cannot be written by a new run now (another run holds its lock), or
    None; asked before a run starts, so that the answer comes before anything else does."""
    if isinstance(output, StorePath):
        return store_in_use(output)
    path = output / LOCK_NAME
    try:
        handle = open(path)  # noqa: SIM115 - closed below, which drops the probe's lock
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip() or "unknown"
            return (
                f"output folder {output} is in use by another run (pid {holder}); wait for it "
                "to finish or choose another output folder"
            )
    return None


def remove_stale_parts(output: AnyPath) -> int:
    """Delete the temporary files an interrupted run left behind; returns how many. (In an
    object store an interrupted upload leaves no object: there are none.)

    Only call this while holding ``output_lock``: no other writer can be mid-write then.
    """
    if isinstance(output, StorePath):
        return 0
    removed = 0
    for folder in PART_FOLDERS:
        for tmp in (output / folder).glob(".part-*.tmp"):  # both writers' temporary names
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed
