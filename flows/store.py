"""Object stores: inputs and outputs given as URLs of any fsspec store (``s3://``, ``gs://``,
``az://``), as paths the run's code can join, list, read and delete.

A local path stays a ``pathlib.Path``; a URL becomes a ``StorePath``, which offers the few
``Path`` methods the job uses, backed by the store's fsspec filesystem. ``file://`` URLs are
local paths. The options a store is opened with (an endpoint, keys) travel in
``StoreOptions``, whose text shows their names only: they never reach a log, an artifact, a
row or a file's metadata.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

# Bytes asked of the store in one read request while an input is streamed: the read-ahead
# buffer an open input holds, whatever the size of the file (s3fs's own default, 50 MiB, would
# hold that much per input being read). Chosen, not tuned: a page dump of the benchmark corpus
# is one request, a 1 GB WARC 128.
READ_BLOCK_BYTES = 8 * 2**20

# A run reads each page file twice or more (the first pass, which learns the site templates,
# then its batch): the files a run reads whole in one request are kept on this machine's disk
# until it ends, up to this many bytes in all, so that every read after the first makes no
# request. Chosen, not tuned: 10,000 page files of the benchmark corpus take 0.6 GB.
RUN_CACHE_MAX_BYTES = 4 * 2**30

# A URL's protocol: letters, digits, "+", "-", "." before "://" (RFC 3986's scheme).
_PROTOCOL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
# Protocols that name this machine's files.
LOCAL_PROTOCOLS = frozenset({"file", "local"})


class StoreError(ValueError):
    """A URL or a store option that cannot work, said in one sentence."""


def protocol_of(text: str) -> str | None:
    """The protocol of a URL ("s3"), or None for a path."""
    match = _PROTOCOL.match(text)
    return match.group(1).lower() if match else None


def is_url(text: str) -> bool:
    """Whether ``text`` names an object store (not a local path, nor a ``file://`` URL)."""
    protocol = protocol_of(text)
    return protocol is not None and protocol not in LOCAL_PROTOCOLS


def local_text(text: str) -> str:
    """A local path as text: a ``file://`` URL's path, else ``text`` itself."""
    if protocol_of(text) in LOCAL_PROTOCOLS:
        return text.split("://", 1)[1]
    return text


@dataclass(frozen=True, slots=True)
class StoreOptions:
    """The keyword options the run's stores are opened with (``--storage-option KEY=VALUE``).

    Their values may be secrets: the text of this object names the keys only.
    """

    items: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, options: Mapping[str, Any] | None) -> StoreOptions:
        """Options from a mapping (sorted, so equal options compare equal)."""
        return cls(tuple(sorted((options or {}).items())))

    def kwargs(self) -> dict[str, Any]:
        """The options as keyword arguments of fsspec."""
        return dict(self.items)

    def __repr__(self) -> str:
        return f"StoreOptions({', '.join(key for key, _ in self.items)})"

    __str__ = __repr__


# No options: the store's own defaults, its environment variables and fsspec's config.
NO_OPTIONS = StoreOptions()


