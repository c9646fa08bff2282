"""What a fresh ``PREFECT_HOME`` adds to a run: the README's job, run as a user runs it.

    python -m benchmarks.startup [--runs 3] [INPUT ...]

The README's command, ``python -m flows.clean seeds --output OUT``, runs ``--runs`` times in a
subprocess with no Prefect setting inherited and one new, empty ``PREFECT_HOME`` (in a
temporary folder, removed after), each run into a new output folder. The first run's temporary
server creates its database there; the later ones find it made. Printed: each run's wall time,
and the first run's time less the median of the others, the figure the README gives.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_times(inputs: list[str], runs: int) -> list[float]:
    """The wall time of each of ``runs`` runs of the job on ``inputs``, the first one with a
    ``PREFECT_HOME`` nothing has used."""
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="boilerstrip-startup-") as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env["PREFECT_HOME"] = str(Path(scratch) / "prefect-home")
        for i in range(runs):
            command = [sys.executable, "-m", "flows.clean", *inputs]
            command += ["--output", str(Path(scratch) / f"out-{i}")]
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"run {i + 1} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", default=["seeds"], help="the job's inputs")
    parser.add_argument("--runs", type=int, default=3, help="runs, the first one cold (>= 2)")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2: a cold run and a warm one")
    times = run_times(args.inputs, args.runs)
    for i, took in enumerate(times, 1):
        print(f"run {i} ({'fresh PREFECT_HOME' if i == 1 else 'same PREFECT_HOME'}): {took:.1f} s")
    warm = statistics.median(times[1:])
    print(
        f"a fresh PREFECT_HOME adds {times[0] - warm:.1f} s (first run {times[0]:.1f} s, "
        f"later runs {warm:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
