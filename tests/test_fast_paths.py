"""The fast paths that read other libraries' internals give the answers of the plain paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH
from benchmarks.records_diff import compare, read_rows
from extractors.switches import ENV, FAST_PATHS, PAGE_FAST_PATHS, plain

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(out: Path, plain_paths: str) -> None:
    env = {**os.environ, ENV: plain_paths}
    command = [sys.executable, "-m", "benchmarks.records_diff", "snapshot", str(out), "--sample"]
    subprocess.run([*command, "--bench", str(BENCH)], cwd=ROOT, env=env, check=True)


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.exists(), reason="the shared bench pages are not beside the repo")
def test_the_plain_page_paths_give_the_same_records(tmp_path: Path) -> None:
    # the sample's pages as HTML and as text dumps in both styles, and the seeds
    _snapshot(tmp_path / "fast.jsonl.gz", "")
    _snapshot(tmp_path / "plain.jsonl.gz", ",".join(PAGE_FAST_PATHS))
    fast, plain_rows = read_rows(tmp_path / "fast.jsonl.gz"), read_rows(tmp_path / "plain.jsonl.gz")
    assert len(fast) == 185
    assert compare(fast, plain_rows, show=5)


def test_the_switch_reads_names_and_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "regex_keywords, prefect_server")
    assert plain("regex_keywords") and plain("prefect_server")
    assert not plain("langdetect_arrays")
    monkeypatch.setenv(ENV, "all")
    assert all(plain(name) for name in FAST_PATHS)
    with pytest.raises(KeyError):
        plain("no_such_path")
