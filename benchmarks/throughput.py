"""Throughput of the whole job on a large corpus, beside trafilatura alone; langdetect's cost.

Issue "Production runs", sections 5 and 6.

    python -m benchmarks.throughput [--sizes 1000,10000] [--workers N] [--batch-files N]
                                    [--bench DIR] [--profile] [--store s3]
    python -m benchmarks.throughput --language [--html] [--bench DIR] [--limit N]

**The corpus.** For each size N, N files are written to a temporary folder by repeating the
pages of ``aeb`` and ``wcxb-dev-articles`` (892 pages): file i is page ``i % 892`` of copy
``i // 892``, as HTML when ``(page + copy)`` is even and otherwise as a whole-page text dump
(``benchmarks.render.render_dump``, the two dump styles alternating), so about half the files
are each and every page appears in both forms over the copies. Every file is distinct bytes:
an HTML copy ends with ``<!-- boilerstrip throughput copy K -->``, a text copy with K + 1
newlines (layout the text path drops: a copy cleans exactly as the original does). Files go
to ``copyKKK/<site>/<set>-<id>.<ext>``, ``<site>`` being the page's real host: the flow learns
site templates per folder for text dumps without a url header, and a folder holding the copies
of one page would make every line of it a "template" line (it stands on every page of the
site) and reject the page. One folder per site and copy gives each site its own distinct pages
only, as in the benchmark (most sites there have one to three pages, so few templates are
learned, as on a crawl that reaches few pages per site; the learning pass still reads every
text dump).

**The flow run.** The CLI, ``python -m flows.clean CORPUS --output OUT --workers P``, runs in a
subprocess exactly as a user runs it: with no Prefect server configured it starts its own
temporary one (a fresh ``PREFECT_HOME`` in the temporary folder, migrated once by a small
warm-up run that is not measured). Its wall time includes importing Prefect and starting and
stopping that server, which every CLI run pays; the time from "Beginning flow run" to the
flow's "Finished" log line is shown apart.

**CPU** is user + sys of the whole process tree: ``getrusage(RUSAGE_CHILDREN)`` before and
after, this process being made a child subreaper (``prctl(PR_SET_CHILD_SUBREAPER)``) so the
processes the flow leaves to exit on their own (the forkserver, which reaps the page workers)
are reaped here and counted. The split by process (flow process, page workers, Prefect
server, forkserver) and the **peak RSS** (``VmHWM``) of each process come from sampling
``/proc`` every 0.2 s (VmHWM is a high-water mark, so a peak between two samples is not
missed); memory that grows with N shows as a peak still rising between half the pages and
the end of the largest run. ``ru_maxrss`` of the children is not used: a child started with
``vfork`` and ``exec``, as ``subprocess`` starts the CLI, inherits this process's own RSS as
its maximum.

**Extraction alone** (the reference for the overhead): the same files, read as the flow reads
them (``iter_records``), through ``extractors.pipeline.process_page`` in this process in a
plain loop with the site templates learned the same way, CPU time summed over pages (E).
Copies K and K + 2 of a page are the same page in the same form in a site folder of the same
make-up, so only copies 0 and 1 (up to 1,784 files) are measured, each weighted by the number
of files of its kind: exact up to 1,784 pages, and the 10,000-page figures take minutes less.
**Orchestration overhead** = ``1 - (E / P) / wall``: the share of wall time not explained by
extraction spread perfectly over the P workers. It counts Prefect, the temporary server, the
first pass (template learning), reading files, passing pages to the workers, Parquet, idle
cores, and also any other load on the machine (E is measured at another moment). So the
worker slots (P x wall) are also split with the page workers' ``/proc/PID/schedstat``:
running, runnable but waiting for a CPU (the machine is busy), and idle (no page worker, or
one waiting for its next page): the idle share is the overhead seen from the workers, and
does not count other load.

**trafilatura alone**: ``bare_extraction(html, include_comments=False, with_metadata=True)`` on
the same HTML pages (decoded as UTF-8), in this process, timed right after ours on each page
(paired: both see the same machine), CPU time per page.

``--store s3`` runs each size twice instead, without the in-process reference: on the corpus
as local files into a local folder, then on the same files uploaded to moto's S3 server
(``benchmarks.moto_s3``, on a free loopback port) into the same bucket, through
``AWS_ENDPOINT_URL``; it prints pages/s (over the whole command, and within the flow run) and
the peak RSS of the flow process and of a page worker for both, and the S3 server's CPU apart
(it shares the machine's CPUs). Then the CPU of each kind of process, and the best rate the
S3 run's CPU allows: at the local run's use of the CPUs, the local run's CPU over the S3
run's (the server's included); with every CPU busy from start to end, the local wall time
over the S3 run's CPU spread over all of them.

``--language`` (about a minute): the share of the text path's CPU spent in
``detect_language`` on the bench pages rendered as dumps (``--html``: the HTML path too), its
agreement with langdetect on the whole ground-truth text (the bench has no language
annotation), and what reading fewer characters (``LANGUAGE_MAX_CHARS``) would save and cost.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import ctypes
import functools
import io
import os
import pstats
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import trafilatura

from benchmarks.bench_data import DEFAULT_BENCH_DIR, SET_NAMES, BenchPage, load_set
from benchmarks.harness import InputFormat, format_table, peak_rss, warm_up_pipeline
from benchmarks.render import DumpStyle, render_dump
from extractors import language, pipeline
from extractors.inputs.containers import iter_records
from extractors.inputs.formats import format_hint
from extractors.pipeline import learn_templates, process_page, template_page
from extractors.record import (
    ARTICLE_SCHEMA,
    REJECT_SCHEMA,
    Article,
    articles_table,
    rejects_table,
)
from extractors.text.templates import site_templates
from flows.config import DEFAULTS
from flows.parquet_io import PartWriter

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1000, 10000)
SAMPLE_INTERVAL_S = 0.2
MB = 2**20
# Targets of the issue, printed beside the figures.
TARGET_HTML_RATIO = 1.1
TARGET_TEXT_PAGES_PER_CORE = 300.0
TARGET_OVERHEAD_SHARE = 0.10
TARGET_PEAK_RSS_BYTES = int(1.5 * 2**30)
# Growth of the largest process's peak RSS over the second half of a run that still counts as
# flat. One process cleaning the bench pages (HTML and dumps alternating) grew 9% from its
# 500th to its 1,000th page (its caches filling), then 1.4% from its 1,500th to its 2,500th.
RSS_GROWTH = 0.05
# Past this share of worker-slot time spent waiting for a CPU, other load on the machine, not
# orchestration, decides the wall time: the overhead target is not judged on it.
MAX_WAITING_SHARE = 0.05
# Caps on the characters langdetect reads, tried by --language (the pipeline's is first).
LANGUAGE_CAPS = tuple(sorted({language.LANGUAGE_MAX_CHARS, 5000, 2000, 1000, 500}, reverse=True))
PR_SET_CHILD_SUBREAPER = 36
# The flow's default --max-page-size (flows.clean is not imported here: it imports Prefect).
MAX_PAGE_BYTES = DEFAULTS["max_page_mb"] * MB


def _say(message: str) -> None:
    """A progress line, flushed at once."""
    print(message, flush=True)


# --- the corpus --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One file of the corpus, with its path as the flow sees it."""

    path: str
    input_format: InputFormat
    copy: int
    # Files of one kind are the same page in the same form with the same site folder around
    # it (copies K and K + 2 are alike): the in-process reference measures one of each.
    kind: tuple[int, int]


