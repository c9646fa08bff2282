"""Count the cross-file calls in extractors/ that one bench page makes through process_page.

How far a reader has to jump between files to follow a page from ``process_page`` to its
record.

    python -m benchmarks.call_trace [--bench DIR] [--set NAME] [--id ID]
        [--both | --html | --text] [--style blank|newline] [--verbose]

One page (by default the first id of ``wcxb-dev-articles``) goes through ``process_page`` as
HTML with its url (``source`` ``<set>/<id>.html``), and as the whole-page text dump
``benchmarks.render`` makes of it (``<set>/<id>.<style>.txt``, no url, as
``benchmarks.text_dumps`` runs it); ``--both``, the default, traces both. Each path runs once
untraced first, so lazy imports and first-use set-ups do not count; then every cache that
remembers its arguments (``clear_line_caches`` where the project has it, and every
``functools`` cache of a function defined under ``extractors/`` that takes arguments) is
emptied, so the traced run meets its lines as a page new to the process does. The traced run
goes under ``sys.setprofile``.

Definitions:

- A *project frame* runs code of a file under the ``extractors/`` package (the package
  imported, whichever checkout it is). Methods that ``dataclasses`` and the like generate
  (``__init__`` of a record type) belong to the file that defines their class.
- A *call* is a profiler ``call`` event of a project frame, its caller the nearest project frame
  below it: library and standard-library frames in between are passed through, so a callback
  is called by the project code that handed it on. Not a call: the resumption of a generator
  (only its first run is), the run of a comprehension or generator expression (part of the
  function that holds it, which is the caller of the calls it makes), and a module body.
  A lambda is a function.
- A *cross-file call* is a call whose callee's file differs from its caller's file. The file
  that holds ``process_page`` is *visited* from the start; a file is visited once a
  cross-file call has entered it, and a cross-file call into a visited file is *back*.
- *First calls* (the figure reported first): the cross-file calls that enter a function for the
  first time from another file, in the order the page meets them; each jump a reader makes
  to a function not yet followed. *Every call* counts each cross-file call event (a helper
  called once per line counts once per line).

For each path the script prints, for first calls and for every call: the cross-file calls, the
files they touch (the start file included) and the calls back into a visited file; then how
many times each file was entered. ``--verbose`` lists the first calls in order, caller
``file:function -> callee file:function``, each with its number of call events.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FrameType, ModuleType
from typing import Any, Literal

import extractors
from benchmarks.bench_data import (
    AEB,
    DEFAULT_BENCH_DIR,
    SET_NAMES,
    WCXB,
    BenchPage,
    aeb_ids,
    load_aeb,
    load_wcxb,
    wcxb_ids,
)
from benchmarks.harness import format_table
from benchmarks.render import DumpStyle, render_dump
from extractors.pipeline import process_page

PACKAGE_DIR = Path(extractors.__file__).resolve().parent
# Code objects that run as part of the function that holds them.
COMPREHENSIONS = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"})
GENERATOR_FLAGS = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR
PATHS = ("html", "text")
# process_page's input_format, spelled here: only the entry point is imported from the package.
InputFormat = Literal["html", "text"]

# A place in the project's code: its file (relative to the package) and function.
Where = tuple[str, str]


@dataclass(frozen=True)
class Call:
    """One cross-file call: caller and callee, and the callee's code (a function's identity)."""

    caller: Where
    callee: Where
    code: CodeType


@dataclass
class Trace:
    """The cross-file calls of one traced run, the file it started in, and what it returned."""

    start: str
    calls: list[Call]
    result: str
    project_calls: int


@dataclass
class Tally:
    """Cross-file calls, files touched, calls back into a visited file, entries per file."""

    calls: int = 0
    files: int = 0
    back: int = 0
    entered: Counter[str] = field(default_factory=Counter)
    backs: list[bool] = field(default_factory=list)


@functools.cache
def _project_path(filename: str) -> str | None:
    """The path of a code file relative to the package, or None outside it."""
    if filename.startswith("<"):
        return None
    try:
        path = Path(filename).resolve()
    except OSError:
        return None
    return path.relative_to(PACKAGE_DIR).as_posix() if path.is_relative_to(PACKAGE_DIR) else None


def _function_name(code: CodeType) -> str:
    """A code object's qualified name, a comprehension folded into the function holding it."""
    parts = code.co_qualname.split(".")
    while len(parts) > 2 and parts[-1] in COMPREHENSIONS and parts[-2] == "<locals>":
        parts = parts[:-2]
    return ".".join(parts)


