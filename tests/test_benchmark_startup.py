"""The start-up benchmark runs the README's job as a user does, a fresh PREFECT_HOME first, and
prints each run's time and what the first run adds (the figure is for the command to print,
not for a test to judge)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from benchmarks import startup

pytestmark = pytest.mark.slow


def test_the_startup_benchmark_times_a_cold_run_and_a_warm_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert startup.main(["--runs", "2"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^run 1 \(fresh PREFECT_HOME\): \d+\.\d s$", out, re.M), out
    assert re.search(r"^run 2 \(same PREFECT_HOME\): \d+\.\d s$", out, re.M), out
    assert re.search(r"^a fresh PREFECT_HOME adds -?\d+\.\d s", out, re.M), out
    assert list(tmp_path.iterdir()) == []  # its PREFECT_HOME and outputs are gone


def test_one_run_is_refused() -> None:
    with pytest.raises(SystemExit):
        startup.main(["--runs", "1"])
