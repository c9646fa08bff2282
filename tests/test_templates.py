"""Site templates: lines recurring across a site's pages go, a page's own lines stay."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH
from extractors.inputs.containers import iter_records
from extractors.pipeline import TemplatePage, learn_templates, process_page, template_page
from extractors.record import (
    TEMPLATE_SCHEMA,
    Article,
    TemplateLine,
    template_lines,
    templates_table,
)
from extractors.text.layout import dump_blocks
from extractors.text.templates import (
    MIN_SITE_PAGES,
    MIN_TEMPLATE_SHARE,
    LineTally,
    TemplateLearner,
    line_key,
    min_template_pages,
    page_lines,
    site_of,
    site_templates,
)

# A footer no chrome rule knows, one line of it shaped like prose: only recurrence gives it away.
FOOTER_PROSE = (
    "The Courier has served the valley since 1901 and is owned by the people who read it."
)
FOOTER = [FOOTER_PROSE, "Riverton Courier", "12 Main Street, Riverton", "Tips line 555 0100 ext 4"]
PULL_QUOTE = "“A city is only as strong as its bridges,” the mayor said at every opening."
STORIES = [
    (
        "Bridge closes for repairs",
        "The old river bridge will close to traffic for eighteen months from March, transport "
        "officials said on Monday, after inspectors found corrosion in its steel supports.",
        "Commuters will be sent over two other crossings, which officials expect to add about "
        "fifteen minutes to the average morning trip into the city centre.",
    ),
    (
        "Library extends its hours",
        "The central library will stay open until ten at night on weekdays from next month, "
        "the council said, after a survey found students had nowhere quiet to work.",
        "The longer hours will cost about two hundred thousand dollars a year and will be paid "
        "for by a grant from a local foundation, according to the library's director.",
    ),
    (
        "Ferry fares to rise in spring",
        "Ferry fares across the bay will rise by ten percent in April, the operator announced "
        "on Thursday, blaming higher fuel prices and the cost of a new vessel.",
        "Passenger groups said the increase would hurt workers who commute from the islands "
        "every day, and called on the state to step in with a subsidy.",
    ),
    (
        "New school opens in the east",
        "A new primary school opened its doors in the east of the city on Tuesday, the first "
        "to be built in the district for more than thirty years, officials said.",
        "The school has places for four hundred pupils and was designed to use a fraction of "
        "the energy of older buildings, according to the architects who drew it up.",
    ),
]


def _dump(n: int, *, unique: str | None = None) -> str:
    title, first, second = STORIES[n]
    lines = [title, first, PULL_QUOTE, second]
    if unique:
        lines.append(unique)
    return "\n\n".join([*lines, *FOOTER]) + "\n"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "courier"
    folder.mkdir()
    for n in range(len(STORIES)):
        unique = "Correction: an earlier version misstated the date." if n == 0 else None
        (folder / f"{n}.txt").write_text(_dump(n, unique=unique))
    return folder


def _learn(folder: Path) -> dict[str, frozenset[str]]:
    pages = []
    for path in sorted(folder.glob("*.txt")):
        page = template_page(path.read_bytes(), str(path), input_format="text")
        assert page is not None
        pages.append(page)
    return site_templates(learn_templates(pages))


def test_a_footer_no_rule_knows_goes_once_the_template_is_learned(site: Path) -> None:
    templates = _learn(site)
    path = site / "1.txt"
    without = process_page(path.read_bytes(), str(path), input_format="text")
    with_template = process_page(
        path.read_bytes(), str(path), input_format="text", templates=templates
    )
    assert isinstance(without, Article) and isinstance(with_template, Article)
    assert FOOTER_PROSE in without.text
    for line in FOOTER:
        assert line not in with_template.text
        assert ("site_template", line) in [(r.kind, r.text) for r in with_template.removed]


def test_copies_of_one_page_do_not_make_its_text_a_template(site: Path) -> None:
    # the same story dumped more times than the site has other pages: counted as one page,
    # its lines stand on one page of the site, not on most of them
    copies = [site / f"copy{n}.txt" for n in range(len(STORIES) + 2)]
    for path in copies:
        path.write_text(_dump(1))
    templates = _learn(site)
    for path in [site / "1.txt", *copies]:
        article = process_page(
            path.read_bytes(), str(path), input_format="text", templates=templates
        )
        assert isinstance(article, Article), path.name
        assert STORIES[1][1] in article.text and STORIES[1][2] in article.text
        assert FOOTER_PROSE not in article.text  # the site's template is still learned


def test_a_line_on_one_page_only_is_kept(site: Path) -> None:
    templates = _learn(site)
    path = site / "0.txt"
    article = process_page(path.read_bytes(), str(path), input_format="text", templates=templates)
    assert isinstance(article, Article)
    assert "Correction: an earlier version misstated the date." in article.text


def test_a_line_every_page_quotes_in_its_text_is_kept(site: Path) -> None:
    templates = _learn(site)
    assert len(templates[site_of(str(site / "0.txt"), None)]) >= len(FOOTER)
    for n in range(len(STORIES)):
        path = site / f"{n}.txt"
        article = process_page(
            path.read_bytes(), str(path), input_format="text", templates=templates
        )
        assert isinstance(article, Article)
        assert PULL_QUOTE in article.text
        assert STORIES[n][1] in article.text and STORIES[n][2] in article.text


def test_too_few_pages_learn_nothing(site: Path) -> None:
    for path in sorted(site.glob("*.txt"))[2:]:
        path.unlink()
    assert _learn(site) == {}


def test_site_is_the_host_or_else_the_folder() -> None:
    assert site_of("dumps/a/1.txt", "https://www.example.com/x") == "example.com"
    assert site_of("dumps/a/1.txt", None) == "dumps/a"


def test_the_flow_keeps_every_copy_of_a_page_dumped_many_times(
    site: Path, tmp_path: Path, prefect_harness: str
) -> None:
    from flows.clean import clean

    for n in range(len(STORIES) + 2):
        (site / f"copy{n}.txt").write_text(_dump(1))
    out = tmp_path / "out"
    summary = clean(inputs=[str(site)], output=str(out))
    assert (summary["articles"], summary["rejects"]) == (2 * len(STORIES) + 2, {})
    articles = pq.read_table(next((out / "articles").glob("*.parquet"))).to_pylist()
    copies = [a for a in articles if Path(a["source"]).name.startswith("copy")]
    assert len(copies) == len(STORIES) + 2
    assert all(STORIES[1][1] in a["text"] for a in copies)


def test_the_flow_writes_templates_and_reuses_them(
    site: Path, tmp_path: Path, prefect_harness: str
) -> None:
    from flows.clean import clean

    out = tmp_path / "out"
    summary = clean(inputs=[str(site)], output=str(out))
    assert summary["articles"] == len(STORIES)
    table = pq.read_table(next((out / "templates").glob("*.parquet")))
    assert table.schema.equals(TEMPLATE_SCHEMA, check_metadata=False)
    texts = set(table.column("line_text").to_pylist())
    assert set(FOOTER) <= texts
    articles = pq.read_table(next((out / "articles").glob("*.parquet"))).to_pylist()
    assert all(FOOTER_PROSE not in a["text"] for a in articles)

    # One new page of the same site: too few to learn from, but the saved template applies.
    later = tmp_path / "later" / "courier"
    later.mkdir(parents=True)
    (later / "9.txt").write_text(_dump(2))
    site_name = site_of(str(site / "0.txt"), None)
    saved = pq.read_table(next((out / "templates").glob("*.parquet"))).to_pylist()
    # The new page lives in another folder: rename its site to the saved one for the test.
    rows = [dict(r, site=str(later)) for r in saved if r["site"] == site_name]
    import pyarrow as pa

    from flows.parquet_io import write_part

    write_part(pa.Table.from_pylist(rows, schema=TEMPLATE_SCHEMA), tmp_path / "saved.parquet")
    out2 = tmp_path / "out2"
    clean(inputs=[str(later)], output=str(out2), templates=str(tmp_path / "saved.parquet"))
    (article,) = pq.read_table(next((out2 / "articles").glob("*.parquet"))).to_pylist()
    assert FOOTER_PROSE not in article["text"]
    assert PULL_QUOTE in article["text"]


# --- learning in bounded memory gives the templates of counting every line ----------------------


def _counting_every_line(pages: Iterable[TemplatePage]) -> list[TemplateLine]:
    """The reference: every distinct line of every page counted at once, per site, with the
    first spelling met; the learner must give exactly these rows."""
    page_count: Counter[str] = Counter()
    line_count: dict[str, Counter[str]] = defaultdict(Counter)
    texts: dict[tuple[str, str], str] = {}
    for page in pages:
        keys: dict[str, str] = {}
        for block in dump_blocks(page.text).blocks:
            keys.setdefault(line_key(block), block)
        page_count[page.site] += 1
        line_count[page.site].update(keys.keys())
        for key, text in keys.items():
            texts.setdefault((page.site, key), text)
    lines = []
    for site in sorted(page_count):
        total = page_count[site]
        if total < MIN_SITE_PAGES:
            continue
        for key, count in sorted(line_count[site].items()):
            share = count / total
            if count >= 2 and share >= MIN_TEMPLATE_SHARE:
                lines.append(TemplateLine(site, key, texts[(site, key)], share, total))
    return lines


def _learn_in_passes(
    pages: list[TemplatePage], bound: float = 1.0
) -> tuple[list[TemplateLine], int, int]:
    """The learner over ``pages`` (line bounds scaled by ``bound``): its templates, the reads
    it made and the most lines it held at once."""
    learner = TemplateLearner()
    for page in pages:
        learner.count_page(page.site, int(page.line_bound * bound))
    most = 0
    while sites := learner.next_pass():
        for page in pages:
            if page.site in sites:
                learner.read_page(page.site, page.lines())
                most = max(most, learner.lines_held)
    return learner.templates(), learner.passes, most


def _sites_corpus(seed: int) -> list[TemplatePage]:
    """Dumps of eight sites of 1 to 60 pages, interleaved. Each site has template candidates
    standing on about 20 % to 100 % of its pages (some at the 50 % edge), spelt in two cases;
    every page has its own lines; and a footer starts halfway through each site's pages, so
    that it first comes once the site's tally is full."""
    rng = random.Random(seed)
    pages: list[TemplatePage] = []
    for s, size in enumerate((1, 2, 3, 4, 5, 8, 13, 60)):
        site = f"site{s}.example"
        candidates = [
            (f"Menu item {j} of site {s}", rng.choice((0.2, 0.45, 0.5, 0.55, 0.8, 1.0)))
            for j in range(12)
        ]
        for n in range(size):
            lines = [
                text.upper() if rng.random() < 0.3 else text
                for text, share in candidates
                if rng.random() < share
            ]
            lines += [f"Story {s}.{n}, paragraph {k}." for k in range(rng.randint(5, 40))]
            if n >= size // 2:
                lines.append(f"Site {s} moved to a new address.")
            rng.shuffle(lines)
            pages.append(TemplatePage(site, "\n\n".join(lines) + "\n"))
    rng.shuffle(pages)
    return pages


