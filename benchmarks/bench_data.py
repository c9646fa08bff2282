"""Loaders for the shared benchmark sets (layout: ``../shared/bench/README.md``).

Three sets are read, never copied into the project:

- ``aeb``: Scrapinghub's article-extraction-benchmark, 181 pages
  (``html/<id>.html.gz`` plus ``ground-truth.json`` ``{id: {articleBody, url}}``).
- ``wcxb-dev-articles``: WCXB (Web Content eXtraction Benchmark, Murrough Foley, 2026,
  CC-BY-4.0), development split, article pages only, 711 pages
  (``html/<id>.html.gz``, ``ground-truth/<id>.json``, ``pages.json``).
- ``htmldate-mediacloud``: htmldate's evaluation pages (Adrien Barbaresi, Apache-2.0), 200
  news pages of 2020 with their publication day only, no article text
  (``html/<id>.html.gz`` plus ``ground-truth.json`` ``{id: {url, date}}``; the date is
  ``"YYYY-MM-DD"``, or NaN on 5 pages whose authors annotated none).

The text sets are ``SET_NAMES``; the sets annotated with a publication date, ``DATE_SET_NAMES``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_BENCH_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench"
AEB = "aeb"
WCXB = "wcxb-dev-articles"
MEDIACLOUD = "htmldate-mediacloud"
SET_NAMES = (AEB, WCXB)  # the sets with a true article text
DATE_SET_NAMES = (WCXB, MEDIACLOUD)  # the sets with a true publication date
SAMPLE_SIZE = 30  # pages per set in a sampled run: 60 in all, a couple of seconds each


@dataclass(frozen=True)
class BenchPage:
    """One benchmark page with its ground truth; metadata fields are None when not annotated."""

    set_name: str
    id: str
    html: bytes
    true_text: str
    url: str | None = None
    title: str | None = None
    author: str | None = None  # raw annotation, possibly several names: see metrics.split_names
    published: str | None = None  # "YYYY-MM-DD" (rarely "YYYY-MM")
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    domain: str | None = None


def sample_ids(ids: Sequence[str], size: int = SAMPLE_SIZE) -> list[str]:
    """Pick ``size`` ids evenly spaced over the sorted ids: the same pages on every run."""
    ordered = sorted(ids)
    if size >= len(ordered):
        return ordered
    step = len(ordered) / size
    return [ordered[int(i * step)] for i in range(size)]


def select_ids(ids: Sequence[str], *, sample: bool = False, limit: int | None = None) -> list[str]:
    """Sorted ids, optionally the fixed sample, then optionally the first ``limit`` of them."""
    chosen = sample_ids(ids) if sample else sorted(ids)
    return chosen[:limit] if limit is not None else chosen


def _read_json(path: Path) -> Any:
    """Parse one UTF-8 JSON file."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _read_html(set_dir: Path, page_id: str) -> bytes:
    """Raw (decompressed) HTML bytes of one page."""
    return gzip.decompress((set_dir / "html" / f"{page_id}.html.gz").read_bytes())


def _text_or_none(value: object) -> str | None:
    """A stripped non-empty string, else None (annotations use null or "" for unknown)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def aeb_ids(bench_dir: Path = DEFAULT_BENCH_DIR) -> list[str]:
    """All page ids of the aeb set, sorted."""
    return sorted(_read_json(bench_dir / AEB / "ground-truth.json"))


def wcxb_ids(bench_dir: Path = DEFAULT_BENCH_DIR) -> list[str]:
    """All page ids of the wcxb-dev-articles set, sorted."""
    return sorted(path.stem for path in (bench_dir / WCXB / "ground-truth").glob("*.json"))


def mediacloud_ids(bench_dir: Path = DEFAULT_BENCH_DIR) -> list[str]:
    """All page ids of the htmldate-mediacloud set, sorted."""
    return sorted(_read_json(bench_dir / MEDIACLOUD / "ground-truth.json"))


def load_aeb(
    bench_dir: Path = DEFAULT_BENCH_DIR, ids: Sequence[str] | None = None
) -> Iterator[BenchPage]:
    """Yield aeb pages (all, or the given ids in that order)."""
    set_dir = bench_dir / AEB
    truth = _read_json(set_dir / "ground-truth.json")
    for page_id in ids if ids is not None else sorted(truth):
        entry = truth[page_id]
        yield BenchPage(
            set_name=AEB,
            id=page_id,
            html=_read_html(set_dir, page_id),
            true_text=entry.get("articleBody") or "",
            url=_text_or_none(entry.get("url")),
        )


def _wcxb_page(set_dir: Path, page_id: str, domains: dict[str, Any]) -> BenchPage:
    """Build one wcxb page from its ground-truth file."""
    record = _read_json(set_dir / "ground-truth" / f"{page_id}.json")
    truth = record.get("ground_truth", {})
    return BenchPage(
        set_name=WCXB,
        id=page_id,
        html=_read_html(set_dir, page_id),
        true_text=truth.get("main_content") or "",
        url=_text_or_none(record.get("url")),
        title=_text_or_none(truth.get("title")),
        author=_text_or_none(truth.get("author")),
        published=_text_or_none(truth.get("publish_date")),
        with_snippets=tuple(truth.get("with") or ()),
        without_snippets=tuple(truth.get("without") or ()),
        domain=domains.get(page_id, {}).get("domain"),
    )


def load_wcxb(
    bench_dir: Path = DEFAULT_BENCH_DIR, ids: Sequence[str] | None = None
) -> Iterator[BenchPage]:
    """Yield wcxb-dev-articles pages (all, or the given ids in that order)."""
    set_dir = bench_dir / WCXB
    domains = _read_json(set_dir / "pages.json")
    for page_id in ids if ids is not None else wcxb_ids(bench_dir):
        yield _wcxb_page(set_dir, page_id, domains)


def load_mediacloud(
    bench_dir: Path = DEFAULT_BENCH_DIR, ids: Sequence[str] | None = None
) -> Iterator[BenchPage]:
    """Yield htmldate-mediacloud pages (all, or the given ids in that order): the url and the
    publication day, no true text; an unannotated day (NaN in the file) is None."""
    set_dir = bench_dir / MEDIACLOUD
    truth = _read_json(set_dir / "ground-truth.json")
    for page_id in ids if ids is not None else sorted(truth):
        entry = truth[page_id]
        yield BenchPage(
            set_name=MEDIACLOUD,
            id=page_id,
            html=_read_html(set_dir, page_id),
            true_text="",
            url=_text_or_none(entry.get("url")),
            published=_text_or_none(entry.get("date")),
        )


def load_set(
    set_name: str,
    bench_dir: Path = DEFAULT_BENCH_DIR,
    *,
    sample: bool = False,
    limit: int | None = None,
) -> list[BenchPage]:
    """Load one set by name, optionally only the fixed sample and/or the first ``limit`` pages."""
    if set_name == AEB:
        return list(load_aeb(bench_dir, select_ids(aeb_ids(bench_dir), sample=sample, limit=limit)))
    if set_name == WCXB:
        return list(
            load_wcxb(bench_dir, select_ids(wcxb_ids(bench_dir), sample=sample, limit=limit))
        )
    if set_name == MEDIACLOUD:
        return list(
            load_mediacloud(
                bench_dir, select_ids(mediacloud_ids(bench_dir), sample=sample, limit=limit)
            )
        )
    known = (*SET_NAMES, MEDIACLOUD)
    raise ValueError(f"unknown benchmark set {set_name!r}; expected one of {known}")
