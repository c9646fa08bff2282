"""The one table of input formats: which file name endings hold pages, which hold containers."""

from __future__ import annotations

from extractors.record import InputFormat

# File name endings of plain pages, and the format each suggests (after a ".gz").
FORMAT_BY_SUFFIX: dict[str, InputFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
}


def format_from_name(name: str | None) -> InputFormat | None:
    """The format a file name's extension suggests, after a ".gz"."""
    if not name:
        return None
    lowered = name.lower().removesuffix(".gz")
    dot = lowered.rfind(".")
    return FORMAT_BY_SUFFIX.get(lowered[dot:]) if dot >= 0 else None