@pytest.mark.parametrize("seed", range(12))
def test_the_learner_gives_the_templates_of_counting_every_line(seed: int) -> None:
    pages = _sites_corpus(seed)
    learned, _, _ = _learn_in_passes(pages)
    assert learned == _counting_every_line(pages)
    assert learn_templates(pages) == learned
    assert {t.site for t in learned} >= {"site4.example", "site7.example"}


def test_a_footer_first_met_once_the_tally_is_full_is_recounted() -> None:
    pages = _sites_corpus(0)
    learned, passes, _ = _learn_in_passes(pages)
    assert passes == 3
    footer = [t for t in learned if t.line_text == "Site 7 moved to a new address."]
    assert [(t.share, t.pages) for t in footer] == [(0.5, 60)]


def test_a_line_bound_too_low_costs_a_pass_not_a_template() -> None:
    pages = _sites_corpus(1)
    learned, passes, _ = _learn_in_passes(pages, bound=0.05)
    assert learned == _counting_every_line(pages)
    assert passes == 4


def test_memory_is_bounded_by_the_lines_of_a_page_not_the_pages_of_a_site() -> None:
    def site(size: int) -> list[TemplatePage]:
        footer = ["Home", "World", "Sport", "© The Example Times", "Contact us"]
        return [
            TemplatePage("example.com", "\n".join([*footer, *(f"Line {n}.{k}" for k in range(20))]))
            for n in range(size)
        ]

    small, passes_small, held_small = _learn_in_passes(site(40))
    large, passes_large, held_large = _learn_in_passes(site(2000))
    assert [t.line_text for t in small] == [t.line_text for t in large]
    assert {t.line_text for t in large} == {
        "Home",
        "World",
        "Sport",
        "© The Example Times",
        "Contact us",
    }
    assert passes_small == passes_large == 2
    # A page has 25 lines, and a template line needs half the pages: room for about 50 lines.
    assert held_large == held_small <= 2 * 26 + 1


