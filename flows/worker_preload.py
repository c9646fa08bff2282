"""Imported once by the forkserver, so every page worker forked from it starts warm.

What a process pays on its first pages (see ``extractors.pipeline.warm_up``) is paid here,
once; a new worker (one per batch slot, and one after each page that overran a limit) pays
for none of it.
"""

from extractors.pipeline import warm_up

warm_up()
