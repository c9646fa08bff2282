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
import queue
import resource
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import forkserver
from multiprocessing.process import BaseProcess
from typing import Any

from extractors.pipeline import doc_id, process_page
from extractors.record import Article, Reject, Signature
from extractors.stories.signatures import article_signature
from extractors.text.templates import SiteTemplate

# The forkserver imports this once; every worker forked from it starts with it loaded.
_PRELOAD = ["flows.worker_preload"]
# Pages handed to a worker before the record of the first comes back: with two, the next page
# is in the pipe while the worker cleans one, so it never waits for the parent to read a record,
# write it and read the next page.
PIPELINE_DEPTH = 2


@dataclass(frozen=True, slots=True)
class PageLimits:
    """Per-page limits: wall time in seconds and address space in bytes."""

    timeout_s: float
    memory_bytes: int


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
        signature: Signature | None = None
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
            # its signature here, in parallel with the other batches' (flows/stories.py)
            signature = article_signature(record) if isinstance(record, Article) else None
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
            conn.send((record, signature))
        except (EOFError, OSError):
            return


# A record as the worker sends it back: with its signature when it is an article.
Signed = tuple[Article | Reject, Signature | None]

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


def _preload() -> list[str]:
    """The modules the forkserver imports: ``_PRELOAD``, and the main module, which every
    forked process imports again (multiprocessing's rule) at a cost of a second a worker when
    it is this flow's command line, where imported once in the forkserver it costs nothing."""
    main = getattr(getattr(sys.modules.get("__main__"), "__spec__", None), "name", None)
    if not main or main == "__main__" or main.endswith(".__main__"):
        return list(_PRELOAD)
    return [*_PRELOAD, main]


def _forkserver() -> multiprocessing.context.ForkServerContext:
    """The context the workers start in, its forkserver running and set to preload
    ``_preload()``."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_preload())
    with _sigint_held():
        forkserver.ensure_running()
    return ctx


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """A process spawned within starts with Ctrl-C ignored, and this one gets a Ctrl-C that
    comes meanwhile on leaving. The forkserver is spawned so: a Ctrl-C that reached it before
    its preload ignores the signal (``flows.worker_preload``) would kill it, with a traceback
    of whatever it was importing. Where signals cannot be set (a thread other than the main
    one), the spawn goes as it would. A Ctrl-C that another thread of this process takes in
    the moment of the spawn (a fork and an exec) finds it ignored, and is lost."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    # held back, a Ctrl-C is pending (a blocked signal is not dropped for being ignored)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a spawned process inherits
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def start_forkserver() -> None:
    """Start the forkserver the workers fork from, and return at once: it loads the extraction
    modules (see ``_PRELOAD``) while the caller goes on, where the first worker would wait
    for them."""
    _forkserver()


def _send_all(conn: multiprocessing.connection.Connection, outbox: queue.SimpleQueue[Any]) -> None:
    """Send the outbox's jobs down the pipe, until None or the pipe closes. A thread of its
    own: a large page blocks the send until the worker reads it, which it does only after
    sending the record before it, which the parent must be free to read."""
    while (item := outbox.get()) is not None:
        try:
            conn.send(item)
        except (OSError, ValueError):  # the worker was stopped
            return