@pytest.fixture(scope="module")
def bench_dumps() -> list[str]:
    """The first 200 benchmark pages of each set rendered as text dumps, the two dump styles
    alternating."""
    if not BENCH.is_dir():
        pytest.skip(f"benchmark pages not found at {BENCH}")
    from benchmarks.bench_data import SET_NAMES, load_set
    from benchmarks.render import DumpStyle, render_dump

    pages = [p for name in SET_NAMES for p in load_set(name, BENCH)[:200]]
    styles = (DumpStyle.BLANK_LINE, DumpStyle.NEWLINE)
    return [render_dump(p.html, styles[i % 2]) for i, p in enumerate(pages)]


def test_bench_dumps_spread_over_sites_learn_the_templates_of_counting_every_line(
    bench_dumps: list[str],
) -> None:
    # Six sites, each dressing its pages in the first and last ten lines of one of them (each
    # line kept on seven pages in ten), beside every page's own chrome and prose.
    rng = random.Random(7)
    sites = [f"site{s}.example" for s in range(6)]
    chrome = {site: bench_dumps[s].strip().splitlines() for s, site in enumerate(sites)}
    pages = []
    for n, dump in enumerate(bench_dumps):
        site = sites[rng.randrange(len(sites))] if n % 5 else sites[n % len(sites)]
        head, tail = chrome[site][:10], chrome[site][-10:]
        kept = [line for line in [*head, "", dump, "", *tail] if rng.random() < 0.7 or not line]
        pages.append(TemplatePage(site, "\n".join(kept)))
    learned, _, held = _learn_in_passes(pages)
    assert learned == _counting_every_line(pages)
    assert len({t.site for t in learned}) == len(sites)
    assert held < sum(len(page.lines()) for page in pages) / 10


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "one\r\ntwo\r\n\r\nthree\rfour\n\n\nfour",
        "a\r\n\nb\n \n\u00a0\nc",
        "no newline at all",
    ],
)
def test_a_line_bound_is_at_least_the_distinct_blocks_of_a_dump(text: str) -> None:
    page = TemplatePage("example.com", text)
    assert page.line_bound >= len(page.lines())


