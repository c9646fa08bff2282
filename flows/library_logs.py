"""The libraries' own log records (trafilatura's "discarding data: None", its ERROR on a page
that parses to nothing) turned into DEBUG records: an ordinary reject is no warning to the
user, whose run log keeps the job's own warnings and errors alone."""

from __future__ import annotations

import logging

# The libraries the page workers call, whose records are theirs to debug, not the user's.
LIBRARIES = ("trafilatura", "htmldate", "justext", "courlan", "charset_normalizer", "langdetect")


class _Demote(logging.Filter):
    """Passes a record on as DEBUG, whatever level it was logged at (CRITICAL aside)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.CRITICAL:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


_DEMOTE = _Demote()


def demote_library_logs() -> None:
    """Put the demoting filter on the libraries' loggers, those created so far included
    (a filter acts on the logger a record is made by, not on its parents)."""
    names = [
        name for name in list(logging.root.manager.loggerDict) if name.split(".")[0] in LIBRARIES
    ]
    for name in {*LIBRARIES, *names}:
        logger = logging.getLogger(name)
        if _DEMOTE not in logger.filters:
            logger.addFilter(_DEMOTE)
