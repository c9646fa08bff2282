"""The throughput benchmark follows a run by the lines its batches log: it must read them. Its
store report gives the rate the S3 run's CPU allows."""

from __future__ import annotations

import pytest

from benchmarks.throughput import (
    _BATCH_LINE,
    FlowRun,
    StoreFigures,
    print_store_report,
    store_ceiling,
)
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


def _run(wall_s: float, cpu_s: float) -> FlowRun:
    return FlowRun(
        wall_s=wall_s,
        flow_wall_s=wall_s - 6,
        startup_s=6.0,
        template_pass_s=None,
        cpu_s=cpu_s,
        cpu_by_role={"flow process": 0.1 * cpu_s, "page workers": 0.9 * cpu_s},
        waited_by_role={},
        peak_by_role={"flow process": 700 * 2**20, "page workers": 400 * 2**20},
        half_peak_by_role={},
        workers_seen=2,
        summary={"pages read": 10_000},
    )


def test_the_store_report_gives_the_rate_the_s3_run_s_cpu_allows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fig = StoreFigures(10_000, local=_run(130.0, 247.0), s3=_run(170.0, 276.0), server_cpu_s=25.0)
    ceiling = store_ceiling(fig, cpus=2)
    assert ceiling.s3_cpu_s == 301.0
    assert ceiling.local_busy == pytest.approx(247 / 260)
    # at the local run's use of the CPUs, the rate follows the CPU the run needs
    assert ceiling.at_local_use == pytest.approx(247 / 301)
    assert ceiling.all_busy == pytest.approx(130 / (301 / 2))
    print_store_report([fig])
    said = capsys.readouterr().out
    assert "S3 pages/s = 76% of local" in said
    assert "the S3 run used 301 CPU s" in said and "allows 82% of the local rate" in said
    assert "27.6" in said and "25.0" in said  # the flow process's CPU, and the server's
