"""The command line, ``python -m flows.clean``: its arguments are the flow's options
(``flows.config``), and it runs the flow on a temporary Prefect server when none is set.

This module imports only the standard library at its top: the job's modules (Prefect,
pyarrow) load inside ``main``, where a Ctrl-C while they load ends the command as one later
does, in one line.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from flows import run_state

# Exit codes besides 0 (done) and 1 (a bug, with its traceback).
EXIT_BAD_INPUT = 2
EXIT_OUTPUT_LOCKED = 3
EXIT_OUTPUT_MISMATCH = 4
# A run stopped by SIGINT (Ctrl-C) or SIGTERM exits as the shell expects: 128 + the signal.
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, as Ctrl-C raises KeyboardInterrupt."""


def _on_signal(signum: int, _frame: object) -> None:
    run_state.on_signal(signum)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def _prog() -> str:
    """The command's name as the user typed it: the console script, or the module."""
    return "boilerstrip" if Path(sys.argv[0]).name == "boilerstrip" else "python -m flows.clean"


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m flows.clean``."""
    from flows.clean import DASK_ADDRESS_ENV
    from flows.config import add_arguments

    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Clean raw page dumps (HTML or whole-page text, alone or in WARC and JSONL "
        "files) into one Parquet row per article, and one rejects row, with its reason, per "
        "page that yields none.",
    )
    add_arguments(parser)
    parser.add_argument(
        "--dask-address",
        metavar="ADDRESS",
        default=None,  # the flow's own task runner reads $BOILERSTRIP_DASK_ADDRESS
        help="run the batches on the Dask cluster whose scheduler is at ADDRESS "
        f"(tcp://host:8786); default: ${DASK_ADDRESS_ENV}, else this machine",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the flow from the command line and print its summary; on Ctrl-C or SIGTERM, stop
    the workers and the temporary server and say in one line what was done."""
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    run_state.SIGNALLED.clear()
    run_state.COMMAND_LINE.set()
    run_state.PROGRESS.update(done=0, batches=0)
    try:
        return _main(argv)
    except BaseException as stop:
        # a library that a signal interrupts mid-call may raise an error of its own instead
        # of KeyboardInterrupt: the run was interrupted all the same
        if not isinstance(stop, KeyboardInterrupt) and not run_state.SIGNALLED:
            raise
        done, batches = run_state.PROGRESS["done"], run_state.PROGRESS["batches"]
        finished = f"{done} of {batches} batches done; " if batches else ""
        print(
            f"interrupted: {finished}run the same command to finish (what is done is kept)",
            file=sys.stderr,
        )
        terminated = isinstance(stop, Terminated) or signal.SIGTERM in run_state.SIGNALLED
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    finally:
        run_state.COMMAND_LINE.clear()
        run_state.SIGNALLED.clear()  # a flow run later in this process starts afresh
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _main(argv: list[str] | None) -> int:
    from extractors.switches import plain
    from flows.batches import OutputMismatch, format_summary
    from flows.clean import clean, dask_task_runner, runs_here
    from flows.config import DEFAULT_INPUTS, parameters_from, settings_errors, store_options_of
    from flows.inputs import InputError, discover, listed_already
    from flows.isolation import start_forkserver
    from flows.local_server import TemporaryServer, needs_temporary_server, temporary_api
    from flows.parquet_io import OutputLocked, output_in_use
    from flows.store import StoreError, as_path

    args = build_parser().parse_args(argv)
    parameters = parameters_from(args)
    parameters["inputs"] = parameters["inputs"] or list(DEFAULT_INPUTS)
    options = store_options_of(parameters["storage_options"])
    try:
        found = discover(parameters["inputs"], options)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    problems = settings_errors(parameters)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    busy = output_in_use(as_path(parameters["output"], options))
    if busy:
        print(f"error: {busy}", file=sys.stderr)
        return EXIT_OUTPUT_LOCKED
    flow_to_run = (
        clean.with_options(task_runner=dask_task_runner(args.dask_address))
        if args.dask_address
        else clean
    )
    if runs_here(flow_to_run.task_runner):
        start_forkserver()  # it loads the extraction modules while Prefect starts
    # Started now, it boots while the forkserver loads (see flows.local_server).
    # With BOILERSTRIP_PLAIN=prefect_server, Prefect starts its own on the run's first call.
    own_server = needs_temporary_server() and not plain("prefect_server")
    server = TemporaryServer() if own_server else None
    try:
        # the flow lists its inputs as just listed here
        with temporary_api(server), listed_already(parameters["inputs"], options, found):
            summary = flow_to_run(**parameters)
    except OutputLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_LOCKED
    except OutputMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_MISMATCH
    except StoreError as exc:  # an output in a store that refused this run's writes
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(format_summary(summary))
    return 0


def console() -> None:
    """The ``boilerstrip`` console script: ``main`` with the process's arguments."""
    sys.exit(main())
