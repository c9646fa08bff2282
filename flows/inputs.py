"""Finding input files: paths, folders and globs."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from extractors.inputs.formats import is_input_name


class InputError(ValueError):
    """An input argument that names no readable file."""


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files to read, and the files passed over in folders because of their type."""

    sources: tuple[str, ...]
    skipped: tuple[str, ...]


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
    (those ``extractors.inputs.formats`` names, gzipped or not) are, and the
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
