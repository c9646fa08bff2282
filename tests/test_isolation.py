"""Per-page limits: a page that takes too long or needs too much memory is stopped and
rejected, and the worker that cleans the next page is fresh."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.record import Article, Reject
from flows.config import DEFAULTS, MiB
from flows.isolation import PageJob, PageLimits, PageWorker

NOW = datetime(2024, 11, 21, tzinfo=UTC)
SMALL = (
    b"Council backs bus plan\n\n"
    b"The city council voted on Tuesday to expand the bus network to three new districts, a plan "
    b"that had stalled for almost a decade, officials said after the meeting ended.\n"
)


def _limits(timeout_s: float) -> PageLimits:
    """A page's time limit, with the run's default memory limit."""
    return PageLimits(timeout_s=timeout_s, memory_bytes=DEFAULTS["page_memory_mb"] * MiB)


def _big_html(paragraphs: int) -> bytes:
    para = "<p>" + "The committee met again on Thursday to discuss the budget. " * 8 + "</p>\n"
    return ("<html><body><article>" + para * paragraphs + "</article></body></html>").encode()


def test_a_small_page_is_cleaned_in_the_worker() -> None:
    with PageWorker(_limits(60)) as worker:
        record = worker.clean(PageJob(SMALL, "small.txt", "text"), NOW)
    assert isinstance(record, Article)
    assert record.text.startswith("The city council voted")


def test_a_slow_page_is_a_timeout_and_the_next_page_still_works() -> None:
    with PageWorker(_limits(0.5)) as worker:
        slow = worker.clean(PageJob(_big_html(40_000), "big.html", "html"), NOW)
        assert isinstance(slow, Reject)
        assert slow.reason == "timeout"
        assert slow.source == "big.html"
        worker.limits = _limits(60)
        after = worker.clean(PageJob(SMALL, "small.txt", "text"), NOW)
    assert isinstance(after, Article)


def test_a_page_over_the_memory_limit_is_a_memory_reject() -> None:
    limits = PageLimits(timeout_s=120, memory_bytes=300 * 2**20)
    with PageWorker(limits) as worker:
        heavy = worker.clean(PageJob(_big_html(30_000), "heavy.html", "html"), NOW)
        assert isinstance(heavy, Reject)
        assert heavy.reason == "memory", heavy.detail
        after = worker.clean(PageJob(SMALL, "small.txt", "text"), NOW)
    assert isinstance(after, Article)


@pytest.mark.parametrize("fetched", [None, datetime(2024, 1, 2, 3, 4, tzinfo=UTC)])
def test_container_facts_reach_the_record(fetched: datetime | None) -> None:
    with PageWorker(_limits(60)) as worker:
        record = worker.clean(
            PageJob(SMALL, "c.warc#offset=12", "text", "https://x.example/a", None, fetched), NOW
        )
    assert isinstance(record, Article)
    assert record.fetched_at == fetched
    assert record.url == "https://x.example/a"
    assert record.source == "c.warc#offset=12"


def _small(n: int) -> PageJob:
    return PageJob(SMALL.replace(b"three", str(n).encode()), f"small-{n}.txt", "text")


def test_pages_in_a_pipeline_keep_their_order_and_a_slow_one_costs_only_itself() -> None:
    unreadable = Reject("e" * 64, "broken.warc#3", "decode_error", "not text", NOW, None)
    slow = PageJob(_big_html(40_000), "big.html", "html")
    items: list[PageJob | Reject] = [_small(1), unreadable, _small(2), slow, _small(3), _small(4)]
    with PageWorker(_limits(2)) as worker:
        records = list(worker.map(items, NOW))
    assert [r.source for r in records] == [
        "small-1.txt",
        "broken.warc#3",
        "small-2.txt",
        "big.html",
        "small-3.txt",
        "small-4.txt",
    ]
    assert records[1] is unreadable
    assert isinstance(records[3], Reject) and records[3].reason == "timeout"
    # the page sent behind the slow one went to the fresh worker, and is its own record
    for n, record in ((1, records[0]), (2, records[2]), (3, records[4]), (4, records[5])):
        assert isinstance(record, Article) and f"to {n} new districts" in record.text


def test_a_pipeline_left_early_leaves_no_stale_record_behind() -> None:
    with PageWorker(_limits(60)) as worker:
        first = next(iter(worker.map([_small(1), _small(2), _small(3)], NOW)))
        assert first.source == "small-1.txt"
        # the records of pages 2 and 3 were never read: the next page must not get one of them
        after = worker.clean(_small(9), NOW)
    assert after.source == "small-9.txt"


def test_the_pool_gives_a_worker_back_to_the_next_batch_and_keeps_to_its_slots() -> None:
    import threading

    from flows.isolation import WorkerPool

    pool, loads, order = WorkerPool(), [], []
    limits = _limits(60)

    def templates() -> dict[str, frozenset[str]]:
        loads.append(1)
        return {}

    def next_batch() -> None:
        with pool.worker(limits, "t", templates, 1) as worker:
            order.append(worker)

    with pool.worker(limits, "t", templates, 1) as first:
        waiting = threading.Thread(target=next_batch)
        waiting.start()
        waiting.join(0.3)
        assert waiting.is_alive() and not order  # one slot, and it is taken
        record = first.clean(_small(1), NOW)
    waiting.join(5)
    assert order == [first] and len(loads) == 1  # the same worker, its templates loaded once
    assert isinstance(record, Article)
    with pytest.raises(RuntimeError), pool.worker(limits, "other", templates, 2) as broken:
        raise RuntimeError("the batch failed")
    assert broken._process is None  # stopped, not kept
    assert first._process is not None  # kept alive for the batch after
    pool.close()
    assert first._process is None


def test_the_worker_has_its_next_page_before_the_parent_reads_a_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows import isolation

    events: list[str] = []
    submit, result = PageWorker._submit, PageWorker._result

    def logged_submit(self: PageWorker, job: PageJob, at: datetime) -> None:
        events.append(f"send {job.source}")
        submit(self, job, at)

    def logged_result(self: PageWorker, job: PageJob, at: datetime) -> tuple[object, bool]:
        events.append(f"read {job.source}")
        return result(self, job, at)

    monkeypatch.setattr(PageWorker, "_submit", logged_submit)
    monkeypatch.setattr(PageWorker, "_result", logged_result)
    with PageWorker(_limits(60)) as worker:
        records = list(worker.map([_small(1), _small(2), _small(3)], NOW))
    assert [r.source for r in records] == ["small-1.txt", "small-2.txt", "small-3.txt"]
    assert isolation.PIPELINE_DEPTH == 2
    assert events == [
        "send small-1.txt",
        "send small-2.txt",
        "read small-1.txt",
        "send small-3.txt",
        "read small-2.txt",
        "read small-3.txt",
    ]


def test_the_forkserver_preloads_the_main_module_that_each_worker_would_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    import types
    from importlib.machinery import ModuleSpec

    from flows import isolation

    for name, preloaded in (
        ("flows.clean", True),  # python -m flows.clean
        ("pytest.__main__", False),  # python -m pytest: multiprocessing skips it too
        (None, False),  # python -c
    ):
        main = types.ModuleType("__main__")
        main.__spec__ = ModuleSpec(name, None) if name else None
        monkeypatch.setitem(sys.modules, "__main__", main)
        expected = [*isolation._PRELOAD, name] if preloaded else isolation._PRELOAD
        assert isolation._preload() == expected


# Started in a fresh interpreter, the forkserver is hit by Ctrl-C before its preload could have
# ignored it, then asked for a worker.
_CTRL_C_AT_SPAWN = """
import os, signal, sys
from datetime import UTC, datetime
from multiprocessing import forkserver
from flows.isolation import PageJob, PageLimits, PageWorker, start_forkserver
start_forkserver()
os.kill(forkserver._forkserver._forkserver_pid, signal.SIGINT)
with PageWorker(PageLimits(timeout_s=60, memory_bytes=2**31)) as worker:
    record = worker.clean(PageJob(sys.stdin.buffer.read(), "small.txt", "text"), datetime.now(UTC))
print(type(record).__name__)
"""


@pytest.mark.slow
def test_ctrl_c_as_the_forkserver_starts_neither_kills_it_nor_prints_a_traceback() -> None:
    # the forkserver inherits Ctrl-C held back, until its preload ignores it
    run = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AT_SPAWN],
        input=SMALL,
        capture_output=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().strip() == "Article"
    assert b"Traceback" not in run.stderr and b"KeyboardInterrupt" not in run.stderr


def test_a_ctrl_c_while_the_forkserver_is_spawned_reaches_the_command_after() -> None:
    from flows.isolation import _sigint_held

    got: list[int] = []
    # a handler of the test's own: what earlier tests left set does not matter
    before = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        with _sigint_held():
            # sent to this thread, which holds it back (a Ctrl-C to the process that another
            # thread takes in the spawn's moment is dropped: see _sigint_held)
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
            # held back inside: a spawned process inherits Ctrl-C ignored
            assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
            assert got == []
        deadline = time.monotonic() + 10
        while not got and time.monotonic() < deadline:
            time.sleep(0.01)  # Python runs a handler between two of its instructions
        assert got == [signal.SIGINT]
    finally:
        signal.signal(signal.SIGINT, before)