@dataclass(slots=True)
class Corpus:
    """The files of one corpus, under ``root``."""

    root: Path
    files: list[CorpusFile] = field(default_factory=list)

    def count(self, input_format: InputFormat) -> int:
        """How many files are of one format."""
        return sum(1 for f in self.files if f.input_format == input_format)

    def reference(self) -> list[tuple[CorpusFile, float]]:
        """One file of each kind (those of copies 0 and 1), each weighted by how many files of
        its kind the corpus holds; for up to two copies, every file with weight 1."""
        counts = Counter(f.kind for f in self.files)
        return [(f, float(counts[f.kind])) for f in self.files if f.copy < 2]


def _site_folder(page: BenchPage) -> str:
    """The page's site as a folder name: its domain, else its url's host."""
    host = page.domain or (urlsplit(page.url).hostname if page.url else None) or "unknown-site"
    return re.sub(r"[^A-Za-z0-9.-]+", "_", host.lower().removeprefix("www.")) or "unknown-site"


def build_corpus(pages: Sequence[BenchPage], size: int, root: Path) -> Corpus:
    """Write ``size`` distinct files repeating ``pages``: half HTML, half text dumps."""
    corpus = Corpus(root)
    dumps: dict[tuple[int, DumpStyle], bytes] = {}
    for i in range(size):
        index, copy = i % len(pages), i // len(pages)
        page = pages[index]
        folder = root / f"copy{copy:03d}" / _site_folder(page)
        folder.mkdir(parents=True, exist_ok=True)
        if (index + copy) % 2 == 0:
            path = folder / f"{page.set_name}-{page.id}.html"
            path.write_bytes(
                page.html + f"\n<!-- boilerstrip throughput copy {copy} -->\n".encode()
            )
            corpus.files.append(CorpusFile(str(path), "html", copy, (index, copy % 2)))
            continue
        style = DumpStyle.BLANK_LINE if (index // 2 + copy) % 2 == 0 else DumpStyle.NEWLINE
        if (index, style) not in dumps:
            dumps[index, style] = render_dump(page.html, style).encode("utf-8")
        path = folder / f"{page.set_name}-{page.id}.txt"
        path.write_bytes(dumps[index, style] + b"\n" * (copy + 1))
        corpus.files.append(CorpusFile(str(path), "text", copy, (index, copy % 2)))
    corpus.files.sort(key=lambda f: f.path)
    return corpus


# --- watching the flow's process tree ----------------------------------------------------------


def _become_subreaper() -> bool:
    """Adopt the orphans of our descendants, so their CPU time reaches RUSAGE_CHILDREN."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _read(path: str) -> str | None:
    """A /proc file's text, or None once the process is gone."""
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return None


def _stat(pid: int) -> tuple[int, int] | None:
    """A process's parent pid and its own user + sys CPU in clock ticks."""
    text = _read(f"/proc/{pid}/stat")
    if text is None:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _schedstat(pid: int) -> tuple[int, int] | None:
    """Nanoseconds a process has run on a CPU and waited, runnable, for one."""
    fields = (_read(f"/proc/{pid}/schedstat") or "").split()
    return (int(fields[0]), int(fields[1])) if len(fields) >= 2 else None


class TreeSampler(threading.Thread):
    """Samples the CPU time and peak RSS of every descendant of this process."""

    def __init__(self, flow_pid: int, spare: frozenset[int] = frozenset()) -> None:
        super().__init__(daemon=True)
        self.flow_pid = flow_pid
        self.spare = spare  # children of this process that are not the flow's (a server)
        self.roles: dict[int, str] = {}
        self.cpu_ticks: dict[int, int] = {}
        self.peak: dict[int, int] = {}
        self.sched: dict[int, tuple[int, int]] = {}
        self._stop_event = threading.Event()

    def _role(self, pid: int, ppid: int) -> str:
        if pid == self.flow_pid:
            return "flow process"
        if self.roles.get(ppid) == "forkserver":
            return "page workers"  # forked from the forkserver: its command line too
        cmdline = (_read(f"/proc/{pid}/cmdline") or "").replace("\0", " ")
        if "forkserver" in cmdline:
            return "forkserver"
        if "resource_tracker" in cmdline:
            return "other"
        if "uvicorn" in cmdline or "prefect" in cmdline:
            return "prefect server"
        return "other"

    def sample(self) -> None:
        """One look at /proc."""
        parents: dict[int, tuple[int, int]] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                stat = _stat(int(name))
                if stat is not None:
                    parents[int(name)] = stat
        ours = {os.getpid()}
        parents = {pid: stat for pid, stat in parents.items() if pid not in self.spare}
        changed = True
        while changed:  # the descendants of this process, whatever their depth
            changed = False
            for pid, (ppid, _) in parents.items():
                if ppid in ours and pid not in ours:
                    ours.add(pid)
                    changed = True
        ours.discard(os.getpid())
        for pid in sorted(ours):
            ppid, ticks = parents[pid]
            if pid not in self.roles:
                self.roles[pid] = self._role(pid, ppid)
            self.cpu_ticks[pid] = max(ticks, self.cpu_ticks.get(pid, 0))
            rss = peak_rss(pid)
            if rss is not None:
                self.peak[pid] = max(rss, self.peak.get(pid, 0))
            sched = _schedstat(pid)
            if sched is not None:
                self.sched[pid] = sched

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_INTERVAL_S):
            self.sample()

    def stop(self) -> None:
        """Stop sampling (after one last sample)."""
        self.sample()
        self._stop_event.set()
        self.join()

    def cpu_by_role(self) -> dict[str, float]:
        """Sampled CPU seconds per role."""
        ticks_per_s = os.sysconf("SC_CLK_TCK")
        totals: Counter[str] = Counter()
        for pid, ticks in self.cpu_ticks.items():
            totals[self.roles[pid]] += ticks
        return {role: ticks / ticks_per_s for role, ticks in totals.items()}

    def waited_by_role(self) -> dict[str, float]:
        """Sampled seconds spent runnable but waiting for a CPU, per role (from schedstat)."""
        totals: Counter[str] = Counter()
        for pid, (_, waited) in self.sched.items():
            totals[self.roles[pid]] += waited
        return {role: ns / 1e9 for role, ns in totals.items()}

    def peak_by_role(self) -> dict[str, int]:
        """The largest sampled peak RSS of one process, per role, in bytes."""
        peaks: dict[str, int] = {}
        for pid, rss in self.peak.items():
            role = self.roles[pid]
            peaks[role] = max(rss, peaks.get(role, 0))
        return peaks

    def count(self, role: str) -> int:
        """How many processes of a role were seen."""
        return sum(1 for r in self.roles.values() if r == role)


