"""Finding input files: paths, folders and globs."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from extractors.record import InputFormat

# File name endings of pages, and the format each suggests.
FORMAT_BY_SUFFIX: dict[str, InputFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
}
# File name endings of containers of pages; their content says what they hold.
CONTAINER_SUFFIXES = frozenset({".warc", ".arc", ".jsonl", ".ndjson"})


class InputError(ValueError):
    """An input argument that names no readable file."""


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files to read, and the files passed over in folders because of their type."""

    sources: tuple[str, ...]
    skipped: tuple[str, ...]


def format_hint(source: str) -> InputFormat | None:
    """The format a file's name suggests ("html", "text"), or None."""
    name = source.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return FORMAT_BY_SUFFIX.get(os.path.splitext(name)[1])


def is_input_name(source: str) -> bool:
    """Whether a file's name says it holds pages: a page, WARC or JSONL file, gzipped or not."""
    name = source.lower().removesuffix(".gz")
    return format_hint(source) is not None or os.path.splitext(name)[1] in CONTAINER_SUFFIXES


def _is_hidden(path: Path) -> bool:
    """Whether a path is a dot-file or a temporary file of ours."""
    return path.name.startswith(".") or path.name.endswith(".tmp")


def _from_folder(folder: Path, given: str) -> tuple[list[str], list[str]]:
    """Files under a folder, recursively: the readable ones, and the others."""
    found: list[str] = []
    skipped: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        source = os.path.join(given, str(rel))
        (found if is_input_name(source) else skipped).append(source)
    return found, skipped


def discover(inputs: list[str]) -> Discovered:
    """Expand input arguments into sorted, de-duplicated sources (paths as the user gave them).

    A file named directly is always read; in folders and globs only page and container files
    (``.html``, ``.htm``, ``.txt``, ``.warc``, ``.jsonl``, and these gzipped) are, and the
    others are reported as skipped.
    Raises ``InputError`` for an argument that matches nothing.
    """
    sources: dict[str, None] = {}
    skipped: dict[str, None] = {}
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found, passed = _from_folder(path, given)
        elif path.is_file():
            found, passed = [given], []
        else:
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                raise InputError(f"no file or folder matches {given!r}")
            found, passed = [], []
            for match in matches:
                if Path(match).is_dir():
                    sub_found, sub_passed = _from_folder(Path(match), match)
                    found += sub_found
                    passed += sub_passed
                elif not _is_hidden(Path(match)):
                    (found if is_input_name(match) else passed).append(match)
        sources.update(dict.fromkeys(found))
        skipped.update(dict.fromkeys(passed))
    return Discovered(tuple(sorted(sources)), tuple(sorted(skipped)))