class _Locator:
    """Where a frame's code stands in the project, generated methods included (memoised)."""

    def __init__(self) -> None:
        self._generated: dict[CodeType, Where | None] = {}

    def __call__(self, frame: FrameType) -> Where | None:
        """The project file and function of a frame, or None for code outside the project."""
        code = frame.f_code
        path = _project_path(code.co_filename)
        if path is not None:
            return path, _function_name(code)
        if not code.co_filename.startswith("<"):
            return None
        if code not in self._generated:
            self._generated[code] = self._owner(frame)
        return self._generated[code]

    @staticmethod
    def _owner(frame: FrameType) -> Where | None:
        """The project class a generated method (no file of its own) belongs to, if any."""
        code = frame.f_code
        if code.co_argcount == 0:
            return None
        first = frame.f_locals.get(code.co_varnames[0])
        for cls in (first if isinstance(first, type) else type(first)).__mro__:
            member = cls.__dict__.get(code.co_name)
            member = getattr(member, "__func__", member)
            if getattr(member, "__code__", None) is code:
                module = sys.modules.get(cls.__module__)
                path = _project_path(getattr(module, "__file__", None) or "<unknown>")
                return None if path is None else (path, f"{cls.__qualname__}.{code.co_name}")
        return None


def _project_modules() -> Iterator[ModuleType]:
    """The loaded modules whose file lies in the package."""
    for module in list(sys.modules.values()):
        filename = getattr(module, "__file__", None)
        if filename and _project_path(filename) is not None:
            yield module


def _project_function(obj: object) -> CodeType | None:
    """The code of a function (unwrapped) defined in the package, else None."""
    if not callable(obj):
        return None
    code = getattr(inspect.unwrap(obj), "__code__", None)
    if not isinstance(code, CodeType) or _project_path(code.co_filename) is None:
        return None
    return code


def _remembers_arguments(obj: object) -> bool:
    """Whether ``obj`` is a ``functools`` cache of a project function that takes arguments
    (a cache without arguments holds a first-use set-up, a profile loaded once)."""
    code = _project_function(obj) if hasattr(obj, "cache_clear") else None
    if code is None or not hasattr(obj, "__wrapped__"):
        return False
    return code.co_argcount + code.co_kwonlyargcount > 0 or bool(
        code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS)
    )


def clear_caches() -> list[str]:
    """Empty the project's caches of arguments; the names of the functions emptied."""
    cleared: dict[int, str] = {}
    for module in _project_modules():
        clear = vars(module).get("clear_line_caches")
        if callable(clear) and id(clear) not in cleared and _project_function(clear):
            clear()
            cleared[id(clear)] = f"{module.__name__}.clear_line_caches()"
        holders: list[Mapping[str, Any]] = [vars(module)]
        holders += [vars(v) for v in vars(module).values() if isinstance(v, type)]
        for holder in holders:
            for value in holder.values():
                cached = getattr(value, "__func__", value)
                if id(cached) not in cleared and _remembers_arguments(cached):
                    cached.cache_clear()
                    cleared[id(cached)] = f"{cached.__module__}.{cached.__qualname__}"
    return sorted(cleared.values())


class _Tracer:
    """A ``sys.setprofile`` hook that records the project's cross-file calls."""

    def __init__(self) -> None:
        self.locate = _Locator()
        self.calls: list[Call] = []
        self.start: str | None = None
        self.project_calls = 0
        self._generators: dict[int, FrameType] = {}  # held, so that no id is reused

    def __call__(self, frame: FrameType, event: str, arg: object) -> None:
        """Record a ``call`` event of a project frame."""
        if event != "call":
            return
        callee = self.locate(frame)
        code = frame.f_code
        if callee is None or code.co_name in COMPREHENSIONS or code.co_name == "<module>":
            return
        if code.co_flags & GENERATOR_FLAGS:
            if id(frame) in self._generators:
                return  # a resumption
            self._generators[id(frame)] = frame
        self.project_calls += 1
        caller = self._caller(frame.f_back)
        if caller is None:
            self.start = self.start or callee[0]
        elif caller[0] != callee[0]:
            self.calls.append(Call(caller, callee, code))

    def _caller(self, frame: FrameType | None) -> Where | None:
        """The nearest project frame from ``frame`` down the stack."""
        while frame is not None:
            where = self.locate(frame)
            if where is not None:
                return where
            frame = frame.f_back
        return None


def trace_call(run: Callable[[], object]) -> Trace:
    """The cross-file calls of ``run()`` under the profiler."""
    tracer = _Tracer()
    previous = sys.getprofile()
    sys.setprofile(tracer)
    try:
        result = run()
    finally:
        sys.setprofile(previous)
    return Trace(
        start=tracer.start or "?",
        calls=tracer.calls,
        result=type(result).__name__,
        project_calls=tracer.project_calls,
    )


def first_calls(calls: Sequence[Call]) -> list[Call]:
    """The calls that enter their callee for the first time from another file, in order."""
    seen: set[CodeType] = set()
    first: list[Call] = []
    for call in calls:
        if call.code not in seen:
            seen.add(call.code)
            first.append(call)
    return first


