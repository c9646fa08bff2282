"""The text-floor benchmark: the chrome rules and langdetect answered from tables give the
same records (its figures are for the command to print, not for a test to judge)."""

from __future__ import annotations

import re

import pytest

from benchmarks import text_floor
from benchmarks.bench_data import DEFAULT_BENCH_DIR

# Both tests run the benchmark on a few bench pages: without them there is nothing to run.
pytestmark = pytest.mark.skipif(
    not DEFAULT_BENCH_DIR.is_dir(),
    reason=f"benchmark pages not found at {DEFAULT_BENCH_DIR}: the text-floor check cannot run",
)


def test_answers_from_tables_leave_the_records_as_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text_floor.main(["--limit", "4"])  # raises if a table changed a record
    out = capsys.readouterr().out
    assert "8 text dumps" in out
    rates = [int(r) for r in re.findall(r"\s(\d+)\s*$", out, flags=re.MULTILINE)]
    assert len(rates) == 4  # three runs with the same records, one without the layout step
    assert re.search(r"the layout step costs -?\d+\.\d% more CPU a dump", out)


def test_a_changed_answer_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # a table that answered wrongly would change what the page keeps: the check must see it
    real = text_floor._cpu_ms
    calls = []

    def one_run_differs(dumps: list[text_floor.Dump]) -> tuple[float, list[object]]:
        ms, records = real(dumps)
        calls.append(1)
        return (ms, records[:-1]) if len(calls) == 3 else (ms, records)

    monkeypatch.setattr(text_floor, "_cpu_ms", one_run_differs)
    with pytest.raises(AssertionError, match="changed the records"):
        text_floor.main(["--limit", "2"])