def test_a_line_bound_is_at_least_the_distinct_blocks_of_bench_dumps(
    bench_dumps: list[str],
) -> None:
    for text in bench_dumps:
        page = TemplatePage("example.com", text)
        assert page.line_bound >= len(page.lines())


def test_line_keys_are_the_hashes_templates_were_written_with() -> None:
    for block in ("Riverton Courier", "  © 2024 — All Rights Reserved!  ", "Ünïcode"):
        folded = re.sub(r"\W+", " ", block.casefold()).strip()
        expected = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()
        assert line_key(block) == expected
    assert page_lines(["Home", "HOME", "", "News"]) == {
        int(line_key("Home"), 16): "Home",
        int(line_key("News"), 16): "News",
    }


@pytest.mark.parametrize("pages", [*range(1, 40), 101, 1000, 1001])
def test_min_template_pages_is_the_fewest_pages_that_pass(pages: int) -> None:
    passing = [c for c in range(pages + 1) if c >= 2 and c / pages >= MIN_TEMPLATE_SHARE]
    assert min_template_pages(pages) == (passing[0] if passing else pages + 1)


# --- the tally ---------------------------------------------------------------------------------


def test_a_tally_counts_exactly_until_it_is_full() -> None:
    tally = LineTally(3)
    for page in (["a", "b"], ["a", "c"], ["a"]):
        for text in page:
            tally.add(ord(text), text)
    assert sorted(tally.entries()) == [(97, 3, 0, "a"), (98, 1, 0, "b"), (99, 1, 0, "c")]
    assert tally.unheld_max == 1 and len(tally) == 3
    tally.add(ord("d"), "d")  # full: "d" takes the place of "b", the oldest of the lowest
    assert sorted(tally.entries()) == [(97, 3, 0, "a"), (99, 1, 0, "c"), (100, 2, 1, None)]
    assert tally.unheld_max == 1 and tally.seen == 6


