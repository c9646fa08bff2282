"""What a running ``clean`` flow shares with the command line that runs it: whether it was
interrupted, and how many of its batches are done.

Referenced as a module (``run_state.STOP``), never imported by name: the batch task may be
sent by value to a Dask worker, and a module travels by name where an ``Event`` cannot travel
at all.
"""

from __future__ import annotations

import threading

# Set when the run is interrupted (Ctrl-C, SIGTERM): the batches under way in this process
# stop at their next page and write nothing, so that only whole parts stay and a rerun
# resumes. (A Dask worker's batches run to their end.)
STOP = threading.Event()
# The batches of the current run, done and in all: what an interrupted run says it finished.
PROGRESS = {"done": 0, "batches": 0}
# Whether the command line runs the flow (``flows.cli``): there, SIGTERM stops the batches
# through STOP too (see ``flows.clean``). Under a deployment's worker, Prefect's own SIGTERM
# handler must stay in place: the worker's cancel goes through it.
COMMAND_LINE = threading.Event()
# The signals (SIGINT, SIGTERM) this process received during the run. A handler's exception
# can be lost (raised where Python only reports it, as in a finalizer): these still stop it.
SIGNALLED: list[int] = []


class Interrupted(KeyboardInterrupt):
    """The run stopped after its batches under way stopped, on a signal."""


def on_signal(signum: int) -> None:
    """Note a signal and stop the batches under way (they stop at their next page)."""
    SIGNALLED.append(signum)
    STOP.set()
