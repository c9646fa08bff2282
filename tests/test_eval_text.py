"""Eval gate: the text path's quality on a fixed sample of benchmark pages must not drop.

The sample is 30 pages of each set of ../shared/bench, rendered to whole-page text dumps as
``benchmarks/text_dumps.py`` does: by our own renderer in both styles, and as other tools write
them (hard-wrapped by a text browser at 80 columns; one text node a line by BeautifulSoup). The
floors are in ``eval_floor_text.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH
from benchmarks.render import Renderer

FLOORS = json.loads((Path(__file__).parent / "eval_floor_text.json").read_text())
# Room for floating-point noise only: the sample and the path are deterministic.
TOLERANCE = 0.002
# Dumps of other tools' layouts the gate covers besides our own: a wrapped and a fragmented one.
OTHER_LAYOUTS = [Renderer.WRAP80, Renderer.BS4]


@pytest.fixture(scope="module")
def figures() -> dict:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark pages not found at {BENCH}: the text eval gate cannot run")
    from benchmarks.text_dumps import run

    renderers = [Renderer.OURS_BLANK, Renderer.OURS_NEWLINE, *OTHER_LAYOUTS]
    return run(BENCH, sample=True, worst=0, renderers=renderers)


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


@pytest.mark.parametrize("set_name", ["aeb", "wcxb-dev-articles"])
@pytest.mark.parametrize("renderer", OTHER_LAYOUTS, ids=lambda r: r.value)
def test_other_tools_dumps_stay_above_their_floor(
    figures: dict, set_name: str, renderer: Renderer
) -> None:
    ours = figures[set_name][renderer.key]["ours"]
    floor = FLOORS["other_layouts"][renderer.value][set_name]
    assert ours["pages"] == 30
    assert ours["f1"] >= floor["f1"] - TOLERANCE, (set_name, renderer, ours)
    assert ours["recall"] >= floor["recall"] - TOLERANCE, (set_name, renderer, ours)
    assert ours["f1"] > figures[set_name][renderer.key]["raw dump"]["f1"]