def tally(start: str, calls: Sequence[Call]) -> Tally:
    """Count calls, files and calls back into a file visited before (the start file is)."""
    visited = {start}
    files = {start}
    result = Tally(calls=len(calls))
    for call in calls:
        back = call.callee[0] in visited
        result.backs.append(back)
        result.back += back
        result.entered[call.callee[0]] += 1
        visited.add(call.callee[0])
        files.update((call.caller[0], call.callee[0]))
    result.files = len(files)
    return result


def load_page(set_name: str, bench_dir: Path, page_id: str | None) -> BenchPage:
    """One bench page: the given id, or the set's first."""
    ids, load = {AEB: (aeb_ids, load_aeb), WCXB: (wcxb_ids, load_wcxb)}[set_name]
    known = ids(bench_dir)
    if not known:
        raise SystemExit(f"no pages in {bench_dir / set_name}")
    if page_id is None:
        page_id = known[0]
    elif page_id not in known:
        raise SystemExit(f"no page {page_id!r} in {set_name}")
    return next(load(bench_dir, [page_id]))


def page_input(
    page: BenchPage, path: str, style: DumpStyle
) -> tuple[bytes, str, InputFormat, str | None]:
    """The ``process_page`` arguments of one path: raw bytes, source, format and url."""
    if path == "html":
        return page.html, f"{page.set_name}/{page.id}.html", "html", page.url
    dump = render_dump(page.html, style).encode("utf-8")
    return dump, f"{page.set_name}/{page.id}.{style.value}.txt", "text", None


def trace_page(page: BenchPage, path: str, style: DumpStyle) -> tuple[str, Trace, list[str]]:
    """Warm up, empty the caches and trace one path of a page: its source, trace and the
    caches emptied."""
    raw, source, input_format, url = page_input(page, path, style)

    def run() -> object:
        return process_page(raw, source, input_format=input_format, url=url)

    run()  # lazy imports and first-use set-ups
    cleared = clear_caches()
    return source, trace_call(run), cleared


def report(source: str, trace: Trace, cleared: Sequence[str], verbose: bool) -> str:
    """The figures of one traced path as text."""
    first = first_calls(trace.calls)
    by_first, by_every = tally(trace.start, first), tally(trace.start, trace.calls)
    lines = [
        f"{source}: {trace.result}; {trace.project_calls} calls of project code, "
        f"{len(trace.calls)} of them cross-file; started in {trace.start}",
        format_table(
            ("counted", "cross-file calls", "files", "back into a visited file"),
            [
                ("first calls", by_first.calls, by_first.files, by_first.back),
                ("every call", by_every.calls, by_every.files, by_every.back),
            ],
        ),
        "",
        format_table(
            ("file", "entered (first calls)", "entered (every call)"),
            [
                (f"{name} (start)" if name == trace.start else name, by_first.entered[name], n)
                for name, n in sorted(
                    {trace.start: 0, **by_every.entered}.items(),
                    key=lambda item: (-item[1], item[0]),
                )
            ],
        ),
    ]
    if verbose:
        events = Counter(call.code for call in trace.calls)
        lines += ["", "first calls, in order:"]
        for n, (call, back) in enumerate(zip(first, by_first.backs, strict=True), 1):
            lines.append(
                f"{n:4} {'back' if back else 'new '} {':'.join(call.caller)} -> "
                f"{':'.join(call.callee)}  x{events[call.code]}"
            )
        lines += ["", "caches emptied before the traced run: " + (", ".join(cleared) or "none")]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: trace one page through ``process_page`` and print its cross-file calls."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bench", type=Path, default=DEFAULT_BENCH_DIR, help="benchmark data directory"
    )
    parser.add_argument("--set", default=WCXB, choices=SET_NAMES, help="benchmark set")
    parser.add_argument("--id", default=None, help="page id (default: the set's first)")
    paths = parser.add_mutually_exclusive_group()
    paths.add_argument(
        "--both", dest="paths", action="store_const", const=PATHS, help="HTML and text (default)"
    )
    paths.add_argument(
        "--html", dest="paths", action="store_const", const=("html",), help="the HTML only"
    )
    paths.add_argument(
        "--text", dest="paths", action="store_const", const=("text",), help="the text dump only"
    )
    parser.add_argument(
        "--style",
        default=DumpStyle.BLANK_LINE.value,
        choices=[style.value for style in DumpStyle],
        help="how the text dump separates blocks",
    )
    parser.add_argument("--verbose", action="store_true", help="list the first calls in order")
    args = parser.parse_args(argv)
    page = load_page(args.set, args.bench, args.id)
    print(f"package traced: {PACKAGE_DIR}")
    for path in args.paths or PATHS:
        print()
        print(report(*trace_page(page, path, DumpStyle(args.style)), verbose=args.verbose))


if __name__ == "__main__":
    main()
