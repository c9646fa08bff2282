"""The flow on a real Dask cluster: a local scheduler and two workers on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import free_port
from parquet_rows import stable_rows

# Each test starts a server or a cluster, or runs the command line.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def cluster(prefect_harness: str, tmp_path: Path) -> Iterator[str]:
    """A scheduler and two single-threaded workers; yields the scheduler's address."""
    pytest.importorskip("prefect_dask")
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(
        {k: v for k, v in os.environ.items() if not k.startswith("AWS_")},  # no store settings
        PREFECT_API_URL=prefect_harness,
        PYTHONPATH=str(ROOT),
        DASK_DISTRIBUTED__WORKER__DAEMON="False",
    )
    log = (tmp_path / "dask.log").open("w")
    cmd = [sys.executable, "-m"]
    procs = [
        subprocess.Popen(
            [
                *cmd,
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    ]
    for n in range(2):
        procs.append(
            subprocess.Popen(
                [
                    *cmd,
                    "distributed.cli.dask_worker",
                    address,
                    "--no-nanny",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--name",
                    f"w{n}",
                    "--local-directory",
                    str(tmp_path / f"w{n}"),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=tmp_path,
            )
        )
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def _executed(address: str) -> int:
    """Tasks the cluster's workers have run so far."""
    from distributed import Client

    with Client(address, timeout=60) as client:
        counts = client.run(lambda dask_worker: dask_worker.state.executed_count)
    return sum(counts.values())


def test_the_flow_on_dask_gives_the_local_rows(cluster: str, tmp_path: Path) -> None:
    from flows.clean import clean, dask_task_runner

    seeds = [str(ROOT / "seeds")]
    local = clean(inputs=seeds, output=str(tmp_path / "local"))
    before = _executed(cluster)
    on_dask = clean.with_options(task_runner=dask_task_runner(cluster))(
        inputs=seeds, output=str(tmp_path / "dask"), batch_files=2
    )
    assert on_dask["batches"] == 3 and on_dask["articles"] == local["articles"] == 5
    # The batches ran on the cluster's workers, not in this process.
    assert _executed(cluster) - before >= on_dask["batches"]
    assert stable_rows(tmp_path / "dask" / "articles") == stable_rows(
        tmp_path / "local" / "articles"
    )
    assert stable_rows(tmp_path / "dask" / "rejects") == stable_rows(tmp_path / "local" / "rejects")


def test_the_command_line_runs_its_batches_on_dask(
    cluster: str, prefect_harness: str, tmp_path: Path
) -> None:
    # As the README says to run it. Run as `python -m flows.clean`, the module is __main__:
    # its tasks must reach the workers by name, or their results do not come back.
    out = tmp_path / "cli"
    before = _executed(cluster)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.clean",
            str(ROOT / "seeds"),
            "--output",
            str(out),
            "--dask-address",
            cluster,
            "--batch-files",
            "2",
        ],
        cwd=ROOT,
        env=dict(os.environ, PREFECT_API_URL=prefect_harness, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "articles written: 5" in result.stdout
    assert _executed(cluster) - before >= 3
    assert len(stable_rows(out / "articles")) == 5


def test_the_flow_on_dask_reads_and_writes_only_the_object_store(
    cluster: str, s3_server: Any, tmp_path: Path
) -> None:
    # No shared disk: the inputs and the output are in the bucket only, the workers run in
    # working directories of their own and have no AWS settings; they get the URLs, the shard
    # ids and the store's options with each batch, and open the objects themselves.
    from pydantic import SecretStr

    from flows.clean import clean, dask_task_runner

    s3_server.bucket("dask-crawl")
    s3_server.bucket("dask-clean")
    s3_server.upload(ROOT / "seeds", "s3://dask-crawl/seeds")
    options = SecretStr(json.dumps(s3_server.options()))
    local = clean(inputs=[str(ROOT / "seeds")], output=str(tmp_path / "local"))
    before = _executed(cluster)
    on_dask = clean.with_options(task_runner=dask_task_runner(cluster))(
        inputs=["s3://dask-crawl/seeds"],
        output="s3://dask-clean/out",
        storage_options=options,
        batch_files=2,
    )
    assert on_dask["batches"] == 3 and on_dask["articles"] == local["articles"] == 5
    assert _executed(cluster) - before >= on_dask["batches"]
    copy = tmp_path / "copy"
    s3_server.fs().get("dask-clean/out", str(copy), recursive=True)
    rows = stable_rows(copy / "articles")
    assert all(r["source"].startswith("s3://dask-crawl/seeds/") for r in rows)
    seeds = str(ROOT / "seeds")
    as_local = [{**r, "source": r["source"].replace("s3://dask-crawl/seeds", seeds)} for r in rows]
    assert as_local == stable_rows(tmp_path / "local" / "articles")
