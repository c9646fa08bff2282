"""The HTML path: trafilatura's text and metadata, then the text path's chrome and repairs."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from lxml.html import HtmlElement

from benchmarks.bench_data import DEFAULT_BENCH_DIR as BENCH
from extractors.html import extract as html_path
from extractors.html.extract import parse_page
from extractors.meta.people import clean_authors
from extractors.pipeline import process_page
from extractors.record import Article
from extractors.text.blocks import normalize_block

PARAGRAPHS = [
    "The city of Riverton will close its oldest bridge to traffic for eighteen months starting "
    "in March, transport officials said on Monday, after inspectors found corrosion in its steel.",
    "Commuters will be sent over two other crossings, which officials expect to add fifteen "
    "minutes to the average morning trip into the city centre.",
    "“We did not take this decision lightly,” said the city's chief engineer, adding that the "
    "repairs would cost about $60 million and be paid for by a state grant.",
    "Residents can sign up for text alerts about the closure on the city's website, the "
    "transport department said.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Riverton to close old bridge for 18 months | The Riverton Courier</title>
<meta property="og:site_name" content="The Riverton Courier">
<meta property="og:title" content="Riverton to close old bridge for 18 months">
<meta name="author" content="Dana Whitfield">
<meta property="article:published_time" content="2024-02-12T14:30:00-05:00">
<link rel="canonical" href="https://courier.example.com/local/2024/02/12/bridge-closure">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/local">Local</a> |
<a href="/sports">Sports</a></nav></header>
<main><article>
<h1>Riverton to close old bridge for 18 months</h1>
<p class="byline">By Dana Whitfield, Staff Writer</p>
<time datetime="2024-02-12T14:30:00-05:00">February 12, 2024</time>
<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>
<div class="newsletter"><p>Sign up for our Morning Briefing newsletter to get the day's news
in your inbox.</p></div>
<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>
<p>Share this article</p>
</article></main>
<footer><p>© 2024 Riverton Courier Media LLC. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def built() -> Article:
    record = process_page(PAGE.encode(), "bridge.html", input_format="html")
    assert isinstance(record, Article), record
    return record


def test_html_page_keeps_every_paragraph_and_no_chrome(built: Article) -> None:
    for paragraph in PARAGRAPHS:
        assert paragraph in built.text
    assert "newsletter" not in built.text.lower()
    assert "Share this article" not in built.text
    assert "All rights reserved" not in built.text
    assert built.input_format == "html"
    assert built.text.split("\n\n")[0] == PARAGRAPHS[0]


def test_html_metadata(built: Article) -> None:
    assert built.title == "Riverton to close old bridge for 18 months"
    assert built.authors == ("Dana Whitfield",)
    assert built.site == "The Riverton Courier"
    assert built.url == "https://courier.example.com/local/2024/02/12/bridge-closure"
    assert built.published_at is not None
    assert built.published_at.date() == datetime(2024, 2, 12, tzinfo=UTC).date()
    assert built.language == "en"


def test_the_words_trafilatura_leaves_out_are_counted_in_dropped_words(built: Article) -> None:
    # the menu, the headline, byline and date lines, the footer: none of them is in `removed`
    menu = "Home | Local | Sports"
    assert built.dropped_words is not None
    assert built.dropped_words >= len(menu.split()) + 4  # and "© 2024 Riverton Courier"
    assert built.dropped_words < built.word_count
    assert not any("Sports" in r.text or "Courier Media" in r.text for r in built.removed)
    # every word a longer menu adds is counted, and the article is the same
    more = "".join(f' | <a href="/s{i}">Section number {i}</a>' for i in range(40))
    longer = process_page(
        PAGE.replace("Sports</a></nav>", f"Sports</a>{more}</nav>").encode(),
        "bridge.html",
        input_format="html",
    )
    assert isinstance(longer, Article)
    assert longer.text == built.text
    assert longer.dropped_words == built.dropped_words + 40 * 4  # "| Section number N"


# An article about fund adverts: half its paragraphs hold a disclaimer's wording in its prose.
FUND_PARAGRAPHS = [
    "Fund managers in the city were told on Monday that every brochure must state that past "
    "performance is no guarantee of future returns, after regulators found dozens of adverts "
    "that left the warning out.",
    "The regulator said the wording does not constitute financial advice on its own, but that "
    "investors read it as a sign that a fund is being honest about its risks.",
    "One firm had printed the notice in grey type so small that it was, in the regulator's "
    "words, practically invisible to the people it was meant for.",
    "Another had claimed that its brochure was for informational purposes only, a phrase that "
    "the regulator said could not excuse a table of returns chosen from the fund's best years.",
    "Consumer groups welcomed the ruling, saying that a disclaimer is only useful when a reader "
    "can find it, and asked for the same rule to cover advertising on social media.",
    "The firms have until March to change their material, and the regulator said it would "
    "check a sample of brochures again in the spring.",
]


def _fund_page(paragraphs: list[str]) -> bytes:
    title = "Regulator cracks down on fund adverts"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    ).encode()


def test_the_safety_net_keeps_trafilaturas_text_when_the_rules_would_take_much_of_it() -> None:
    record = process_page(_fund_page(FUND_PARAGRAPHS), "funds.html", input_format="html")
    assert isinstance(record, Article)
    assert all(p in record.text for p in FUND_PARAGRAPHS)
    assert "Regulator cracks down" not in record.text  # the headline is still metadata
    (net,) = [r for r in record.removed if r.kind == "safety_net"]
    assert "would have taken" in net.text and "legal_notice" in net.text
    assert not any(r.kind == "legal_notice" for r in record.removed)


def test_the_safety_net_keeps_a_page_that_the_rules_would_reject() -> None:
    # every paragraph reads as a disclaimer: without the net, nothing would be left
    disclaimers = [p for p in FUND_PARAGRAPHS if "performance" in p or "purposes" in p]
    paragraphs = [f"{p} {p}" for p in disclaimers] * 2
    paragraphs = [
        p.replace("Fund managers", f"Fund managers ({n})") for n, p in enumerate(paragraphs)
    ]
    record = process_page(_fund_page(paragraphs), "funds.html", input_format="html")
    assert isinstance(record, Article), record
    (net,) = [r for r in record.removed if r.kind == "safety_net"]
    assert "would have left 0 of its" in net.text


def test_the_safety_net_leaves_an_ordinary_page_alone(built: Article) -> None:
    assert not any(r.kind == "safety_net" for r in built.removed)
    assert any(r.kind == "share_follow" for r in built.removed)


def test_a_text_dump_has_no_dropped_words() -> None:
    # every block of a text dump is either in `text` or listed in `removed`
    dump = "Home | News\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nAdvertise With Us\n"
    record = process_page(dump.encode(), "bridge.txt", input_format="text")
    assert isinstance(record, Article)
    assert record.dropped_words is None


def test_html_is_sniffed_from_content_whatever_the_name() -> None:
    record = process_page(PAGE.encode(), "bridge.txt", input_format="text")
    assert isinstance(record, Article) and record.input_format == "html"


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Jane Doe; John Roe", ("Jane Doe", "John Roe")),
        ("Nayane", ("Nayane",)),
        ("Dylan Bailey; MS; RD; FAND", ("Dylan Bailey",)),
        ("Editorial Team", ()),
        ("jane@example.com", ()),
    ],
)
def test_metadata_authors_are_clean_names(author: str, names: tuple[str, ...]) -> None:
    assert tuple(clean_authors(author, structured=True, site_keys=set())) == names


# Real pages of the WCXB benchmark (CC-BY-4.0, Murrough Foley): news and magazine articles.
REAL_PAGES = ["0031", "0039", "0078"]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize("page_id", REAL_PAGES)
def test_real_pages(page_id: str) -> None:
    folder = BENCH / "wcxb-dev-articles"
    if not folder.is_dir():
        pytest.skip(f"benchmark pages not found at {folder}")
    truth = json.loads((folder / "ground-truth" / f"{page_id}.json").read_text())
    expected = truth["ground_truth"]
    raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
    record = process_page(raw, page_id, input_format="html", url=truth.get("url"))
    assert isinstance(record, Article), record
    text = _fold(record.text)
    for snippet in expected["with"]:
        assert _fold(snippet) in text
    for snippet in expected["without"]:
        assert _fold(snippet) not in text
    assert _fold(record.title or "") == _fold(expected["title"])
    assert record.authors and record.authors[0] in expected["author"]
    assert record.published_at is not None
    assert record.published_at.date().isoformat() == expected["publish_date"][:10]
    assert record.language == "en"


@pytest.mark.parametrize(("extracted_chars", "retried"), [(150, True), (250, False)])
def test_an_extraction_holding_a_fifth_of_the_paragraphs_is_retried(
    extracted_chars: int, retried: bool
) -> None:
    # ten paragraphs of a hundred characters: under 200 of them is under a fifth
    paragraph = "<p>" + "x" * 99 + ".</p>"
    tree = parse_page(f"<html><body><nav>Home News</nav>{paragraph * 10}</body></html>")
    assert tree is not None
    share = html_path._paragraph_share(tree, "y" * extracted_chars, _paragraphs(tree))
    assert (share < html_path.RECALL_RETRY_MIN_SHARE) is retried


def _paragraphs(tree: HtmlElement) -> html_path.Paragraphs:
    return [(p, normalize_block(p.text_content())) for p in tree.iter("p")]


def _article_paragraph(n: int) -> str:
    return (
        f"Paragraph {n} of the report on the harbour: the dredging of the channel went on "
        f"through the winter, the port authority said, and the cranes ordered in spring are "
        f"due by the end of the year, when the new berths open to container ships of every "
        f"size that now call at the older terminals up the river, report {n} said."
    )


@pytest.mark.parametrize(
    ("balanced_adds", "balanced_kept"),
    [("within", True), ("after", False), ("before", False)],
)
def test_the_balanced_mode_is_kept_where_it_fills_the_recall_modes_gaps(
    monkeypatch: pytest.MonkeyPatch, balanced_adds: str, balanced_kept: bool
) -> None:
    article = [_article_paragraph(n) for n in range(1, 13)]
    tree = parse_page("<html><body>" + "".join(f"<p>{p}</p>" for p in article) + "</body></html>")
    assert tree is not None
    # recall mode keeps the first and last three paragraphs: half of the page's
    recall = "\n".join([*article[:3], *article[-3:]])
    teasers = [f"Other story {n}: the council votes on the budget again" for n in range(9)]
    balanced = {
        "within": "\n".join(article),
        "after": "\n".join([*article[:3], *article[-3:], *teasers]),
        "before": "\n".join([*teasers, *article[:3], *article[-3:]]),
    }[balanced_adds]

    def extract(tree: object, url: object, *, favor_recall: bool) -> str:
        return recall if favor_recall else balanced

    monkeypatch.setattr(html_path, "_extract", extract)
    assert html_path._main_text(tree, None, _paragraphs(tree)) == (
        balanced if balanced_kept else recall
    )


def test_a_paragraph_trafilatura_skips_between_two_it_keeps_is_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [
        f"The city council voted on Tuesday to close old bridge number {n} for eighteen "
        "months, after inspectors found corrosion in its steel beams during a routine check."
        for n in range(1, 5)
    ]
    linked = "He was arrested in April for the March 21 call to the offices of the mayor."
    quoted = (
        "The engineer who led the inspection said the repair, according to Jane Roe of the "
        "city's works office, was overdue by at least three years."
    )
    page = (
        "<html><head><title>Bridge to close</title></head><body><article>"
        "<h1>Bridge to close</h1><div class='body'>"
        f"<p>{lines[0]}</p><div><p>Sign up for our newsletter</p></div>"
        f"<p>He <a href='/arrest'>was arrested in April</a> for the March 21 call to the "
        f"offices of the mayor.</p><figure><figcaption>The bridge</figcaption></figure>"
        f"<p>{lines[1]}</p><p>{quoted}</p><p>{lines[2]}</p><p>Share</p><p>{lines[3]}</p>"
        "</div></article></body></html>"
    )
    # trafilatura leaves out the paragraph that is mostly a link, and a link's words of
    # another (written all the same), and the one-word button between two it keeps
    skipped = quoted.replace("according to Jane Roe of the city's works office, ", "")
    text = "\n".join([lines[0], lines[1], skipped, lines[2], lines[3]])
    monkeypatch.setattr(html_path, "_extract", lambda *args, **kwargs: text)
    record = process_page(page.encode(), "page.html", input_format="html")
    assert isinstance(record, Article)
    paragraphs = record.text.split("\n\n")
    assert paragraphs[1] == linked  # after the paragraph before it
    assert quoted not in paragraphs and skipped in paragraphs  # not written twice
    assert "Share" not in record.text and "newsletter" not in record.text


def test_a_box_that_asks_for_an_email_address_is_dropped_with_its_pitch() -> None:
    lines = [
        f"The city council voted on Tuesday to close old bridge number {n} for eighteen "
        "months, after inspectors found corrosion in its steel beams during a routine check."
        for n in range(1, 6)
    ]
    signup = (
        "<div class='box'><p>Our morning briefing brings the five stories that matter to your "
        "inbox before breakfast.</p><form><input name='emailAddress' "
        "placeholder='Your Email Address'><button>Go</button></form></div>"
    )
    body = "".join(f"<p>{line}</p>" for line in lines[:3]) + signup
    body += "".join(f"<p>{line}</p>" for line in lines[3:])
    # the page's own form in the article's container (more words than a box holds) stays
    body += "<p>Write to the desk: <input type='email'></p>"
    page = (
        "<html><head><title>Bridge to close</title></head><body><article>"
        f"<h1>Bridge to close</h1><div class='body'>{body}</div></article></body></html>"
    )
    record = process_page(page.encode(), "page.html", input_format="html")
    assert isinstance(record, Article)
    assert "inbox" not in record.text
    assert all(line in record.text for line in lines)


def test_no_second_extraction_where_the_recall_text_stands_whole_in_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # half of the page's paragraphs, one after another: nothing between them to fill
    article = [_article_paragraph(n) for n in range(1, 13)]
    tree = parse_page("<html><body>" + "".join(f"<p>{p}</p>" for p in article) + "</body></html>")
    assert tree is not None
    recall = "\n".join(article[:6])
    modes: list[bool] = []

    def extract(tree: object, url: object, *, favor_recall: bool) -> str:
        modes.append(favor_recall)
        return recall if favor_recall else "\n".join(article)

    monkeypatch.setattr(html_path, "_extract", extract)
    assert html_path._main_text(tree, None, _paragraphs(tree)) == recall
    assert modes == [True]
