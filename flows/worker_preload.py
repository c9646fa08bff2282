"""Imported once by the forkserver, so every page worker forked from it starts warm.

Loading the extraction modules and langdetect's language profiles costs about half a second
of CPU; done here, a new worker (one per batch) pays nothing for it.
"""

from extractors import pipeline  # noqa: F401  (imported for its side effect: loaded modules)
from extractors.language import warm_up

warm_up()