@dataclass
class PageWorker:
    """A supervised worker process that cleans pages one at a time under ``limits``."""

    limits: PageLimits
    templates: dict[str, SiteTemplate] = field(default_factory=dict)
    _process: BaseProcess | None = None
    _conn: multiprocessing.connection.Connection | None = None
    _outbox: queue.SimpleQueue[Any] | None = None
    _sender: threading.Thread | None = None

    def _start(self) -> queue.SimpleQueue[Any]:
        """Start a fresh worker and the thread that sends it its jobs."""
        ctx = _forkserver()
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=_worker_main,
            args=(child, self.limits.memory_bytes, self.templates),
            daemon=True,
            name="boilerstrip-page-worker",
        )
        process.start()
        child.close()
        outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        sender = threading.Thread(
            target=_send_all, args=(parent, outbox), daemon=True, name="boilerstrip-page-sender"
        )
        sender.start()
        self._process, self._conn, self._outbox, self._sender = process, parent, outbox, sender
        return outbox

    def _kill(self) -> None:
        """Stop the worker at once, and its sender."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        if self._outbox is not None:
            self._outbox.put(None)
        if self._sender is not None:
            self._sender.join(5)  # a send under way fails now that the worker is gone
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = self._outbox = self._sender = None

    def _submit(self, job: PageJob, processed_at: datetime) -> None:
        """Hand a job to the worker (started if need be)."""
        outbox = self._outbox or self._start()
        outbox.put((job, processed_at))

    def _result(self, job: PageJob, processed_at: datetime) -> tuple[Signed, bool]:
        """The record of the worker's oldest job with its signature, and whether the worker
        must be replaced: it overran the time limit, died, or reported running out of
        memory."""
        conn = self._conn
        if conn is None:
            raise RuntimeError("no job was handed to the worker")
        try:
            if conn.poll(self.limits.timeout_s):
                result: Any = conn.recv()  # a record and its signature, as the worker sent them
                record = result[0]
                # after a memory reject its peak stays high: the next page gets a fresh worker
                return result, isinstance(record, Reject) and record.reason == "memory"
        except (EOFError, OSError):
            exitcode = self._process.exitcode if self._process else None
            detail = (
                f"the worker died while cleaning the page (exit code {exitcode}); "
                f"most often the memory limit of {self.limits.memory_bytes} bytes"
            )
            return (_reject(job, "memory", detail, processed_at), None), True
        detail = f"cleaning took longer than {self.limits.timeout_s:g} s"
        return (_reject(job, "timeout", detail, processed_at), None), True

    def map(
        self, items: Iterable[PageJob | Reject], processed_at: datetime
    ) -> Iterator[Article | Reject]:
        """The record of each item, in order (see ``map_signed``)."""
        for record, _signature in self.map_signed(items, processed_at):
            yield record

    def map_signed(
        self, items: Iterable[PageJob | Reject], processed_at: datetime
    ) -> Iterator[Signed]:
        """The record of each item and an article's signature, in order: a job cleaned in
        the worker, a reject (of a record that could not be read) as it is. Up to
        ``PIPELINE_DEPTH`` jobs are in the worker at once; a page over a limit becomes a
        ``timeout`` or ``memory`` reject, and the jobs after it go to a fresh worker."""
        source = iter(items)
        pending: deque[PageJob | Reject] = deque()
        in_worker = 0
        try:
            while True:
                while in_worker < PIPELINE_DEPTH and (item := next(source, None)) is not None:
                    pending.append(item)
                    if isinstance(item, PageJob):
                        self._submit(item, processed_at)
                        in_worker += 1
                if not pending:
                    return
                head = pending.popleft()
                if isinstance(head, Reject):
                    yield head, None
                    continue
                record, replace = self._result(head, processed_at)
                in_worker -= 1
                if replace:
                    self._kill()
                    for job in pending:
                        if isinstance(job, PageJob):
                            self._submit(job, processed_at)
                yield record
        finally:
            if in_worker:  # the caller stopped early: the worker's records would be stale
                self._kill()

    def clean(self, job: PageJob, processed_at: datetime) -> Article | Reject:
        """Clean one page in the worker (see ``map``)."""
        return next(self.map([job], processed_at))

    def close(self) -> None:
        """Stop the worker."""
        self._kill()

    def __enter__(self) -> PageWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class WorkerPool:
    """The page workers of this process, kept from one batch of a run to the next: a worker
    that has cleaned a batch has its caches warm, where a new one starts cold. At most
    ``slots`` are busy at once, so a batch can start (read its templates, open its parts)
    while the others run, and take a worker the moment one is given back."""

    def __init__(self) -> None:
        self._idle: dict[tuple[PageLimits, str | None], list[PageWorker]] = {}
        self._busy: dict[tuple[PageLimits, str | None], int] = {}
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def worker(
        self,
        limits: PageLimits,
        templates_key: str | None,
        templates: Callable[[], dict[str, SiteTemplate]],
        slots: int,
    ) -> Iterator[PageWorker]:
        """A worker with these limits and templates (``templates_key`` names them;
        ``templates`` loads them for a new worker), once fewer than ``slots`` are busy; given
        back when the block ends, or stopped when it raises."""
        key = (limits, templates_key)
        with self._changed:
            self._changed.wait_for(lambda: self._busy.get(key, 0) < slots)
            self._busy[key] = self._busy.get(key, 0) + 1
            idle = self._idle.get(key)
            worker = idle.pop() if idle else None
        try:
            worker = worker or PageWorker(limits, templates())
            yield worker
        except BaseException:
            if worker is not None:
                worker.close()
            raise
        else:
            with self._changed:
                self._idle.setdefault(key, []).append(worker)
        finally:
            with self._changed:
                self._busy[key] -= 1
                self._changed.notify_all()

    def close(self) -> None:
        """Stop every idle worker."""
        with self._changed:
            workers = [w for idle in self._idle.values() for w in idle]
            self._idle.clear()
        for worker in workers:
            worker.close()


# The page workers kept between the batches that run in this process's threads.
_POOL = WorkerPool()


def pooled_worker(
    limits: PageLimits,
    templates_key: str | None,
    templates: Callable[[], dict[str, SiteTemplate]],
    slots: int,
) -> contextlib.AbstractContextManager[PageWorker]:
    """A worker of this process's pool (see ``WorkerPool.worker``)."""
    return _POOL.worker(limits, templates_key, templates, slots)


def close_pooled_workers() -> None:
    """Stop the idle workers of this process's pool."""
    _POOL.close()