@pytest.mark.parametrize("seed", range(5))
def test_a_tally_holds_at_most_its_capacity_and_bounds_every_count(seed: int) -> None:
    rng = random.Random(seed)
    tally = LineTally(25)
    true: Counter[int] = Counter()
    first: dict[int, str] = {}
    for n in range(300):
        # A few lines on most pages, many on some, and lines of the page's own.
        page = {k for k in range(8) if rng.random() < 0.9 - k / 10}
        page |= {rng.randrange(8, 60) for _ in range(6)}
        page |= {1000 + 10 * n + k for k in range(rng.randrange(10))}
        spelling = "upper" if n % 2 else "lower"
        for digest in sorted(page):
            tally.add(digest, f"{digest} {spelling}")
            first.setdefault(digest, f"{digest} {spelling}")
            true[digest] += 1
        assert len(tally) <= 25
    held = {digest: (count, error, text) for digest, count, error, text in tally.entries()}
    assert tally.seen == sum(true.values()) == sum(count for count, _, _ in held.values())
    assert tally.unheld_max <= tally.seen / 25
    for digest, seen in true.items():
        if digest not in held:
            assert seen <= tally.unheld_max
            continue
        count, error, text = held[digest]
        assert count - error <= seen <= count
        if error == 0:
            assert seen == count and text == first[digest]
    # What sizes a learner's tallies: a line on more than seen / capacity pages is held.
    frequent = {digest for digest, seen in true.items() if seen > tally.seen / 25}
    assert frequent and frequent <= held.keys()


# --- the flow ----------------------------------------------------------------------------------


def test_the_flow_learns_the_templates_of_counting_every_line(
    tmp_path: Path, prefect_harness: str
) -> None:
    from flows.clean import clean
    from flows.inputs import discover

    corpus = _sites_corpus(3)
    inputs = tmp_path / "in"
    # Folder sites (their files in one folder), and url sites: some in a JSONL file, the rest
    # in text files with a crawler header, across folders.
    records = []
    for n, page in enumerate(corpus):
        host = page.site
        if host in ("site5.example", "site6.example"):
            folder = inputs / host.split(".")[0]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{n:03d}.txt").write_text(page.text)
        elif n % 3:
            records.append({"url": f"https://www.{host}/story/{n}", "text": page.text})
        else:
            folder = inputs / f"folder{n % 4}"
            folder.mkdir(parents=True, exist_ok=True)
            header = f"url https://{host}/story/{n}\n"
            (folder / f"{n:03d}.txt").write_text(header + page.text)
    (inputs / "crawl.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")

    out = tmp_path / "out"
    clean(inputs=[str(inputs)], output=str(out))
    table = pq.read_table(next((out / "templates").glob("*.parquet")))
    rows = template_lines(table)

    pages = []
    for source in discover([str(inputs)]).sources:
        with open(source, "rb") as stream:
            for record in iter_records(stream, source, max_page_bytes=2**26, name_hint=source):
                page = template_page(
                    record.raw, record.source, input_format=record.format_hint, url=record.url
                )
                assert page is not None
                pages.append(page)
    # Written as the schema has it (the share as a float32).
    assert rows == template_lines(templates_table(_counting_every_line(pages)))
    assert {t.site for t in rows} >= {str(inputs / "site6"), "site7.example"}


def test_the_first_pass_reads_text_dumps_and_containers_not_html_pages(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    import flows.clean as clean_flow
    from flows.config import build_config

    (site / "page.html").write_text("<html><body><p>A page.</p></body></html>")
    (site / "pages.jsonl").write_text(json.dumps({"url": "https://x.example/a", "html": "<p/>"}))
    read: list[str] = []
    real_read = clean_flow._first_read

    def first_read(source: str, *args: object) -> tuple[int, set[str]]:
        read.append(Path(source).name)
        return real_read(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(clean_flow, "_first_read", first_read)
    monkeypatch.setattr(clean_flow, "get_run_logger", lambda: logging.getLogger("test"))
    sources = sorted(str(p) for p in site.iterdir())
    config = build_config({"inputs": [str(site)], "output": str(tmp_path / "out")})
    found = clean_flow.first_pass.fn(sources, config)
    assert "page.html" not in read  # an HTML page teaches no template and has one record
    assert "pages.jsonl" in read and "0.txt" in read
    assert found.templates_path is not None  # the text dumps' footer is learned still
