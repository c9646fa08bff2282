"""Imported once by the forkserver, so every page worker forked from it starts warm.

Loading the extraction modules and langdetect's language profiles costs about half a second
of CPU, and the first HTML page cleaned in a process about 0.2 s more (the lazy imports and
set-up of trafilatura and its helpers); done here, once, a new worker (one per batch slot,
and one after each page that overran a limit) pays for neither.
"""

from datetime import UTC, datetime

from extractors.language import warm_up
from extractors.pipeline import process_page

warm_up()
_SENTENCE = b"The council met on Tuesday and voted to keep the old bridge open for a year. "
process_page(
    b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1><p>"
    + _SENTENCE * 8
    + b"</p></article></body></html>",
    "warm-up.html",
    input_format="html",
    processed_at=datetime(2000, 1, 1, tzinfo=UTC),
)
# A page with little text: trafilatura falls back on jusText, whose stoplists load then.
process_page(
    b"<html><body><div><p>" + _SENTENCE + b"</p></div></body></html>",
    "warm-up-short.html",
    input_format="html",
    processed_at=datetime(2000, 1, 1, tzinfo=UTC),
)
process_page(_SENTENCE * 8, "warm-up.txt", input_format="text")
