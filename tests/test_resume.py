"""Resuming into an output: known per input file and shard, keyed on the resolved path, the
pipeline's version and the options that change output; never a mix of rows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from parquet_rows import stable_rows

from flows.batches import RUN_KEY_META, UNITS_META, Finished, OutputMismatch, Unit, format_summary
from flows.clean import clean
from flows.cli import EXIT_OUTPUT_MISMATCH, main

ROOT = Path(__file__).resolve().parents[1]


def _pages(folder: Path, count: int, lead: str = "Report") -> Path:
    """``count`` distinct text dumps (the seeds, each with a numbered first paragraph)."""
    folder.mkdir(parents=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for n in range(count):
        text = seeds[n % len(seeds)].read_text()
        extra = f"{lead} {n} of the inquiry was filed with the clerk of the council on time.\n\n"
        (folder / f"page-{n:03d}.txt").write_text(extra + text)
    return folder


def _doc_ids(out: Path) -> list[str]:
    return [row["doc_id"] for row in stable_rows(out / "articles")]


def _parts(out: Path) -> set[str]:
    return {p.name for p in (out / "articles").glob("part-*.parquet")}


def test_the_same_input_spelled_another_way_is_the_same_input(
    prefect_harness: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(tmp_path / "pages", 6)
    (tmp_path / "link").symlink_to(pages)
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    first = clean(inputs=["pages"], output=str(out))
    assert first["articles"] == 6
    parts = _parts(out)
    for spelling in (str(pages), "pages/", "link", str(tmp_path / "pages" / "*.txt"), "./pages"):
        again = clean(inputs=[spelling], output=str(out))
        assert again["resumed_units"] == 6 and again["batches"] == 0, spelling
        assert _parts(out) == parts, spelling
    ids = _doc_ids(out)
    assert len(ids) == len(set(ids)) == 6


def test_two_spellings_of_one_input_in_one_run_clean_it_once(
    prefect_harness: str, tmp_path: Path
) -> None:
    pages = _pages(tmp_path / "pages", 4)
    (tmp_path / "link").symlink_to(pages)
    out = tmp_path / "out"
    summary = clean(inputs=[str(pages), str(tmp_path / "link"), f"{pages}/*.txt"], output=str(out))
    assert summary["units"] == 4 and summary["articles"] == 4
    ids = _doc_ids(out)
    assert len(ids) == len(set(ids)) == 4


def test_a_run_cut_into_other_batches_resumes_to_the_same_rows(
    prefect_harness: str, tmp_path: Path
) -> None:
    pages = _pages(tmp_path / "pages", 12)
    reference = tmp_path / "reference"
    clean(inputs=[str(pages)], output=str(reference))
    out = tmp_path / "out"
    clean(inputs=[str(pages)], output=str(out), batch_files=3)
    # an interrupted run: two batches never wrote their articles part (one its rejects part)
    for part in sorted((out / "articles").glob("part-*.parquet"))[:2]:
        part.unlink()
    resumed = clean(inputs=[str(pages)], output=str(out))
    assert resumed["resumed_units"] == 6 and resumed["batches"] == 1
    # the summary counts this run apart from what the output held before it
    assert resumed["pages"] == 12 and resumed["this_run"]["pages"] == 6
    printed = format_summary(resumed)
    assert "12 in the output folder for these inputs, 6 read by this run" in printed
    assert stable_rows(out / "articles") == stable_rows(reference / "articles")
    assert stable_rows(out / "rejects") == stable_rows(reference / "rejects")
    # every rejects and signatures part has its articles part: no orphan rows from the
    # interrupted batches
    assert {p.name for p in (out / "rejects").glob("*.parquet")} == _parts(out)
    assert {p.name for p in (out / "signatures").glob("*.parquet")} == _parts(out)
    # the stories, recomputed over the whole output, are the same
    assert stable_rows(out / "stories") == stable_rows(reference / "stories")


def test_a_container_cut_into_other_shards_resumes_to_the_same_rows(
    prefect_harness: str, tmp_path: Path
) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    jsonl = tmp_path / "pages.jsonl"
    with jsonl.open("w") as out_file:
        for n in range(12):
            text = f"Story {n} opens the day's report.\n\n" + seeds[n % 5].read_text()
            out_file.write(json.dumps({"url": f"https://example.org/{n}", "text": text}) + "\n")
    reference = tmp_path / "reference"
    clean(inputs=[str(jsonl)], output=str(reference), learn_templates=False)
    out = tmp_path / "out"
    clean(inputs=[str(jsonl)], output=str(out), shard_records=5, learn_templates=False)
    assert len(_parts(out)) == 3
    # the middle shard (records 5 to 9) was not finished
    middle = [
        p
        for p in (out / "articles").glob("*.parquet")
        if json.loads(pq.read_metadata(p).metadata[UNITS_META])[0][1:] == [5, 10]
    ]
    assert len(middle) == 1
    middle[0].unlink()
    resumed = clean(inputs=[str(jsonl)], output=str(out), learn_templates=False)
    assert resumed["batches"] == 1 and resumed["pages"] == 12
    assert stable_rows(out / "articles") == stable_rows(reference / "articles")
    ids = _doc_ids(out)
    assert len(ids) == len(set(ids)) == 12


def test_parts_of_another_version_or_options_are_never_mixed(
    prefect_harness: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(tmp_path / "pages", 4)
    out = tmp_path / "out"
    clean(inputs=[str(pages)], output=str(out))
    before = stable_rows(out / "articles")
    # an option that changes output
    with pytest.raises(OutputMismatch, match="--redo"):
        clean(inputs=[str(pages)], output=str(out), max_page_mb=1)
    # another version of the pipeline: the command line says so and exits 4
    monkeypatch.setattr("flows.config.PIPELINE_VERSION", "0.0.0-other")
    assert main([str(pages), "--output", str(out)]) == EXIT_OUTPUT_MISMATCH
    assert stable_rows(out / "articles") == before  # nothing written, nothing removed
    redone = clean(inputs=[str(pages)], output=str(out), redo=True)
    assert redone["batches"] == 1 and redone["articles"] == 4
    keys = {pq.read_metadata(p).metadata[RUN_KEY_META] for p in (out / "articles").glob("*")}
    assert len(keys) == 1
    assert len(_doc_ids(out)) == 4
    # options that do not change output resume
    again = clean(inputs=[str(pages)], output=str(out), batch_files=1, workers=1)
    assert again["resumed_units"] == 4 and again["batches"] == 0


def test_doc_ids_stay_unique_after_any_sequence_of_runs(
    prefect_harness: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(tmp_path / "pages", 8)
    more = _pages(tmp_path / "more", 10, lead="Update")  # other pages than those of pages/
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    runs = [
        {"inputs": ["pages"], "batch_files": 3},
        {"inputs": [str(pages) + os.sep]},
        {"inputs": ["pages/page-00*.txt"], "batch_files": 2},
        {"inputs": ["pages", "more"]},
        {"inputs": ["more"], "redo": True},
        {"inputs": [str(more)], "batch_files": 1},
    ]
    for parameters in runs:
        clean(output=str(out), **parameters)
        ids = _doc_ids(out)
        assert len(ids) == len(set(ids)), parameters
    # every page of both folders, once
    assert len(_doc_ids(out)) == len(stable_rows(out / "articles")) == 18


def test_a_unit_left_after_finished_ranges() -> None:
    finished = Finished()
    finished.add("part-a", [["/data/x.jsonl", 0, 5], ["/data/x.jsonl", 10, None]])
    assert finished.left(Unit("/data/x.jsonl", source="x.jsonl")) == [
        Unit("/data/x.jsonl", 5, 10, "x.jsonl")
    ]
    assert finished.left(Unit("/data/y.jsonl")) == [Unit("/data/y.jsonl")]
    finished.add("part-b", [["/data/x.jsonl", 5, 10]])
    assert finished.left(Unit("/data/x.jsonl")) == []
