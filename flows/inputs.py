"""Finding input files: paths, matches and globs, on this machine or in an object store."""

from __future__ import annotations

import contextlib
import glob
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractors.inputs.formats import is_input_name
from flows.store import NO_OPTIONS, StoreError, StoreOptions, filesystem, is_url, local_text

# Characters that make an argument a glob.
GLOB_CHARS = frozenset("*?[")


class InputError(ValueError):
    """An input argument that names no readable file."""


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files to read, and the files passed over in matches because of their type."""

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


def _from_store(given: str, options: StoreOptions) -> tuple[list[str], list[str]]:
    """The files an object store URL names: an object, the objects under a prefix
    (recursively), or those a glob matches, as URLs; the readable ones, and the others."""
    try:
        fs, path = filesystem(given, options)
        protocol = given.split("://", 1)[0]
        if GLOB_CHARS & set(path):
            matches = sorted(fs.expand_path(path, recursive=False))
        elif fs.isfile(path):
            return [given], []
        elif fs.isdir(path):
            matches = [path]
        else:
            matches = []
        found: list[str] = []
        skipped: list[str] = []
        for match in matches:
            is_glob = match != path
            if fs.isdir(match):
                prefix = given.rstrip("/") if not is_glob else f"{protocol}://{match}"
                for name in sorted(fs.find(match)):
                    rel = name[len(match.rstrip("/")) + 1 :]
                    if not rel or any(part.startswith(".") for part in rel.split("/")):
                        continue
                    url = f"{prefix}/{rel}"
                    (found if is_input_name(url) else skipped).append(url)
            elif not match.rsplit("/", 1)[-1].startswith("."):
                url = f"{protocol}://{match}"
                (found if is_input_name(url) else skipped).append(url)
    except StoreError as exc:
        raise InputError(str(exc)) from None
    except PermissionError as exc:
        raise InputError(f"cannot list {given}: access denied ({exc})") from None
    except FileNotFoundError:
        matches, found, skipped = [], [], []
    except Exception as exc:  # the store's own errors: no such bucket, no credentials, ...
        raise InputError(f"cannot list {given}: {type(exc).__name__}: {exc}") from None
    if not found and not skipped and not matches:
        raise InputError(f"no file or folder matches {given!r}")
    return found, skipped


# The listings ``listed_already`` hands to the next ``discover`` of the same inputs and options
# (compared for equality: an option's value may be a mapping, which does not hash).
_listed: list[tuple[list[str], StoreOptions, Discovered]] = []
_listed_lock = threading.Lock()


@contextlib.contextmanager
def listed_already(inputs: list[str], options: StoreOptions, found: Discovered) -> Iterator[None]:
    """Within: the first ``discover`` of these inputs and options, in any thread, gives
    ``found`` without listing them again; later ones list afresh. The command line lists its
    inputs to refuse a run that has none, then runs the flow in the same process: a prefix of
    a million objects is listed once, not twice."""
    handed = (list(inputs), options, found)
    with _listed_lock:
        _listed.append(handed)
    try:
        yield
    finally:
        with _listed_lock:
            _listed[:] = [entry for entry in _listed if entry is not handed]


def _handed(inputs: list[str], options: StoreOptions) -> Discovered | None:
    """The listing handed over for these inputs and options, taken; None if there is none."""
    with _listed_lock:
        for at, (given, given_options, found) in enumerate(_listed):
            if given == inputs and given_options == options:
                del _listed[at]
                return found
    return None


def discover(inputs: list[str], options: StoreOptions = NO_OPTIONS) -> Discovered:
    """Expand input arguments into sorted, de-duplicated sources (paths as the user gave them).

    A file named directly is always read; in folders and globs only page and container files
    (those ``extractors.inputs.formats`` names, gzipped or not) are, and the
    others are reported as skipped.
    A URL of an object store (``s3://bucket/crawl/``) is listed in its store, opened with
    ``options``; a ``file://`` URL is a local path.
    Raises ``InputError`` for an argument that matches nothing, or a store that cannot be
    listed. Within ``listed_already``, its listing is given once instead.
    """
    handed = _handed(inputs, options)
    if handed is not None:
        return handed
    sources: dict[str, None] = {}
    skipped: dict[str, None] = {}
    for argument in inputs:
        if is_url(argument):
            found, passed = _from_store(argument, options)
            sources.update(dict.fromkeys(found))
            skipped.update(dict.fromkeys(passed))
            continue
        given = local_text(argument)
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
