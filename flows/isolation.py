"""Running each page in a child process, so a page that hangs or eats memory costs only itself.

trafilatura cannot be interrupted from a thread, so the only sure stop is a process: the parent
sends a page to a long-lived worker process, waits at most the time limit, and kills and
replaces the worker when it overruns. The worker caps its own address space, so a page that
needs more memory fails with ``MemoryError`` inside the worker (or the worker dies) instead of
taking the machine down.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import resource
import signal
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.process import BaseProcess
from typing import Any

from extractors.pipeline import doc_id, process_page
from extractors.record import Article, Reject
from extractors.templates import SiteTemplate

# The forkserver imports this once; every worker forked from it starts with it loaded.
_PRELOAD = ["flows.worker_preload"]


@dataclass(frozen=True, slots=True)
class PageLimits:
    """Per-page limits: wall time in seconds and address space in bytes."""

    timeout_s: float = 120.0
    memory_bytes: int = 2 * 1024**3


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page to clean, with what its container told about it."""

    raw: bytes
    source: str
    input_format: str | None = None
    url: str | None = None
    charset: str | None = None
    fetched_at: datetime | None = None


def _worker_main(
    conn: multiprocessing.connection.Connection,
    memory_bytes: int,
    templates: dict[str, SiteTemplate],
) -> None:
    """The worker's loop: receive jobs, send back records, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        try:
            job, processed_at = conn.recv()
        except (EOFError, OSError):
            return
        try:
            record: Article | Reject = process_page(
                job.raw,
                job.source,
                input_format=job.input_format,
                url=job.url,
                charset=job.charset,
                fetched_at=job.fetched_at,
                processed_at=processed_at,
                templates=templates,
            )
        except MemoryError:
            record = _reject(
                job, "memory", "the page needed more memory than allowed", processed_at
            )
        except RecursionError:
            record = _reject(
                job, "too_deep", "the page nests deeper than can be parsed", processed_at
            )
        except Exception as exc:
            if _near_memory_limit(memory_bytes):
                # C libraries (libxml2) report a failed allocation as their own error.
                detail = f"the page reached the memory limit ({type(exc).__name__}: {exc})"
                record = _reject(job, "memory", detail, processed_at)
            else:  # a bug: reported as a reject so the run goes on
                detail = f"{type(exc).__name__}: {exc}"
                record = _reject(job, "internal_error", detail, processed_at)
        try:
            conn.send(record)
        except (EOFError, OSError):
            return


# A worker whose peak address space came this close to its limit ran out of memory.
NEAR_LIMIT_SHARE = 0.9


def _near_memory_limit(memory_bytes: int) -> bool:
    """Whether this process's peak address space reached ``NEAR_LIMIT_SHARE`` of the limit."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= NEAR_LIMIT_SHARE * memory_bytes
    except OSError:
        pass
    return False


def _reject(job: PageJob, reason: str, detail: str, processed_at: datetime) -> Reject:
    """A reject for a job."""
    return Reject(doc_id(job.raw), job.source, reason, detail, processed_at, job.fetched_at)


@dataclass
class PageWorker:
    """A supervised worker process that cleans pages one at a time under ``limits``."""

    limits: PageLimits = field(default_factory=PageLimits)
    templates: dict[str, SiteTemplate] = field(default_factory=dict)
    _process: BaseProcess | None = None
    _conn: multiprocessing.connection.Connection | None = None

    def _start(self) -> multiprocessing.connection.Connection:
        """Start a fresh worker."""
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=_worker_main,
            args=(child, self.limits.memory_bytes, self.templates),
            daemon=True,
            name="boilerstrip-page-worker",
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        return parent

    def _kill(self) -> None:
        """Stop the worker at once."""
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        self._process = self._conn = None

    def clean(self, job: PageJob, processed_at: datetime) -> Article | Reject:
        """Clean one page in the worker; a page over a limit becomes a ``timeout`` or
        ``memory`` reject, and the worker is replaced."""
        conn = self._conn or self._start()
        try:
            conn.send((job, processed_at))
            if conn.poll(self.limits.timeout_s):
                result: Any = conn.recv()
                if isinstance(result, Reject) and result.reason == "memory":
                    self._kill()  # its peak stays high: the next page gets a fresh worker
                return result  # a record, as the worker sent it
        except (EOFError, OSError, BrokenPipeError):
            exitcode = self._process.exitcode if self._process else None
            self._kill()
            return _reject(
                job,
                "memory",
                f"the worker died while cleaning the page (exit code {exitcode}); "
                f"most often the memory limit of {self.limits.memory_bytes} bytes",
                processed_at,
            )
        self._kill()
        return _reject(
            job, "timeout", f"cleaning took longer than {self.limits.timeout_s:g} s", processed_at
        )

    def close(self) -> None:
        """Stop the worker."""
        self._kill()

    def __enter__(self) -> PageWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
