"""The clean flow end to end under a Prefect test harness, and its command line."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from parquet_rows import read_rows, stable_rows

from extractors.record import ARTICLE_SCHEMA, REJECT_SCHEMA, SCHEMA_VERSION
from flows.clean import clean

ROOT = Path(__file__).resolve().parents[1]

BODY = (
    "The regional parliament approved the budget on Thursday after a debate that lasted "
    "well into the night, with the opposition voting against every article of the bill."
)


@pytest.fixture(scope="module")
def seeds_state(prefect_harness: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """The final state of a run on the seeds, and its output folder."""
    out = tmp_path_factory.mktemp("seeds-run")
    seeds = tmp_path_factory.mktemp("in") / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    return clean(inputs=[str(seeds)], output=str(out), return_state=True), out


@pytest.fixture(scope="module")
def seeds_run(seeds_state: tuple[Any, Path]) -> tuple[dict, Path]:
    state, out = seeds_state
    return state.result(), out


def test_seeds_give_five_articles_and_no_rejects(seeds_run: tuple[dict, Path]) -> None:
    summary, out = seeds_run
    assert summary["pages"] == 5 and summary["articles"] == 5 and summary["rejects"] == {}
    for path in (out / "articles").glob("*.parquet"):
        table = pq.read_table(path)
        assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)
        assert (
            pq.read_metadata(path).metadata[b"boilerstrip.schema_version"]
            == SCHEMA_VERSION.encode()
        )
    rows = read_rows(out / "articles")
    assert len(rows) == 5
    assert len({r["doc_id"] for r in rows}) == 5
    by_name = {Path(r["source"]).name[:3]: r for r in rows}
    assert by_name["003"]["section"] == "World"
    assert by_name["003"]["published_at"].isoformat() == "2024-11-20T21:45:00+00:00"
    assert by_name["001"]["contributors"] == ["Lolita C. Baldor", "Tara Copp"]
    assert all(r["language"] == "en" and r["input_format"] == "text" for r in rows)
    assert {"kind": "ad_slot", "text": "Spacer"} in by_name["002"]["removed"]
    rejects = pq.read_table(next((out / "rejects").glob("*.parquet")))
    assert rejects.schema.equals(REJECT_SCHEMA, check_metadata=False)
    assert rejects.num_rows == 0


def test_a_rerun_replaces_rather_than_duplicates(
    seeds_run: tuple[dict, Path], prefect_harness: str
) -> None:
    _, out = seeds_run
    before = stable_rows(out / "articles")
    files_before = sorted(p.name for p in (out / "articles").iterdir())
    rerun = clean(inputs=[summary_source_folder(before)], output=str(out))
    assert rerun["articles"] == 5
    assert sorted(p.name for p in (out / "articles").iterdir()) == files_before
    assert stable_rows(out / "articles") == before


def summary_source_folder(rows: list[dict]) -> str:
    return str(Path(rows[0]["source"]).parent)


def test_every_page_is_an_article_or_a_reject(prefect_harness: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "nested").mkdir(parents=True)
    (pages / "empty.txt").write_bytes(b"")
    (pages / "blank.txt").write_text(" \n\u00a0\n")
    (pages / "scan.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (pages / "nav-only.txt").write_text("Home |\nAdvertisement\nSubscribe\nPrivacy Policy\n")
    (pages / "stub.txt").write_text("Short text.\n")
    (pages / "nested" / "good.txt.gz").write_bytes(
        gzip.compress(f"A headline here\n{BODY}\n{BODY.upper()}".encode())
    )
    (pages / "nested" / "page.html").write_text(
        f"<html><head><title>Budget passes | The Example</title></head><body>"
        f"<nav>Home | World</nav><article><h1>Budget passes</h1><p>{BODY}</p>"
        f"<p>{BODY.replace('Thursday', 'Friday')}</p>"
        f"</article><footer>© 2024 Example Media. All rights reserved.</footer></body></html>"
    )
    (pages / "truncated.txt.gz").write_bytes(gzip.compress(BODY.encode())[:20])
    (pages / "notes.md").write_text("not a page dump")
    out = tmp_path / "out"
    summary = clean(inputs=[str(pages)], output=str(out))
    articles, rejects = read_rows(out / "articles"), read_rows(out / "rejects")
    assert summary["pages"] == 8 == len(articles) + len(rejects)
    assert summary["skipped"] == [str(pages / "notes.md")]
    reasons = {Path(r["source"]).name: r["reason"] for r in rejects}
    assert reasons == {
        "empty.txt": "empty_input",
        "blank.txt": "empty_input",
        "scan.html": "not_text",
        "nav-only.txt": "no_article",
        "stub.txt": "too_short",
        "truncated.txt.gz": "read_error",
    }
    assert all(r["detail"] for r in rejects)
    html = next(a for a in articles if a["source"].endswith("page.html"))
    assert html["input_format"] == "html"
    assert html["title"] == "Budget passes"
    assert "All rights reserved" not in html["text"]


# An API url nothing listens on: the commands below must not need a server.
NO_SERVER = "http://127.0.0.1:9/api"


def _cli(*args: str, api_url: str = NO_SERVER) -> subprocess.CompletedProcess[str]:
    """Run ``python -m flows.clean ARGS`` from the project folder against ``api_url``."""
    env = dict(os.environ, PREFECT_API_URL=api_url, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "flows.clean", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_runs_the_flow_and_prints_a_summary(prefect_harness: str, tmp_path: Path) -> None:
    out = tmp_path / "cli-out"
    result = _cli("seeds", "--output", str(out), api_url=prefect_harness)
    assert result.returncode == 0, result.stderr
    assert "pages read:       5" in result.stdout
    assert "articles written: 5" in result.stdout
    assert f"{out}/articles/*.parquet" in result.stdout
    # The page workers run this module again as multiprocessing does, and say nothing of it.
    assert "Warning" not in result.stderr, result.stderr
    rows = read_rows(out / "articles")
    assert sorted(r["source"] for r in rows)[0] == "seeds/000_c59ea707e379a0eb.txt"


def test_an_ordinary_reject_logs_no_warning_or_error(prefect_harness: str, tmp_path: Path) -> None:
    # pages trafilatura finds nothing in: it logs a warning or an error of its own, which is
    # noise to the user (a reject row says it all)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "script.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    (pages / "menu.html").write_text("<html><body><div><a href='/'>Home</a></div></body></html>")
    shutil.copy(next((ROOT / "seeds").glob("000_*")), pages)
    result = _cli(str(pages), "--output", str(tmp_path / "out"), api_url=prefect_harness)
    assert result.returncode == 0, result.stderr
    assert "rejects:          2" in result.stdout
    logged = result.stdout + result.stderr
    assert "| WARNING |" not in logged and "| ERROR |" not in logged, logged


def test_the_console_script_is_the_same_command() -> None:
    script = Path(sys.executable).with_name("boilerstrip")
    assert script.exists(), "install the project (pip install -e .) to get the console script"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: boilerstrip ")
    assert "--output" in result.stdout and "--dask-address" in result.stdout


def test_the_readme_lists_the_input_kinds_of_the_one_table() -> None:
    from extractors.inputs.formats import CONTAINER_SUFFIXES, FORMAT_BY_SUFFIX

    readme = (ROOT / "README.md").read_text()
    sentence = readme[readme.index("- `INPUT`:") :].split(" files are read")[0]
    listed = set(re.findall(r"`(\.[a-z]+)`", sentence))
    assert listed == set(FORMAT_BY_SUFFIX) | CONTAINER_SUFFIXES


def test_cli_help_explains_every_option() -> None:
    result = _cli("--help")
    assert result.returncode == 0
    for word in ("INPUT", "--output", "glob", "default"):
        assert word in result.stdout


def test_cli_refuses_an_input_that_matches_nothing(tmp_path: Path) -> None:
    result = _cli(str(tmp_path / "nope" / "*.html"))
    assert result.returncode == 2
    assert "no file or folder matches" in result.stderr


def test_a_listing_handed_over_is_given_once_for_the_same_inputs(tmp_path: Path) -> None:
    from flows.inputs import discover, listed_already
    from flows.store import NO_OPTIONS, StoreOptions

    (tmp_path / "a.txt").write_text("A page.")
    inputs = [str(tmp_path)]
    fresh = discover(inputs)
    (tmp_path / "b.txt").write_text("Written after the listing.")
    with listed_already(inputs, NO_OPTIONS, fresh):
        assert discover(inputs, StoreOptions.of({"anon": True})).sources[-1].endswith("b.txt")
        assert discover(inputs) == fresh  # the listing handed over, not a new one
        assert discover(inputs).sources[-1].endswith("b.txt")  # given once
    with listed_already(inputs, NO_OPTIONS, fresh):
        pass
    assert discover(inputs).sources[-1].endswith("b.txt")  # nothing is left behind
    # an option's value may be a mapping (--storage-option 'client_kwargs={...}')
    options = StoreOptions.of({"client_kwargs": {"region_name": "eu-west-1"}})
    with listed_already(inputs, options, fresh):
        assert discover(inputs, options) == fresh


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-o", "{file}"], "is a file, not a folder"),
        (["--page-timeout", "0"], "--page-timeout must be at least"),
        (["--page-memory", "10"], "--page-memory must be at least"),
        (["--templates", "{file}"], "neither a folder of template parts nor a .parquet file"),
    ],
)
def test_cli_refuses_bad_settings_in_one_line_before_starting(
    tmp_path: Path, options: list[str], message: str
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    args = [o.format(file=a_file) for o in options]
    out = ["-o", str(tmp_path / "out")] if "-o" not in args else []
    result = _cli(str(ROOT / "seeds"), *out, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_interrupted_command_leaves_no_signal_behind_for_a_later_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal

    from flows import cli, run_state

    def interrupted(argv: list[str] | None) -> int:
        run_state.on_signal(signal.SIGTERM)  # as the handler does, its exception lost
        raise RuntimeError("raised by a library the signal cut short")

    monkeypatch.setattr(cli, "_main", interrupted)
    assert cli.main([]) == cli.EXIT_TERMINATED
    assert capsys.readouterr().err.startswith("interrupted: ")
    # a flow run later in this process is not taken for interrupted
    assert run_state.SIGNALLED == [] and not run_state.COMMAND_LINE.is_set()
    run_state.STOP.clear()


def test_an_output_that_cannot_be_written_is_refused_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import config

    locked = tmp_path / "read-only"
    locked.mkdir()
    # a folder the run may not write to (root may write anywhere, so the check is made to see it)
    monkeypatch.setattr(config.os, "access", lambda path, mode: Path(path) != locked)
    errors = config.settings_errors({"output": str(locked / "out")})
    assert errors == [f"--output {locked / 'out'} cannot be written: {locked} is not writable"]
    assert config.settings_errors({"output": str(tmp_path / "elsewhere")}) == []


def test_the_run_publishes_progress_counts_and_a_summary(
    seeds_state: tuple[Any, Path], seeds_run: tuple[dict, Path]
) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    state, _ = seeds_state
    summary, _ = seeds_run
    assert summary["languages"] == {"en": 5}
    # This run's artifacts only: other runs of the session publish under the same keys.
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])
            )
        )
    by_key = {a.key: a for a in artifacts}
    assert by_key["clean-progress"].data == 100.0
    counts = {row["measure"]: row["value"] for row in json.loads(str(by_key["clean-counts"].data))}
    assert counts["pages read"] == summary["pages"] == 5
    assert counts["articles"] == summary["articles"] == 5
    assert counts["language: en"] == 5
    assert not any(measure.startswith("reject:") for measure in counts)
    table = json.loads(str(by_key["clean-counts"].data))
    assert all(row["counts"] for row in table)  # each count says what it counts
    removed = next(row for row in table if row["measure"].startswith("removed:"))
    assert "not pages" in removed["counts"]
    markdown = str(by_key["clean-summary"].data)
    assert "articles written: 5" in markdown
    assert f"Output folder: `{Path(summary['output']).resolve()}`" in markdown
    assert "Languages of the articles: en 5" in markdown
    assert "Most frequent rejects: none" in markdown


def test_batches_run_in_parallel_and_give_the_same_rows(
    prefect_harness: str, tmp_path: Path
) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import (
        TaskRunFilter,
        TaskRunFilterFlowRunId,
        TaskRunFilterName,
    )

    one = clean(inputs=[str(ROOT / "seeds")], output=str(tmp_path / "one"), workers=1)
    state = clean(
        inputs=[str(ROOT / "seeds")],
        output=str(tmp_path / "many"),
        workers=2,
        batch_files=2,
        return_state=True,
    )
    many = state.result()
    assert one["batches"] == 1 and many["batches"] == 3
    # Two batches ran at the same time: one started before another had ended.
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            task_run_filter=TaskRunFilter(
                flow_run_id=TaskRunFilterFlowRunId(any_=[state.state_details.flow_run_id]),
                name=TaskRunFilterName(like_="clean-batch"),
            )
        )
    spans = sorted((r.start_time, r.end_time) for r in runs)
    assert len(spans) == 3
    assert any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans))
    assert stable_rows(tmp_path / "one" / "articles") == stable_rows(tmp_path / "many" / "articles")


def test_a_large_container_is_cut_into_shards_with_the_same_rows(
    prefect_harness: str, tmp_path: Path
) -> None:
    import json

    pages = tmp_path / "in"
    pages.mkdir()
    lines = [
        json.dumps({"url": f"https://news{n}.example/a", "text": f"Story {n}\n\n{BODY} ({n})"})
        for n in range(7)
    ]
    lines.insert(3, "{not json")
    (pages / "crawl.jsonl").write_text("\n".join(lines) + "\n")
    whole = clean(inputs=[str(pages)], output=str(tmp_path / "whole"))
    sharded = clean(inputs=[str(pages)], output=str(tmp_path / "sharded"), shard_records=3)
    assert whole["batches"] == 1 and sharded["batches"] == 3
    assert sharded["pages"] == whole["pages"] == 8
    assert sharded["rejects"] == {"bad_json": 1}
    for table in ("articles", "rejects"):
        assert stable_rows(tmp_path / "sharded" / table) == stable_rows(tmp_path / "whole" / table)
    names = sorted(p.name for p in (tmp_path / "sharded" / "articles").glob("*.parquet"))
    assert len(names) == 3


def test_the_seeds_copies_of_one_story_are_grouped(seeds_run: tuple[dict, Path]) -> None:
    # 000 is the AP story; 001 a copy spun with synonyms and 002 a paraphrase of it; 003 and
    # 004 are another outlet's stories of the same events
    summary, out = seeds_run
    names = {r["doc_id"]: Path(r["source"]).name[:3] for r in read_rows(out / "articles")}
    rows = {names[r["doc_id"]]: r for r in read_rows(out / "stories")}
    assert len(rows) == 5
    ap = rows["000"]["story_id"]
    assert {n for n, r in rows.items() if r["story_id"] == ap} == {"000", "001", "002"}
    assert rows["000"]["role"] == "canonical"
    assert {names[rows[n]["canonical_doc_id"]] for n in ("000", "001", "002")} == {"000"}
    assert rows["001"]["role"] == rows["002"]["role"] == "rewrite"
    assert rows["001"]["flags"] == ["spun"] and rows["002"]["flags"] == []
    assert rows["003"]["story_size"] == rows["004"]["story_size"] == 1
    assert len(list((out / "signatures").glob("part-*.parquet"))) == 1
    assert summary["stories"]["stories"] == 3