def parse_option(text: str) -> tuple[str, Any]:
    """One ``KEY=VALUE`` of ``--storage-option``: a JSON value (``true``, ``3``, ``{...}``) as
    such, anything else as text. Raises ``StoreError`` without ``=``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise StoreError(f"--storage-option {key.strip() or text!r}: expected KEY=VALUE")
    try:
        parsed: Any = json.loads(value)
    except ValueError:
        parsed = value
    return key.strip(), parsed


def _check_url(url: str) -> None:
    """Refuse a URL with a password in it: credentials go in options or the environment."""
    netloc = url.split("://", 1)[1].split("/", 1)[0]
    if "@" in netloc and ":" in netloc.split("@", 1)[0]:
        raise StoreError(
            f"{protocol_of(url)}:// URL with credentials in it: give them with "
            "--storage-option or the store's environment variables instead"
        )


def filesystem(url: str, options: StoreOptions) -> tuple[Any, str]:
    """The fsspec filesystem of ``url`` and the path within it. fsspec keeps one instance per
    protocol and options, so every call for the same store shares its connections."""
    from fsspec.core import url_to_fs

    _check_url(url)
    return url_to_fs(url, **options.kwargs())


@dataclass(frozen=True, slots=True)
class StorePath:
    """A file or folder in an object store: its URL (``s3://bucket/clean/articles``), and the
    options its store is opened with. It offers the ``pathlib.Path`` methods the job uses."""

    url: str
    options: StoreOptions = field(default=NO_OPTIONS, compare=False, repr=False)

    @classmethod
    def of(cls, url: str, options: StoreOptions = NO_OPTIONS) -> StorePath:
        """The path of ``url``, without a trailing slash; raises ``StoreError`` for a URL with
        credentials in it."""
        _check_url(url)
        head, rest = url.split("://", 1)
        return cls(f"{head}://{rest.rstrip('/')}", options)

    def __str__(self) -> str:
        return self.url

    def __truediv__(self, name: str) -> StorePath:
        return StorePath(f"{self.url}/{name}", self.options)

    @property
    def name(self) -> str:
        """The last part of the URL."""
        return self.url.rsplit("/", 1)[1]

    @property
    def parent(self) -> StorePath:
        """The folder holding this path."""
        return StorePath(self.url.rsplit("/", 1)[0], self.options)

    @property
    def fs(self) -> Any:
        """The store's fsspec filesystem."""
        return filesystem(self.url, self.options)[0]

    @property
    def path(self) -> str:
        """The path within the store (``bucket/clean/articles``)."""
        return str(filesystem(self.url, self.options)[1])

    def _at(self, path: str) -> StorePath:
        """Another path of the same store, from its path within the store."""
        protocol = self.url.split("://", 1)[0]
        return StorePath(f"{protocol}://{path.rstrip('/')}", self.options)

    def glob(self, pattern: str) -> list[StorePath]:
        """The paths under this folder that match ``pattern``, sorted; listed afresh (another
        process may have written since the last listing)."""
        fs = self.fs
        fs.invalidate_cache()
        found: Iterable[str] = fs.glob(f"{self.path}/{pattern}")
        return sorted(self._at(p) for p in found)

    def __lt__(self, other: StorePath) -> bool:
        return self.url < other.url

    def exists(self) -> bool:
        fs = self.fs
        fs.invalidate_cache()
        return bool(fs.exists(self.path))

    def is_dir(self) -> bool:
        fs = self.fs
        fs.invalidate_cache()
        return bool(fs.isdir(self.path))

    def is_file(self) -> bool:
        fs = self.fs
        fs.invalidate_cache()
        return bool(fs.isfile(self.path))

    def unlink(self, missing_ok: bool = False) -> None:
        try:
            self.fs.rm_file(self.path)
        except FileNotFoundError:
            if not missing_ok:
                raise

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Nothing to make: a store's folders are the prefixes of its keys."""

    def open_input(self) -> IO[bytes]:
        """The object streamed for reading, ``READ_BLOCK_BYTES`` a request."""
        return self.fs.open(self.path, "rb", block_size=READ_BLOCK_BYTES, cache_type="readahead")

    def open_stream(self) -> StreamedObject:
        """The object read from its start to its end: its first ``READ_BLOCK_BYTES`` in one
        request, which holds a whole page file; what lies past them streamed (``open_input``).
        One request where ``open_input`` makes two (it asks the object's size first)."""
        cache = _run_cache
        kept = cache.get(self.url) if cache is not None else None
        if kept is not None:
            return StreamedObject(kept, None)
        try:
            head = self.fs.cat_file(self.path, start=0, end=READ_BLOCK_BYTES)
        except OSError as exc:
            if exc.errno != errno.EINVAL:
                raise
            # S3 refuses any range of an empty object (InvalidRange): read it as a stream
            return StreamedObject(b"", self.open_input)
        if len(head) < READ_BLOCK_BYTES:  # the whole object
            if cache is not None:
                cache.put(self.url, head)
            return StreamedObject(head, None)
        return StreamedObject(head, self.open_input)

    def put(self, local: Path) -> None:
        """Upload a finished local file to this path in one piece: a single PUT, or a
        multipart upload the store completes (and so shows) only once every part is in."""
        self.fs.put_file(str(local), self.path)


class _ObjectCache:
    """Whole objects kept in a folder, by URL, up to ``max_bytes`` in all."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self._folder = folder
        self._room = max_bytes
        self._lock = threading.Lock()

    def _file(self, url: str) -> Path:
        return self._folder / hashlib.sha256(url.encode()).hexdigest()

    def full(self) -> bool:
        """Whether no object could be kept any more."""
        return self._room <= 0

    def has(self, url: str) -> bool:
        return self._file(url).exists()

    def get(self, url: str) -> bytes | None:
        try:
            return self._file(url).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, url: str, data: bytes) -> None:
        with self._lock:
            if len(data) > self._room:
                return
            self._room -= len(data)
        path = self._file(url)
        # written whole under another name, then renamed: a reader sees all of it or nothing
        fd, tmp = tempfile.mkstemp(dir=self._folder, suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)


_run_cache: _ObjectCache | None = None


@contextlib.contextmanager
def run_cache() -> Iterator[None]:
    """For a run in this process: the objects it reads whole are kept in a temporary folder
    (``RUN_CACHE_MAX_BYTES`` of them) and read from there again, until the run ends and the
    folder goes. Processes of other machines (Dask workers) read from the store."""
    global _run_cache
    with tempfile.TemporaryDirectory(prefix="boilerstrip-objects-") as folder:
        _run_cache = _ObjectCache(Path(folder), RUN_CACHE_MAX_BYTES)
        try:
            yield
        finally:
            _run_cache = None


# Page files fetched at once (see prefetch): a run of small files costs one round trip a
# window, not one a file. Chosen, not tuned; at most this many first blocks are held at once.
PREFETCH_OBJECTS = 32


def prefetch(urls: list[str], options: StoreOptions) -> None:
    """The first blocks of these objects fetched at once, those that are whole objects kept in
    the run's cache (``run_cache``), from where ``StorePath.open_stream`` reads them. Nothing
    without a run cache; an object that cannot be read is left to that read, which says why."""
    cache = _run_cache
    if cache is None or not urls or cache.full():
        return
    stores: dict[int, Any] = {}
    wanted: dict[int, list[tuple[str, str]]] = {}
    for url in urls:
        if not cache.has(url):
            fs, path = filesystem(url, options)
            stores[id(fs)] = fs
            wanted.setdefault(id(fs), []).append((url, path))
    for key, objects in wanted.items():
        paths = [path for _, path in objects]
        heads = stores[key].cat_ranges(
            paths, [0] * len(paths), [READ_BLOCK_BYTES] * len(paths), on_error="return"
        )
        for (url, _), head in zip(objects, heads, strict=True):
            if isinstance(head, bytes) and len(head) < READ_BLOCK_BYTES:
                cache.put(url, head)


class StreamedObject:
    """An object's bytes read in order: its first block, already fetched, then the rest from
    ``open_rest`` (None: the first block was the whole object), opened only when it is
    reached."""

    def __init__(self, head: bytes, open_rest: Callable[[], IO[bytes]] | None) -> None:
        self._head = memoryview(head)
        self._at = 0  # how much of the first block was read
        self._rest_from = len(head)
        self._open_rest = open_rest
        self._rest: IO[bytes] | None = None

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            return b"".join(iter(lambda: self.read(READ_BLOCK_BYTES), b""))
        if self._at < len(self._head):
            end = min(len(self._head), self._at + size)
            data = bytes(self._head[self._at : end])
            self._at = end
            if end == len(self._head):  # the first block is read: no longer held
                self._head = memoryview(b"")
                self._at = 0
            return data
        if self._open_rest is None:
            return b""
        if self._rest is None:
            self._rest = self._open_rest()
            self._rest.seek(self._rest_from)
        return self._rest.read(size)

    def close(self) -> None:
        if self._rest is not None:
            self._rest.close()
        self._head, self._open_rest = memoryview(b""), None

    def __enter__(self) -> StreamedObject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# A local folder or file, or one in an object store.
AnyPath = Path | StorePath


def as_path(text: str, options: StoreOptions = NO_OPTIONS) -> AnyPath:
    """A path or URL as given: a ``StorePath`` for an object store, else a local ``Path``."""
    if is_url(text):
        return StorePath.of(text, options)
    return Path(local_text(text))
