"""Bounded byte streams: a file read block by block, and gzip inflated member by member with
a decompression-bomb check."""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

# Bytes read, inflated or handed on in one step; with the page cap, what bounds memory.
BLOCK_BYTES = 64 * 1024
# The two bytes every gzip member starts with (RFC 1952).
GZIP_MAGIC = b"\x1f\x8b"
# Decompressed bytes of a file before its expansion ratio is checked.
BOMB_FLOOR_BYTES = 64 * 1024 * 1024
# Expansion past which gzip data is a decompression bomb: HTML, text, WARC and JSONL dumps
# inflate 3 to 20 times; zeros inflate 1,000 times (Apache POI refuses 100 by default).
BOMB_RATIO = 200
# Gzip members remembered to map a record's offset back into the compressed file; enough for
# the members read ahead of a record start even when every member is tiny.
MEMBER_MEMORY = 4096


class Damaged(Exception):
    """Bytes that cannot be read on: a record's reason and detail (never a bug)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class Reader:
    """A forward-only byte stream with look-ahead, a position, and a read budget for warcio."""

    def __init__(self) -> None:
        self._pending = b""
        self._at = 0
        self._delivered = 0
        self._budget: int | None = None
        self._spent = 0
        self._deferred: Damaged | None = None
        self.exhausted = False

    def _next_chunk(self) -> bytes:
        """The next block of bytes, or b"" at the end."""
        raise NotImplementedError

    def _chunk(self) -> bytes:
        """The next block, noting the end of the data; raises damage a peek came upon."""
        if self._deferred is not None:
            raise self._deferred
        chunk = self._next_chunk()
        self.exhausted = not chunk
        return chunk

    def peek(self, size: int) -> bytes:
        """Up to ``size`` bytes ahead, left to be read; damage waits for the read reaching it."""
        while len(self._pending) - self._at < size:
            try:
                chunk = self._chunk()
            except Damaged as damage:
                self._deferred = damage
                break
            if not chunk:
                break
            self._pending = self._pending[self._at :] + chunk
            self._at = 0
        return self._pending[self._at : self._at + size]

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (at most one block); b"" only at the end."""
        if size is None or size < 0 or size > BLOCK_BYTES:
            size = BLOCK_BYTES
        if self._at >= len(self._pending):
            self._pending, self._at = self._chunk(), 0
        data = self._pending[self._at : self._at + size]
        self._at += len(data)
        self._delivered += len(data)
        self._charge(len(data))
        return data

    def _charge(self, size: int) -> None:
        """Count bytes against the budget; raise when it is spent."""
        if self._budget is None:
            return
        self._spent += size
        if self._spent > self._budget:
            raise Damaged(
                "malformed_record", f"a WARC record's headers run past {self._budget} bytes"
            )

    def set_budget(self, budget: int | None) -> None:
        """Limit the bytes read from now on (None: no limit)."""
        self._budget, self._spent = budget, 0

    def tell(self) -> int:
        """Bytes read so far."""
        return self._delivered

    def file_offset(self, position: int) -> int:
        """The offset in the file of a position in this stream."""
        return position

    def offset_after(self, last: int) -> int:
        """An offset past ``last`` where reading stopped: how far into the file it got."""
        return max(self._delivered, last + 1)


class RawSource(Reader):
    """The input file's bytes as they are."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream

    def _next_chunk(self) -> bytes:
        """A block of the file; an I/O error becomes a read_error."""
        try:
            return self._stream.read(BLOCK_BYTES)
        except OSError as exc:
            raise Damaged("read_error", f"I/O error: {exc}") from exc


class Gunzipped(Reader):
    """Gzip data inflated block by block, member after member, with a decompression-bomb check."""

    def __init__(self, inner: Reader) -> None:
        super().__init__()
        self._inner = inner
        self._input = b""
        self._produced = 0
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._members: deque[tuple[int, int]] = deque([(0, inner.tell())], maxlen=MEMBER_MEMORY)

    def _next_chunk(self) -> bytes:
        """The next inflated block; raises on truncated or corrupt data and on a bomb."""
        while True:
            if self._inflater.eof and not self._start_member():
                return b""
            if not self._input:
                self._input = self._inner.read(BLOCK_BYTES)
                if not self._input:
                    raise Damaged("read_error", "the gzip data is truncated: it ends mid-stream")
            try:
                out = self._inflater.decompress(self._input, BLOCK_BYTES)
            except zlib.error as exc:
                raise Damaged("read_error", f"corrupt gzip data: {exc}") from exc
            eof = self._inflater.eof
            self._input = self._inflater.unused_data if eof else self._inflater.unconsumed_tail
            if out:
                self._count(len(out))
                return out

    def _start_member(self) -> bool:
        """Begin the next gzip member; False at the end of the data."""
        while len(self._input) < len(GZIP_MAGIC):
            more = self._inner.read(BLOCK_BYTES)
            if not more:
                break
            self._input += more
        if not self._input:
            return False
        if not self._input.startswith(GZIP_MAGIC):
            raise Damaged("read_error", "bytes after the end of the gzip data are not gzip")
        self._members.append((self._produced, self._inner.tell() - len(self._input)))
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        return True

    def _count(self, size: int) -> None:
        """Add inflated bytes; raise too_large when the expansion is a bomb's."""
        self._produced += size
        compressed = max(self._inner.tell(), 1)
        if self._produced > BOMB_FLOOR_BYTES and self._produced > BOMB_RATIO * compressed:
            raise Damaged(
                "too_large",
                f"gzip data inflates more than {BOMB_RATIO}-fold ({compressed} bytes to "
                f"{self._produced} and on): a decompression bomb; stopped reading the file",
            )

    def file_offset(self, position: int) -> int:
        """The compressed offset of the member that starts at ``position``, else ``position``."""
        for produced, offset in reversed(self._members):
            if produced == position:
                return offset
            if produced < position:
                break
        return position

    def offset_after(self, last: int) -> int:
        """Where the member being read starts, when past ``last``, else the inflated position."""
        member_start = self._members[-1][1]
        return member_start if member_start > last else max(self._delivered, last + 1)


def read_blocks(stream: Any) -> Iterator[bytes]:
    """A stream's bytes, block by block."""
    while block := stream.read(BLOCK_BYTES):
        yield block


def read_capped(blocks: Iterable[bytes], cap: int) -> bytes | None:
    """The bytes of ``blocks``, or None as soon as they run past ``cap``."""
    parts: list[bytes] = []
    size = 0
    for block in blocks:
        size += len(block)
        if size > cap:
            return None
        parts.append(block)
    return b"".join(parts)


def too_large(cap: int, what: str) -> Damaged:
    """The damage of a page over the cap."""
    return Damaged("too_large", f"{what} is larger than {cap} bytes (after decompression)")


UTF8_BOM = b"\xef\xbb\xbf"
