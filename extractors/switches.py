"""Switches for the fast paths that lean on another library's private internals: each such
path sits in one module, and ``BOILERSTRIP_PLAIN`` turns it off for the plain path, which gives
the same answers (a test checks it) more slowly.

``BOILERSTRIP_PLAIN=all`` turns every one off, or a comma-separated list of their names does;
it is read when the modules are imported. Turn one off when an upgrade of Python, langdetect or
Prefect changes the internals it reads. ``python -m benchmarks.fast_paths`` measures what each
saves.
"""

from __future__ import annotations

import os

# The fast paths, each with the module it sits in and the internals it reads.
FAST_PATHS = {
    # chrome/keywords.py: Python's regex parser (re._parser), for a keyword prefilter
    "regex_keywords": "re._parser",
    # language.py: langdetect's detector (its n-gram and probability tables, its random draws)
    "langdetect_arrays": "langdetect.detector.Detector",
    # flows/local_server.py: the command line starts Prefect's temporary server itself, with
    # the private settings Prefect gives it, and drains Prefect's log and event workers
    "prefect_server": "prefect's temporary server settings and workers",
}
# The fast paths of cleaning a page (the others are the command line's).
PAGE_FAST_PATHS = ("regex_keywords", "langdetect_arrays")
ENV = "BOILERSTRIP_PLAIN"


def plain(name: str) -> bool:
    """Whether the fast path ``name`` is turned off."""
    if name not in FAST_PATHS:
        raise KeyError(name)
    chosen = {part.strip() for part in os.environ.get(ENV, "").split(",")}
    return "all" in chosen or name in chosen
