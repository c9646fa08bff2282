"""Eval gate: the text path's quality on a fixed sample of benchmark pages must not drop.

The sample is 30 pages of each set of ../shared/bench, rendered to whole-page text dumps as
``benchmarks/text_dumps.py`` does; the floors are in ``eval_floor_text.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH

FLOORS = json.loads((Path(__file__).parent / "eval_floor_text.json").read_text())
# Room for floating-point noise only: the sample and the path are deterministic.
TOLERANCE = 0.002


@pytest.fixture(scope="module")
def figures() -> dict:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark pages not found at {BENCH}: the text eval gate cannot run")
    from benchmarks.text_dumps import run

    return run(BENCH, sample=True, worst=0)


@pytest.mark.parametrize("set_name", ["aeb", "wcxb-dev-articles"])
@pytest.mark.parametrize("style", ["blank", "newline"])
def test_text_path_stays_above_its_floor(figures: dict, set_name: str, style: str) -> None:
    ours = figures[set_name][style]["ours"]
    floor = FLOORS[set_name]
    assert ours["pages"] == 30
    assert ours["f1"] >= floor["f1"] - TOLERANCE, (set_name, style, ours)
    assert ours["recall"] >= floor["recall"] - TOLERANCE, (set_name, style, ours)
    # The path must beat the floors the benchmark prints beside it.
    assert ours["f1"] > figures[set_name][style]["c4 lines"]["f1"]