def _children() -> set[int]:
    """The live processes whose parent is this one."""
    found = set()
    for name in os.listdir("/proc"):
        stat = _stat(int(name)) if name.isdigit() else None
        if stat is not None and stat[0] == os.getpid():
            found.add(int(name))
    return found


def _reap_orphans(timeout_s: float = 30.0, spare: frozenset[int] = frozenset()) -> None:
    """Wait for the orphans this subreaper adopted; stop those still there after the timeout.
    The children in ``spare`` (a server the benchmark started itself) are left running."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        left = _children() - spare
        if not left:
            return
        if time.monotonic() > deadline:
            for child in left:
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGTERM)
            deadline = time.monotonic() + timeout_s
        time.sleep(0.05)


# --- the flow run ------------------------------------------------------------------------------


@dataclass(slots=True)
class FlowRun:
    """What one CLI run cost."""

    wall_s: float
    flow_wall_s: float | None
    startup_s: float | None
    template_pass_s: float | None
    cpu_s: float
    cpu_by_role: dict[str, float]
    waited_by_role: dict[str, float]
    peak_by_role: dict[str, int]
    # The same, when the batches done held half the pages: a process whose memory is bounded
    # has reached its plateau by then, whatever N (see _targets).
    half_peak_by_role: dict[str, int]
    workers_seen: int
    summary: dict[str, int]


# A batch's line (flows.clean.BATCH_LOG): its part, inputs and pages.
_BATCH_LINE = re.compile(r"batch (part-\w+)\.parquet: (\d+) inputs, (\d+) pages")
_SUMMARY_LINE = re.compile(r"^(pages read|articles written|rejects):\s+(\d+)")


def _cli_env(prefect_home: Path, api_url: str | None = None) -> dict[str, str]:
    """The environment of the CLI: a temporary Prefect home, and the server at ``api_url``,
    or none (the CLI then starts a temporary one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_PROFILE")}
    env["PREFECT_HOME"] = str(prefect_home)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    env["PYTHONUNBUFFERED"] = "1"  # log lines as they come, for progress and timing
    return env


def run_flow(
    inputs: Path | str,
    output: Path | str,
    prefect_home: Path,
    workers: int,
    batch_files: int | None,
    label: str,
    api_url: str | None = None,
    pages: int | None = None,
    extra_env: dict[str, str] | None = None,
    spare: frozenset[int] = frozenset(),
) -> FlowRun:
    """Run ``python -m flows.clean`` on ``inputs`` (``pages`` pages) and measure its process
    tree; ``extra_env`` is added to its environment (a store's endpoint and keys), and the
    children ``spare`` (the store's server) are neither measured nor stopped."""
    command = [sys.executable, "-m", "flows.clean", str(inputs), "--output", str(output)]
    command += ["--workers", str(workers)]
    if batch_files is not None:
        command += ["--batch-files", str(batch_files)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail: deque[str] = deque(maxlen=60)
    summary: dict[str, int] = {}
    begun = finished = learned = None
    pages_done = batches_done = 0
    half_peak: dict[str, int] = {}
    start = time.monotonic()
    with subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env={**_cli_env(prefect_home, api_url), **(extra_env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as proc:
        sampler = TreeSampler(proc.pid, spare)
        sampler.start()
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.monotonic() - start
            tail.append(line.rstrip("\n"))
            if begun is None and "Beginning flow run" in line:
                begun = now
                _say(f"  [{label}] flow run began at {now:.1f} s")
            elif learned is None and "Task run '" in line and "learned over" in line:
                learned = now
            elif re.search(r"Flow run '[^']*' - Finished in state", line):
                finished = now
            elif match := _BATCH_LINE.search(line):
                batches_done += 1
                pages_done += int(match.group(3))
                _say(f"  [{label}] {now:6.1f} s: batch {batches_done} done, {pages_done} pages")
                if not half_peak and pages and 2 * pages_done >= pages:
                    sampler.sample()
                    half_peak = sampler.peak_by_role()
            elif match := _SUMMARY_LINE.match(line):
                summary[match.group(1)] = int(match.group(2))
        returncode = proc.wait()
    wall = time.monotonic() - start
    sampler.stop()
    _reap_orphans(spare=spare)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if returncode != 0:
        print("\n".join(tail), file=sys.stderr)
        raise RuntimeError(f"the flow exited with code {returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return FlowRun(
        wall_s=wall,
        flow_wall_s=finished - begun if begun is not None and finished is not None else None,
        startup_s=begun,
        template_pass_s=learned - begun if begun is not None and learned is not None else None,
        cpu_s=cpu,
        cpu_by_role=sampler.cpu_by_role(),
        waited_by_role=sampler.waited_by_role(),
        peak_by_role=sampler.peak_by_role(),
        half_peak_by_role=half_peak,
        workers_seen=sampler.count("page workers"),
        summary=summary,
    )


# --- extraction alone, in this process ---------------------------------------------------------


@dataclass(slots=True)
class Reference:
    """The corpus through ``process_page`` in a plain loop, in this process: CPU seconds by
    stage, each file's figures weighted by the number of files of its kind."""

    measured_files: int = 0
    read_s: float = 0.0
    learn_s: float = 0.0
    parquet_s: float = 0.0
    language_s: float = 0.0
    cpu: dict[str, float] = field(default_factory=lambda: {"html": 0.0, "text": 0.0})
    pages: dict[str, float] = field(default_factory=lambda: {"html": 0.0, "text": 0.0})
    rejects: Counter[str] = field(default_factory=Counter)
    # trafilatura alone on the same HTML pages, each right after ours (paired, so that both
    # see the same machine).
    traf_cpu_s: float = 0.0
    traf_wall_s: float = 0.0

    @property
    def traf_ms(self) -> float:
        """trafilatura alone: CPU ms per HTML page."""
        return 1000 * self.traf_cpu_s / max(self.pages["html"], 1)

    @property
    def extraction_s(self) -> float:
        """CPU seconds inside ``process_page``, all pages."""
        return self.cpu["html"] + self.cpu["text"]

    def per_page_ms(self, input_format: str) -> float:
        """CPU ms per page inside ``process_page``, for one format."""
        return 1000 * self.cpu[input_format] / max(self.pages[input_format], 1)


@contextlib.contextmanager
def _timed_language(clock: list[float]) -> Iterator[None]:
    """Add the CPU time of every ``detect_language`` call ``process_page`` makes to ``clock``."""
    original = pipeline.detect_language

    def timed(text: str) -> tuple[str | None, float | None]:
        start = time.process_time()
        try:
            return original(text)
        finally:
            clock[0] += time.process_time() - start

    with mock.patch.object(pipeline, "detect_language", timed):
        yield


def _read_records(path: str) -> list[Any]:
    """A file's page records, read as the flow reads them."""
    with open(path, "rb") as stream:
        return list(iter_records(stream, path, max_page_bytes=MAX_PAGE_BYTES, name_hint=path))


def run_reference(corpus: Corpus, parquet_dir: Path) -> Reference:
    """The corpus through the template pass and ``process_page``, timed by stage."""
    files = corpus.reference()
    ref = Reference(measured_files=len(files))
    processed_at = datetime.now(UTC)
    records = {}
    for f, weight in files:
        start = time.process_time()
        records[f.path] = _read_records(f.path)
        ref.read_s += weight * (time.process_time() - start)
    start = time.process_time()
    text_pages = []
    for f, _ in files:
        for record in records[f.path]:
            if not record.error:
                page = template_page(
                    record.raw, record.source, input_format=record.format_hint, url=record.url
                )
                if page is not None:
                    text_pages.append(page)
    templates = site_templates(learn_templates(text_pages))
    measured_text = sum(1 for f, _ in files if f.input_format == "text")
    ref.learn_s = (time.process_time() - start) * corpus.count("text") / max(measured_text, 1)
    clock = [0.0]
    with (
        _timed_language(clock),
        PartWriter(parquet_dir / "articles.parquet", ARTICLE_SCHEMA, articles_table) as articles,
        PartWriter(parquet_dir / "rejects.parquet", REJECT_SCHEMA, rejects_table) as rejects,
    ):
        for f, weight in files:
            for record in records.pop(f.path):
                language_before = clock[0]
                start = time.process_time()
                result = process_page(
                    record.raw,
                    record.source,
                    input_format=record.format_hint or format_hint(f.path),
                    url=record.url,
                    charset=record.charset,
                    fetched_at=record.fetched_at,
                    processed_at=processed_at,
                    templates=templates,
                )
                ref.cpu[f.input_format] += weight * (time.process_time() - start)
                ref.language_s += weight * (clock[0] - language_before)
                ref.pages[f.input_format] += weight
                start = time.process_time()
                if isinstance(result, Article):
                    articles.add(result)
                else:
                    rejects.add(result)
                    ref.rejects[result.reason] += round(weight)
                ref.parquet_s += weight * (time.process_time() - start)
                if f.input_format == "html":
                    cpu, wall = _trafilatura_alone(record.raw)
                    ref.traf_cpu_s += weight * cpu
                    ref.traf_wall_s += weight * wall
        start = time.process_time()
        rejects.commit()
        articles.commit()
        ref.parquet_s += (time.process_time() - start) * len(corpus.files) / max(len(files), 1)
    return ref


def _trafilatura_alone(raw: bytes) -> tuple[float, float]:
    """CPU and wall seconds of ``bare_extraction`` on one HTML page, decoded as UTF-8."""
    start, start_wall = time.process_time(), time.perf_counter()
    trafilatura.bare_extraction(
        raw.decode("utf-8", errors="replace"), include_comments=False, with_metadata=True
    )
    return time.process_time() - start, time.perf_counter() - start_wall


def _profile(corpus: Corpus, parquet_dir: Path, top: int = 30) -> str:
    """cProfile of the in-process reference pass: the top functions by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(run_reference, corpus, parquet_dir)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --- one size ----------------------------------------------------------------------------------


@dataclass(slots=True)
class SizeFigures:
    """Everything measured for one corpus size."""

    size: int
    workers: int
    html_files: int
    text_files: int
    flow: FlowRun
    ref: Reference
    load: tuple[float, float]


def measure_size(
    pages: Sequence[BenchPage],
    size: int,
    workdir: Path,
    prefect_home: Path,
    workers: int,
    batch_files: int | None,
    profile: bool,
    api_url: str | None = None,
) -> SizeFigures:
    """Build the corpus of ``size`` files, run the flow on it, then extraction alone."""
    label = f"N={size}"
    started = time.monotonic()
    corpus = build_corpus(pages, size, workdir / f"corpus-{size}")
    _say(
        f"[{label}] corpus: {corpus.count('html')} HTML + {corpus.count('text')} text files "
        f"({time.monotonic() - started:.0f} s to build); running the flow"
    )
    load_before = os.getloadavg()[0]
    flow = run_flow(
        corpus.root,
        workdir / f"out-{size}",
        prefect_home,
        workers,
        batch_files,
        label,
        api_url,
        pages=size,
    )
    load_after = os.getloadavg()[0]
    _say(
        f"[{label}] flow: {flow.wall_s:.1f} s wall; extraction alone and trafilatura alone "
        f"in this process ({len(corpus.reference())} files)"
    )
    ref = run_reference(corpus, workdir / f"ref-{size}")
    _say(f"[{label}] extraction alone: {ref.extraction_s:.1f} s CPU (weighted to {size} pages)")
    if profile:
        _say(f"[{label}] profile of the in-process pass:\n{_profile(corpus, workdir / 'prof')}")
    return SizeFigures(
        size,
        workers,
        corpus.count("html"),
        corpus.count("text"),
        flow,
        ref,
        (load_before, load_after),
    )


# --- reporting ---------------------------------------------------------------------------------


def _ms(seconds: float, pages: float) -> str:
    return f"{1000 * seconds / max(pages, 1):.2f}"


def _mb(value: int | None) -> str:
    return "" if not value else f"{value / MB:.0f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _overhead(fig: SizeFigures, wall: float | None) -> float | None:
    """1 - (extraction CPU / P) / wall."""
    if not wall:
        return None
    return 1 - (fig.ref.extraction_s / fig.workers) / wall


def _slots(fig: SizeFigures) -> tuple[float, float, float]:
    """Shares of the P worker slots over the CLI's wall time: a page worker running, a page
    worker runnable but waiting for a CPU (other load), and no page worker wanting a CPU."""
    slot_s = fig.workers * fig.flow.wall_s
    running = fig.flow.cpu_by_role.get("page workers", 0.0) / slot_s
    waiting = fig.flow.waited_by_role.get("page workers", 0.0) / slot_s
    return running, waiting, 1 - running - waiting


def _html_ms(fig: SizeFigures) -> float:
    """Our CPU ms per HTML page in-process: ``process_page`` plus Parquet."""
    return fig.ref.per_page_ms("html") + 1000 * fig.ref.parquet_s / fig.size


def _flow_html_ms(fig: SizeFigures) -> float:
    """Flow-level CPU per HTML page: extraction alone plus the flow's CPU outside extraction,
    spread evenly over all pages."""
    outside = fig.flow.cpu_s - fig.ref.extraction_s
    return fig.ref.per_page_ms("html") + 1000 * outside / fig.size


def _rows(fig: SizeFigures) -> list[tuple[str, str]]:
    """The figures of one size as (measure, value) rows."""
    flow, ref, n, p = fig.flow, fig.ref, fig.size, fig.workers
    roles = ("flow process", "page workers", "prefect server", "forkserver", "other")
    sampled = sum(flow.cpu_by_role.values())
    traf_ms = ref.traf_ms
    html_ms, text_ms = ref.per_page_ms("html"), ref.per_page_ms("text")
    parquet_ms = 1000 * ref.parquet_s / n
    text_pages = ref.pages["text"]
    running, waiting, idle = _slots(fig)
    counts = [flow.summary.get(k, "?") for k in ("pages read", "articles written", "rejects")]
    return [
        ("files (HTML + text)", f"{fig.html_files} + {fig.text_files}"),
        ("pages read / articles / rejects (flow)", " / ".join(str(c) for c in counts)),
        ("workers P / page-worker processes seen", f"{p} / {flow.workers_seen}"),
        ("load average (1 min) before / after", f"{fig.load[0]:.2f} / {fig.load[1]:.2f}"),
        ("wall s: CLI, start to exit", f"{flow.wall_s:.1f}"),
        ("  start until 'Beginning flow run'", f"{flow.startup_s or 0:.1f}"),
        ("  flow run ('Beginning' to 'Finished')", f"{flow.flow_wall_s or 0:.1f}"),
        ("    of which first pass (serial)", f"{flow.template_pass_s or 0:.1f}"),
        ("pages/s per core (CLI wall / P)", f"{n / flow.wall_s / p:.1f}"),
        (
            "pages/s per core (flow-run wall / P)",
            f"{n / flow.flow_wall_s / p:.1f}" if flow.flow_wall_s else "",
        ),
        ("CPU ms per page (whole tree)", _ms(flow.cpu_s, n)),
        *[
            (f"  {role} (sampled)", _ms(flow.cpu_by_role[role], n))
            for role in roles
            if role in flow.cpu_by_role
        ],
        ("  not sampled (processes' last 0.2 s)", _ms(flow.cpu_s - sampled, n)),
        ("peak RSS MB: flow process (sampled)", _mb(flow.peak_by_role.get("flow process"))),
        ("peak RSS MB: largest page worker", _mb(flow.peak_by_role.get("page workers"))),
        ("peak RSS MB: prefect server", _mb(flow.peak_by_role.get("prefect server"))),
        (
            "  largest process at half the pages / at the end",
            f"{_mb(_largest(flow.half_peak_by_role))} / {_mb(_largest(flow.peak_by_role))}",
        ),
        ("extraction alone E: process_page CPU s", f"{ref.extraction_s:.1f}"),
        ("  distinct files measured (weighted to N)", f"{ref.measured_files}"),
        ("orchestration overhead 1-(E/P)/wall, CLI", _pct(_overhead(fig, flow.wall_s))),
        ("orchestration overhead, flow-run wall", _pct(_overhead(fig, flow.flow_wall_s))),
        ("worker slots (P x CLI wall): running", _pct(running)),
        ("  waiting for a CPU (machine busy)", _pct(waiting)),
        ("  idle: no page worker wants a CPU", _pct(idle)),
        (
            "CPU outside page workers / tree CPU",
            _pct(1 - flow.cpu_by_role.get("page workers", 0) / flow.cpu_s),
        ),
        ("in-process: read files (iter_records) ms/page", _ms(ref.read_s, n)),
        ("in-process: first pass ms per text page", _ms(ref.learn_s, text_pages)),
        ("in-process: Parquet ms/page", f"{parquet_ms:.2f}"),
        ("in-process: langdetect share of process_page", _pct(ref.language_s / ref.extraction_s)),
        ("ours: process_page CPU ms per HTML page", f"{html_ms:.2f}"),
        ("ours: + Parquet, ms per HTML page", f"{html_ms + parquet_ms:.2f}"),
        ("ours: flow-level CPU ms per HTML page", f"{_flow_html_ms(fig):.2f}"),
        ("trafilatura alone: CPU ms per HTML page", f"{traf_ms:.2f}"),
        (
            "trafilatura alone: pages/s (one core, wall)",
            f"{ref.pages['html'] / ref.traf_wall_s:.1f}" if ref.traf_wall_s else "",
        ),
        ("ratio ours / trafilatura (process_page)", f"{html_ms / traf_ms:.2f}"),
        ("ratio ours / trafilatura (+ Parquet)", f"{(html_ms + parquet_ms) / traf_ms:.2f}"),
        ("ratio ours / trafilatura (flow-level)", f"{_flow_html_ms(fig) / traf_ms:.2f}"),
        ("ours: CPU ms per text page", f"{text_ms:.2f}"),
        ("ours: text pages/s per core (process_page)", f"{1000 / text_ms:.0f}" if text_ms else ""),
        (
            "ours: text pages/s per core (+ first pass)",
            f"{text_pages / (ref.cpu['text'] + ref.learn_s):.0f}" if text_pages else "",
        ),
        ("in-process rejects", ", ".join(f"{r} {c}" for r, c in sorted(ref.rejects.items()))),
    ]


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "NOT met")


def _largest(peaks: dict[str, int]) -> int:
    """The largest peak RSS of one process, over the roles."""
    return max(peaks.values(), default=0)


def _targets(figures: Sequence[SizeFigures]) -> list[tuple[str, str, str]]:
    """The issue's targets beside the measured figures (of the largest size, or every size)."""
    fig = max(figures, key=lambda f: f.size)
    traf_ms = fig.ref.traf_ms
    ratio = _html_ms(fig) / traf_ms if traf_ms else None
    flow_ratio = _flow_html_ms(fig) / traf_ms if traf_ms else None
    text_rate = 1000 / fig.ref.per_page_ms("text") if fig.ref.pages["text"] else None
    overhead = _overhead(fig, fig.flow.wall_s)
    _, waiting, idle = _slots(fig)
    peaks = [_largest(f.flow.peak_by_role) for f in figures]
    # Growing with N: the largest process's peak still rising in the second half of the
    # largest run, by more than RSS_GROWTH. A page worker's line caches and allocator fill
    # over its first ~1,500 pages (then stay flat): at N=1,000 a worker has seen only 500,
    # so the peaks of two sizes compare a filling process with a full one.
    half = _largest(fig.flow.half_peak_by_role)
    growing = _largest(fig.flow.peak_by_role) > (1 + RSS_GROWTH) * half
    html_ok = None if ratio is None or flow_ratio is None else flow_ratio <= TARGET_HTML_RATIO
    return [
        (
            f"CPU per HTML page <= {TARGET_HTML_RATIO} x trafilatura (incl. Parquet)",
            f"{ratio:.2f} x in-process, {flow_ratio:.2f} x flow-level (N={fig.size})"
            if ratio and flow_ratio
            else "",
            _verdict(html_ok),
        ),
        (
            f"text dumps >= {TARGET_TEXT_PAGES_PER_CORE:.0f} pages/s per core",
            f"{text_rate:.0f} pages/s (process_page, in-process)" if text_rate else "",
            _verdict(None if text_rate is None else text_rate >= TARGET_TEXT_PAGES_PER_CORE),
        ),
        (
            f"orchestration overhead <= {100 * TARGET_OVERHEAD_SHARE:.0f}% of wall at 10,000",
            f"{_pct(overhead)} 1-(E/P)/wall; {_pct(idle)} idle worker slots, "
            f"{_pct(waiting)} waiting for a CPU (N={fig.size})",
            "not judged: machine busy"
            if waiting > MAX_WAITING_SHARE
            else _verdict(
                None if overhead is None or fig.size < 10000 else overhead <= TARGET_OVERHEAD_SHARE
            ),
        ),
        (
            f"peak RSS <= {TARGET_PEAK_RSS_BYTES / 2**30:.1f} GB, not growing with N",
            ", ".join(f"N={f.size}: {_mb(p)} MB" for f, p in zip(figures, peaks, strict=True))
            + f"; N={fig.size} at half the pages: {_mb(half)} MB",
            _verdict(None if not half else max(peaks) <= TARGET_PEAK_RSS_BYTES and not growing),
        ),
    ]


def print_report(figures: Sequence[SizeFigures], api_url: str | None = None) -> None:
    """The table of every size, the definitions, and the targets."""
    columns = [_rows(f) for f in figures]
    header = ("measure", *(f"N={f.size}" for f in figures))
    rows = [(name, *(col[i][1] for col in columns)) for i, (name, _) in enumerate(columns[0])]
    print()
    server = f"the Prefect server at {api_url}" if api_url else "temporary Prefect server"
    print(f"Throughput of `python -m flows.clean` (CLI, {server}), beside")
    print("extraction alone and trafilatura alone in this process (aeb, MIT; WCXB, Foley 2026,")
    print("CC-BY-4.0)")
    print(format_table(header, rows))
    print()
    print("Definitions:")
    print("  pages/s per core = N / wall / P (P = --workers page-worker processes)")
    print("  CPU = user + sys of the CLI's whole process tree (RUSAGE_CHILDREN, subreaper);")
    print("    split by process from /proc samples every 0.2 s")
    print("  peak RSS = VmHWM (high-water mark) of one process, read every 0.2 s; not growing")
    print("    = the largest one's peak once the batches done hold half the pages, against its")
    print(f"    peak at the end: at most {100 * RSS_GROWTH:.0f}% more (a worker's caches fill over")
    print("    its first ~1,500 pages, so N=1,000 and N=10,000 compare a filling worker and a full")
    print("    one)")
    print("  E = CPU inside process_page, same files, this process, plain loop, same templates")
    print("  orchestration overhead = 1 - (E / P) / wall: wall time not explained by extraction")
    print("    spread over the P workers (Prefect, temporary server, first pass, reading, pipes")
    print("    to the workers, Parquet, idle cores) - and other load on the machine")
    print("  worker slots = P x CLI wall, split with /proc/PID/schedstat of the page workers")
    print("    into running, waiting for a CPU (the machine is busy: not orchestration), and")
    print("    idle (no page worker, or one waiting for its next page): idle is the")
    print("    orchestration overhead measured on the workers themselves")
    print("  flow-level CPU per HTML page = process_page CPU per HTML page + (tree CPU - E) / N")
    print("  trafilatura alone is timed on each HTML page right after ours (paired)")
    print()
    print("Targets (the largest N measured):")
    print(format_table(("target", "measured", "verdict"), _targets(figures)))


# --- langdetect ----------------------------------------------------------------------------------


@dataclass(slots=True)
class LanguagePath:
    """One path's pages: the clean texts, their detected language, and CPU seconds."""

    name: str
    texts: list[str] = field(default_factory=list)
    detected: list[str | None] = field(default_factory=list)
    truth: list[str | None] = field(default_factory=list)
    pages: int = 0
    cpu_s: float = 0.0
    language_s: float = 0.0


@functools.cache
def _reference_language(text: str) -> str | None:
    """langdetect on the whole ground-truth text (up to langdetect's own 10,000 characters)."""
    with mock.patch.object(language, "LANGUAGE_MAX_CHARS", 10**9):
        return language.detect_language(text)[0]


def _language_path(
    name: str, pages: Sequence[BenchPage], run: Callable[[BenchPage], object]
) -> LanguagePath:
    """Run one path over the pages, timing process_page and detect_language inside it."""
    path = LanguagePath(name)
    clock = [0.0]
    with _timed_language(clock):
        for page in pages:
            start = time.process_time()
            result = run(page)
            path.cpu_s += time.process_time() - start
            path.pages += 1
            if isinstance(result, Article):
                path.texts.append(result.text)
                path.detected.append(result.language)
                path.truth.append(_reference_language(page.true_text))
    path.language_s = clock[0]
    return path


def _agreement(detected: Sequence[str | None], truth: Sequence[str | None]) -> tuple[int, int]:
    """Pages where both are known and equal, out of pages whose reference is known."""
    pairs = [(d, t) for d, t in zip(detected, truth, strict=True) if t is not None]
    return sum(1 for d, t in pairs if d == t), len(pairs)


def _cap_sweep(path: LanguagePath) -> list[tuple[str, str, str]]:
    """detect_language on the path's clean texts with each cap: CPU and agreement."""
    rows: list[tuple[str, str, str]] = []
    for cap in LANGUAGE_CAPS:
        start = time.process_time()
        with mock.patch.object(language, "LANGUAGE_MAX_CHARS", cap):
            detected = [language.detect_language(text)[0] for text in path.texts]
        cpu = time.process_time() - start
        same, known = _agreement(detected, path.truth)
        rows.append(
            (
                f"{cap}" + (" (current)" if cap == language.LANGUAGE_MAX_CHARS else ""),
                _ms(cpu, len(path.texts)),
                f"{same}/{known} = {same / max(known, 1):.3f}",
            )
        )
    return rows


def language_report(bench_dir: Path, limit: int | None, html: bool) -> None:
    """langdetect's share of the text path's CPU, and its agreement with the reference."""
    warm_up_pipeline()
    pages = [p for name in SET_NAMES for p in load_set(name, bench_dir, limit=limit)]
    _say(f"{len(pages)} pages; rendering text dumps")
    dumps = {(p.set_name, p.id): render_dump(p.html, DumpStyle.BLANK_LINE) for p in pages}

    def text_path(page: BenchPage) -> object:
        dump = dumps[page.set_name, page.id].encode("utf-8")
        return process_page(dump, f"{page.set_name}/{page.id}.txt", input_format="text")

    def html_path(page: BenchPage) -> object:
        source = f"{page.set_name}/{page.id}.html"
        return process_page(page.html, source, input_format="html", url=page.url)

    paths = []
    runs: list[tuple[str, Callable[[BenchPage], object]]] = [("text dumps", text_path)]
    if html:
        runs.append(("HTML", html_path))
    for name, run in runs:
        _say(f"{name} path")
        paths.append(_language_path(name, pages, run))
    rows = []
    for path in paths:
        same, known = _agreement(path.detected, path.truth)
        rows.append(
            (
                path.name,
                path.pages,
                len(path.texts),
                _ms(path.cpu_s, path.pages),
                _ms(path.language_s, len(path.texts)),
                _pct(path.language_s / path.cpu_s if path.cpu_s else None),
                f"{same}/{known} = {same / max(known, 1):.3f}",
            )
        )
    print()
    print("langdetect (extractors.language.detect_language) on the bench pages")
    print(
        format_table(
            (
                "path",
                "pages",
                "articles",
                "process_page ms/page",
                "langdetect ms/article",
                "langdetect share of CPU",
                "agrees with reference",
            ),
            rows,
        )
    )
    truth = Counter(t or "none" for t in paths[0].truth)
    top, top_count = truth.most_common(1)[0]
    print()
    print(
        "reference = langdetect on the ground-truth text (no language annotation exists); "
        f"reference languages of the text path's articles: {dict(truth.most_common())}"
    )
    print(f"always answering {top!r} would agree on {top_count}/{sum(truth.values())}")
    for path in paths:
        misses = Counter(
            f"{t}->{d}"
            for d, t in zip(path.detected, path.truth, strict=True)
            if t is not None and d != t
        )
        print(f"{path.name}: disagreements (reference->detected): {dict(misses.most_common())}")
    print()
    print(f"characters langdetect reads (LANGUAGE_MAX_CHARS), on the {paths[0].name} articles")
    sweep = _cap_sweep(paths[0])
    print(format_table(("cap", "ms/article", "agrees with reference"), sweep))


# --- the corpus served from an object store ----------------------------------------------------


@dataclass(slots=True)
class StoreFigures:
    """One size run twice: from local files to a local folder, and from a loopback S3 server
    (moto) to the same bucket; with the server's own CPU."""

    size: int
    local: FlowRun
    s3: FlowRun
    server_cpu_s: float


def _process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    stat = _stat(pid)
    return 0.0 if stat is None else stat[1] / os.sysconf("SC_CLK_TCK")


def measure_store(
    pages: Sequence[BenchPage],
    sizes: Sequence[int],
    workdir: Path,
    prefect_home: Path,
    workers: int,
    batch_files: int | None,
    api_url: str | None,
) -> list[StoreFigures]:
    """For each size, the flow on the corpus as local files, then on the same files uploaded
    to moto's S3 server on loopback, writing its Parquet to the same bucket."""
    from benchmarks.moto_s3 import moto_server

    figures: list[StoreFigures] = []
    with moto_server(workdir / "moto") as s3:
        s3.bucket("bench")
        server = frozenset({s3.process.pid})
        store_env = {k: v for k, v in s3.env(endpoint_in_env=True).items() if k.startswith("AWS_")}
        for size in sizes:
            corpus = build_corpus(pages, size, workdir / f"corpus-{size}")
            url = f"s3://bench/corpus-{size}"
            started = time.monotonic()
            s3.upload(corpus.root, url)
            _say(f"[N={size}] corpus uploaded to {url} in {time.monotonic() - started:.0f} s")
            local = run_flow(
                corpus.root,
                workdir / f"out-{size}",
                prefect_home,
                workers,
                batch_files,
                f"N={size} local",
                api_url,
                pages=size,
                spare=server,
            )
            server_before = _process_cpu_s(s3.process.pid)
            remote = run_flow(
                url,
                f"s3://bench/out-{size}",
                prefect_home,
                workers,
                batch_files,
                f"N={size} s3",
                api_url,
                pages=size,
                extra_env=store_env,
                spare=server,
            )
            server_cpu = _process_cpu_s(s3.process.pid) - server_before
            figures.append(StoreFigures(size, local, remote, server_cpu))
    return figures


# Pages per second against a loopback S3 server, as a share of the local run's: the target.
TARGET_STORE_RATE = 0.85


def print_store_report(figures: Sequence[StoreFigures]) -> None:
    """Pages/s and peak memory, local beside S3, per size."""
    rows: list[tuple[str, ...]] = []
    for fig in figures:
        for name, run in (("local", fig.local), ("s3 (moto)", fig.s3)):
            pages = run.summary.get("pages read", fig.size)
            peaks = run.peak_by_role
            rows.append(
                (
                    f"N={fig.size} {name}",
                    f"{run.wall_s:.1f}",
                    f"{pages / run.wall_s:.1f}",
                    f"{pages / run.flow_wall_s:.1f}" if run.flow_wall_s else "",
                    f"{run.cpu_s:.0f}",
                    _mb(peaks.get("flow process")),
                    _mb(peaks.get("page workers")),
                    f"{fig.server_cpu_s:.0f}" if run is fig.s3 else "",
                )
            )
    header = (
        "run",
        "wall s",
        "pages/s",
        "pages/s in flow",
        "CPU s",
        "peak MB flow",
        "peak MB worker",
        "S3 server CPU s",
    )
    print("Throughput of `python -m flows.clean`, the corpus as local files beside the same")
    print("files in moto's S3 server on loopback (output to the same bucket):\n")
    print(format_table(header, rows))
    print()
    for fig in figures:
        ratio = fig.local.wall_s / fig.s3.wall_s
        met = "met" if ratio >= TARGET_STORE_RATE else "NOT met"
        in_flow = (
            f", {100 * fig.local.flow_wall_s / fig.s3.flow_wall_s:.0f}% within the flow run"
            if fig.local.flow_wall_s and fig.s3.flow_wall_s
            else ""
        )
        print(
            f"N={fig.size}: S3 pages/s = {100 * ratio:.0f}% of local{in_flow} "
            f"(target >= {100 * TARGET_STORE_RATE:.0f}%: {met}); peak RSS of the flow process "
            f"{_mb(fig.s3.peak_by_role.get('flow process'))} MB against "
            f"{_mb(fig.local.peak_by_role.get('flow process'))} MB"
        )
    print(
        "\nThe S3 server runs on the same CPUs as the job, outside its process tree: its CPU is "
        "shown apart, and is part of what the S3 run's wall time pays."
    )
    print("\nCPU s by process (sampled from /proc):\n")
    roles = ("flow process", "page workers", "prefect server", "forkserver")
    cpu_rows = [
        (
            f"N={fig.size} {name}",
            *(f"{run.cpu_by_role.get(role, 0.0):.1f}" for role in roles),
            f"{fig.server_cpu_s:.1f}" if run is fig.s3 else "",
        )
        for fig in figures
        for name, run in (("local", fig.local), ("s3 (moto)", fig.s3))
    ]
    print(format_table(("run", *roles, "S3 server"), cpu_rows))
    cpus = os.cpu_count() or 1
    for fig in figures:
        ceiling = store_ceiling(fig, cpus)
        print(
            f"\nN={fig.size}: the S3 run used {ceiling.s3_cpu_s:.0f} CPU s (the server's "
            f"included) against {fig.local.cpu_s:.0f} locally, where the CPUs were "
            f"{100 * ceiling.local_busy:.0f}% busy. At that use of the CPUs, the S3 run's CPU "
            f"allows {100 * ceiling.at_local_use:.0f}% of the local rate; with all {cpus} CPUs "
            f"busy from start to end, {100 * ceiling.all_busy:.0f}%."
        )


@dataclass(frozen=True, slots=True)
class StoreCeiling:
    """The best rate an S3 run's CPU allows, as a share of the local run's."""

    s3_cpu_s: float  # the S3 run's process tree and the server
    local_busy: float  # share of the CPUs the local run kept busy
    at_local_use: float  # the S3 run's CPU spent at the local run's use of the CPUs
    all_busy: float  # ... with every CPU busy from start to end


def store_ceiling(fig: StoreFigures, cpus: int) -> StoreCeiling:
    """What the extra CPU of the S3 run (its client and the server, on the same CPUs) allows:
    at the local run's use of the CPUs, its share of the local rate is the ratio of the two
    runs' CPU."""
    s3_cpu = fig.s3.cpu_s + fig.server_cpu_s
    return StoreCeiling(
        s3_cpu_s=s3_cpu,
        local_busy=fig.local.cpu_s / (fig.local.wall_s * cpus),
        at_local_use=fig.local.cpu_s / s3_cpu,
        all_busy=fig.local.wall_s / (s3_cpu / cpus),
    )


# --- command line --------------------------------------------------------------------------------


def _sizes(value: str) -> tuple[int, ...]:
    sizes = tuple(int(part) for part in value.split(",") if part.strip())
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 1000,10000")
    return sizes


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: the throughput table for each size, or the langdetect report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--bench", type=Path, default=DEFAULT_BENCH_DIR, help="benchmark data directory"
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        metavar="N,N",
        help="corpus sizes in pages; default: 1000,10000",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="the flow's --workers (page-worker processes); default: one per CPU",
    )
    parser.add_argument(
        "--batch-files",
        type=int,
        default=None,
        metavar="N",
        help="the flow's --batch-files; default: the flow's default",
    )
    parser.add_argument(
        "--api-url",
        default=None,
        metavar="URL",
        help="run the flow against the Prefect server at URL (http://127.0.0.1:4200/api), as a "
        "deployment runs, instead of the temporary server the CLI starts; that server's CPU "
        "is then outside the measured process tree",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of the in-process pass for each size",
    )
    parser.add_argument(
        "--store",
        choices=("local", "s3"),
        default="local",
        help="s3: run the flow on each corpus as local files, then on the same files served by "
        "moto's S3 server on loopback (output to the same bucket), and print pages/s and peak "
        "memory of both; needs the dev extra (moto[server])",
    )
    parser.add_argument(
        "--language",
        action="store_true",
        help="only measure langdetect: its share of the text path's CPU and its agreement",
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="--language: only the first N pages per set"
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="--language: also measure the HTML path (about a minute more)",
    )
    args = parser.parse_args(argv)
    if args.language:
        language_report(args.bench, args.limit, args.html)
        return
    if not _become_subreaper():
        _say("warning: not a child subreaper; CPU of orphaned processes may be missed")
    pages = [p for name in SET_NAMES for p in load_set(name, args.bench)]
    warm_up_pipeline()
    with tempfile.TemporaryDirectory(prefix="boilerstrip-throughput-") as tmp:
        workdir = Path(tmp)
        prefect_home = workdir / "prefect-home"
        _say(f"{len(pages)} bench pages; warm-up run (creates the temporary Prefect database)")
        warm = build_corpus(pages[:4], 4, workdir / "corpus-warm-up")
        run = run_flow(
            warm.root,
            workdir / "out-warm-up",
            prefect_home,
            args.workers,
            None,
            "warm",
            args.api_url,
        )
        _say(f"warm-up: {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU")
        if args.store == "s3":
            print_store_report(
                measure_store(
                    pages,
                    args.sizes,
                    workdir,
                    prefect_home,
                    args.workers,
                    args.batch_files,
                    args.api_url,
                )
            )
            return
        figures = [
            measure_size(
                pages,
                size,
                workdir,
                prefect_home,
                args.workers,
                args.batch_files,
                args.profile,
                args.api_url,
            )
            for size in args.sizes
        ]
        print_report(figures, args.api_url)


if __name__ == "__main__":
    main()
