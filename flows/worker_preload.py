"""Imported once by the forkserver, so every page worker forked from it starts warm.

What a process pays on its first pages (see ``extractors.pipeline.warm_up``) is paid here,
once; a new worker (one per batch slot, and one after each page that overran a limit) pays
for none of it.
"""

import signal
import warnings

# First, before the imports that take a second or two: a terminal's Ctrl-C reaches the whole
# process group, and the forkserver, which the command stops itself, would print a traceback
# of whatever it was loading. The workers it forks ignore Ctrl-C too (``flows.isolation``).
# The command spawns it with Ctrl-C ignored already (``flows.isolation._sigint_held``).
signal.signal(signal.SIGINT, signal.SIG_IGN)

from extractors.pipeline import warm_up  # noqa: E402
from flows.library_logs import demote_library_logs  # noqa: E402

# A worker runs the command's main module again as ``__mp_main__`` (multiprocessing's rule),
# which runpy warns of when the module is already imported: the forkserver imports it too (see
# ``flows.isolation._preload``), so that the workers share its imports. The module only
# defines things, so the second run is harmless; the warning would only repeat for each worker.
warnings.filterwarnings(
    "ignore",
    message=r"'[\w.]+' found in sys\.modules after import of package",
    category=RuntimeWarning,
    module="runpy",
)

warm_up()
demote_library_logs()  # after warm_up: the libraries' loggers exist now
