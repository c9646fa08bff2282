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
