"""Crash safety: a killed run leaves no partial Parquet, a rerun resumes to the same rows,
and two runs on one output folder do not both write."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from parquet_rows import stable_rows
from story_pages import story_page

from flows.parquet_io import OutputLocked, output_lock

ROOT = Path(__file__).resolve().parents[1]


def _make_pages(folder: Path, count: int, seed: int = 7) -> None:
    """Distinct text dumps: a headline and three paragraphs of varied sentences each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"page-{n:04d}.txt").write_text(story_page(n, rng))


def _cli(pages: Path, out: Path, api_url: str, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PREFECT_API_URL=api_url, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flows.clean",
            str(pages),
            "--output",
            str(out),
            "--batch-files",
            "5",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_new_part(folder: Path, run: subprocess.Popen[str], limit: float = 300.0) -> None:
    """Return once ``run`` has written a part that ``folder`` did not hold before."""
    before = set(folder.glob("part-*.parquet")) if folder.exists() else set()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and run.poll() is None:
        if folder.exists() and set(folder.glob("part-*.parquet")) - before:
            return
        time.sleep(0.02)


def _assert_only_whole_parts(out: Path) -> None:
    for folder in ("articles", "rejects", "templates"):
        for path in (out / folder).glob("*.parquet") if (out / folder).exists() else []:
            pq.read_table(path)  # raises on a partial file


def test_sigkill_at_random_points_then_rerun_gives_the_uninterrupted_rows(
    prefect_harness: str, tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    _make_pages(pages, 200)
    reference = tmp_path / "reference"
    done = _cli(pages, reference, prefect_harness)
    assert done.wait(600) == 0, done.stderr.read() if done.stderr else ""
    expected_articles = stable_rows(reference / "articles")
    assert len(expected_articles) == 200

    out = tmp_path / "killed"
    rng = random.Random(1)
    for attempt in range(3):
        run = _cli(pages, out, prefect_harness)
        if attempt == 0:
            time.sleep(rng.uniform(0.5, 3.0))  # while the run starts, before any batch ends
        else:
            # while batches are being written: a moment after this run finished its first
            # part, so the kill lands mid-run however fast the machine is
            _wait_for_new_part(out / "articles", run)
            time.sleep(rng.uniform(0.0, 0.05))  # a batch of these pages takes ~0.02 s
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)  # drains the pipes, so the run never blocks on its logs
        # The kill struck a running job, not one already done: otherwise nothing was tested.
        assert run.returncode == -signal.SIGKILL
        _assert_only_whole_parts(out)
    final = _cli(pages, out, prefect_harness)
    stdout, stderr = final.communicate(timeout=600)
    assert final.returncode == 0, stderr
    # The killed runs left some of the 200 pages to do.
    resumed = re.search(r"finished by an earlier run: (\d+) of (\d+)", stdout)
    assert resumed is None or int(resumed.group(1)) < int(resumed.group(2)) == 200, stdout
    _assert_only_whole_parts(out)
    assert not list(out.glob("*/.part-*.tmp"))
    articles = stable_rows(out / "articles")
    assert len({a["doc_id"] for a in articles}) == len(articles)
    assert articles == expected_articles
    assert stable_rows(out / "rejects") == stable_rows(reference / "rejects")


def test_a_second_run_on_the_same_output_refuses(prefect_harness: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _make_pages(pages, 3)
    out = tmp_path / "out"
    with output_lock(out):
        run = _cli(pages, out, prefect_harness)
        _stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 3
    assert "in use by another run" in stderr
    # said in one line, before any server or worker starts
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, stderr
    assert not (out / "articles").exists()


def test_the_lock_is_released_when_a_run_ends(tmp_path: Path) -> None:
    with output_lock(tmp_path), pytest.raises(OutputLocked), output_lock(tmp_path):
        pass
    with output_lock(tmp_path):
        pass


def test_a_rerun_skips_finished_batches_unless_told_to_redo(
    prefect_harness: str, tmp_path: Path
) -> None:
    from flows.clean import clean

    pages = tmp_path / "pages"
    _make_pages(pages, 6)
    out = tmp_path / "out"
    first = clean(inputs=[str(pages)], output=str(out), batch_files=2)
    assert first["batches"] == 3 and first["resumed_units"] == 0
    before = stable_rows(out / "articles")
    removed = sorted((out / "articles").glob("*.parquet"))[0]
    removed.unlink()
    second = clean(inputs=[str(pages)], output=str(out), batch_files=2)
    assert second["resumed_units"] == 4 and second["batches"] == 1
    assert second["pages"] == 6 and second["articles"] == 6
    # the resumed batches count in full, read back from their parts
    assert second["languages"] == first["languages"] == {"en": 6}
    assert second["removed"] == first["removed"]
    assert stable_rows(out / "articles") == before
    third = clean(inputs=[str(pages)], output=str(out), batch_files=2, redo=True)
    assert third["resumed_units"] == 0 and third["batches"] == 3
    assert stable_rows(out / "articles") == before


def _start_command(command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """The command line started as from a terminal: in a process group of its own, which a
    terminal's Ctrl-C reaches whole."""
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _processes_with(setting: str) -> set[int]:
    """The live processes (zombies aside) whose environment holds ``setting`` ("NAME=value")."""
    found = set()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:  # gone since it was listed, or not ours to read
            continue
        if state != "Z" and setting.encode() in environ:
            found.add(int(proc.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("after_s", [0.3, 1.2, 2.5, 4.0])
def test_ctrl_c_while_the_command_starts_says_one_line(tmp_path: Path, after_s: float) -> None:
    # while Prefect and the extractors load, the forkserver preloads, the server starts
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    env["PYTHONPATH"] = str(ROOT)
    pages = tmp_path / "pages"
    _make_pages(pages, 50)
    command = [sys.executable, "-m", "flows.clean", str(pages), "--output", str(tmp_path / "o")]
    run = _start_command(command, env)
    home = f"PREFECT_HOME={env['PREFECT_HOME']}"
    time.sleep(after_s)
    assert run.pid in _processes_with(home)
    os.killpg(run.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
    started = time.monotonic()
    _stdout, stderr = run.communicate(timeout=60)
    assert time.monotonic() - started < 5, stderr
    assert run.returncode in (130, -signal.SIGINT), stderr
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr
    if run.returncode == 130:
        assert stderr.strip().splitlines()[-1].startswith("interrupted: ")
    # the forkserver, the page workers, the temporary server: every process of the run is gone
    deadline = time.monotonic() + 5
    while _processes_with(home) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(home) == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_an_interrupt_stops_the_run_in_seconds_and_a_rerun_finishes_it(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    pages = tmp_path / "pages"
    _make_pages(pages, 400)
    out = tmp_path / "out"
    # no API: the run starts its temporary server, as on a user's machine
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "flows.clean", str(pages), "--output", str(out)]
    command += ["--batch-files", "5", "--workers", "1"]
    run = _start_command(command, env)
    _wait_for_new_part(out / "articles", run)
    assert run.poll() is None, "the run ended before it could be interrupted"
    started = time.monotonic()
    if sig == signal.SIGINT:
        os.killpg(run.pid, sig)  # a terminal's Ctrl-C reaches the whole process group
    else:
        run.send_signal(sig)
    _stdout, stderr = run.communicate(timeout=120)
    assert time.monotonic() - started < 10, stderr
    assert run.returncode == code, stderr
    last = stderr.strip().splitlines()[-1]
    assert re.match(r"interrupted: \d+ of 80 batches done; run the same command to finish", last)
    assert "Traceback" not in stderr and "Error logging to API" not in stderr, stderr
    _assert_only_whole_parts(out)
    # the temporary server stopped with the run
    port = re.search(r"Temporary server on http://127\.0\.0\.1:(\d+)/api", stderr)
    assert port is not None
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(port.group(1))), timeout=1).close()
    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert len(pq.read_table(out / "articles").column("doc_id")) == 400
