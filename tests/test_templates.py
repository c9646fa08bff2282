"""Site templates: lines recurring across a site's pages go, a page's own lines stay."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.pipeline import process_page, template_keys
from extractors.record import TEMPLATE_SCHEMA, Article
from extractors.templates import learn_templates, site_of, site_templates

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
        keys = template_keys(path.read_bytes(), str(path), input_format="text")
        assert keys is not None
        pages.append(keys)
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
