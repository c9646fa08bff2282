"""The throughput benchmark follows a run by the lines its batches log: it must read them."""

from __future__ import annotations

from benchmarks.throughput import _BATCH_LINE
from flows.clean import BATCH_LOG


def test_the_benchmark_reads_the_line_each_batch_logs() -> None:
    line = "12:00:01.000 | INFO | Task run 'clean-batch-1' - " + BATCH_LOG % (
        "part-0a1b2c.parquet",
        3,
        5,
        4,
        1,
    )
    match = _BATCH_LINE.search(line)
    assert match is not None
    assert (match.group(1), match.group(2), match.group(3)) == ("part-0a1b2c", "3", "5")
