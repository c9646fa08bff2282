"""Eval gate: the HTML path's scores on a fixed sample of benchmark pages must not drop.

``benchmarks.html.run(sample=True)`` measures our HTML path (and trafilatura alone, in the
same run) on 30 pages of each set of ../shared/bench; ``benchmarks.html.run_dates`` measures
our publication dates on 30 pages of htmldate-mediacloud (with htmldate and trafilatura alone).
The floors are the ``html`` section of ``eval_baseline.json``. Throughput is reported by the
benchmark but not gated: it depends on the machine's load.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH
from benchmarks.bench_data import MEDIACLOUD

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())["html"]


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark pages not found at {BENCH}: the HTML eval gate cannot run")
    from benchmarks.html import run

    return run(BENCH, sample=True, worst=0)


@pytest.fixture(scope="module")
def date_results() -> dict[str, Any]:
    if not (BENCH / MEDIACLOUD).is_dir():
        pytest.skip(f"{MEDIACLOUD} pages not found in {BENCH}: the HTML date gate cannot run")
    from benchmarks.html import run_dates

    return run_dates(BENCH, sample=True, set_names=list(BASELINE["date_floors"]))


def measured(results: dict[str, Any]) -> dict[str, float]:
    """The gated figures of our HTML path, by the names the baseline uses."""
    aeb = results["aeb"]["ours"]
    wcxb = results["wcxb-dev-articles"]["ours"]
    return {
        "aeb_f1": aeb["aeb"]["f1"],
        "wcxb_word_f1": wcxb["word_bag"]["f1"],
        "title": wcxb["title"]["accuracy"],
        "author": wcxb["author"]["accuracy"],
        "date": wcxb["date"]["accuracy"],
    }


@pytest.mark.parametrize("figure", sorted(BASELINE["floors"]))
def test_html_path_stays_above_its_floor(results: dict[str, Any], figure: str) -> None:
    value = measured(results)[figure]
    floor = BASELINE["floors"][figure]
    assert value >= floor - BASELINE["tolerance"], f"{figure}: {value:.3f} < floor {floor:.3f}"


@pytest.mark.parametrize("set_name", sorted(BASELINE["date_floors"]))
def test_html_dates_stay_above_their_floor(date_results: dict[str, Any], set_name: str) -> None:
    ours = date_results[set_name]["ours"]["date"]
    floor = BASELINE["date_floors"][set_name]
    assert ours["pages"] == BASELINE["pages_per_set"]
    assert ours["accuracy"] >= floor - BASELINE["tolerance"], (
        f"{set_name} date: {ours['accuracy']:.3f} < floor {floor:.3f}"
    )


def test_html_path_scored_every_sampled_page(results: dict[str, Any]) -> None:
    assert results["aeb"]["ours"]["aeb"]["pages"] == BASELINE["pages_per_set"]
    assert results["wcxb-dev-articles"]["ours"]["word_bag"]["pages"] == BASELINE["pages_per_set"]


def test_html_metadata_beats_trafilatura_alone(results: dict[str, Any]) -> None:
    """Titles are the one field where the sample is big enough to compare, and the gap wide."""
    wcxb = results["wcxb-dev-articles"]
    assert wcxb["ours"]["title"]["accuracy"] > wcxb["trafilatura"]["title"]["accuracy"]
