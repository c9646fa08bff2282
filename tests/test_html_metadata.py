"""Metadata repair on HTML pages: titles, authors and dates from JSON-LD, meta, markup and url.

Every page here is built in the test; each case is one repair the HTML path makes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author

from extractors.html import authors as trafilatura_authors
from extractors.html import extract as html_path
from extractors.html.dates import fields_published
from extractors.html.extract import extract_html, parse_page
from extractors.html.metadata import read_metadata
from extractors.meta.dates import FoundDate, field_date, url_date
from extractors.meta.people import clean_authors
from extractors.pipeline import process_page
from extractors.record import Article

BODY = (
    "<p>The city council voted on Tuesday to close the old bridge for eighteen months, after "
    "inspectors found corrosion in its steel beams during a routine check last spring.</p>"
    "<p>Commuters will be sent over two other crossings, which officials expect to add fifteen "
    "minutes to the average morning trip into the city centre, the transport office said.</p>"
    "<p>The repairs will cost about sixty million dollars and will be paid for by a state "
    "grant, according to the city's chief engineer, who spoke to reporters on Tuesday.</p>"
)


def page(head: str = "", body: str = BODY, *, before: str = "", h1: str | None = None) -> str:
    """A page with ``head`` in its <head>, an optional h1, and ``body`` in its <article>."""
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a></nav><main><article>{heading}{before}{body}</article></main>"
        "</body></html>"
    )


def tree_of(html: str) -> HtmlElement:
    tree = parse_page(html)
    assert tree is not None
    return tree


def jsonld(data: object) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # a <title> with the site's name after a pipe, the site named by og:site_name
        (
            "<title>Bridge to close for 18 months | The Riverton Courier</title>"
            "<meta property='og:site_name' content='The Riverton Courier'>",
            None,
            "Bridge to close for 18 months",
        ),
        # "Headline - Site", the site known only from the url's host
        ("<title>Bridge to close for 18 months - Riverton Courier</title>", None, None),
        # an h1 that a metadata title backs wins, without the suffix
        (
            "<title>Bridge to close for 18 months – Courier</title>"
            "<meta property='og:title' content='Bridge to close for 18 months'>",
            "Bridge to close for 18 months",
            "Bridge to close for 18 months",
        ),
        # the site's name first: "Site :: Headline"
        (
            "<title>Riverton Courier :: Bridge to close for 18 months</title>"
            "<meta property='og:site_name' content='Riverton Courier'>",
            None,
            "Bridge to close for 18 months",
        ),
        # an h1 that names the site is not the headline
        (
            "<title>Bridge to close for 18 months | Riverton Courier</title>"
            "<meta property='og:site_name' content='Riverton Courier'>",
            "Riverton Courier",
            "Bridge to close for 18 months",
        ),
    ],
)
def test_title_without_site_suffix(head: str, h1: str | None, expected: str | None) -> None:
    url = "https://www.rivertoncourier.example/local/bridge"
    meta = read_metadata(tree_of(page(head, h1=h1)), url)
    assert meta.title == (expected or "Bridge to close for 18 months")


def test_title_keeps_a_dash_inside_the_headline() -> None:
    head = "<meta property='og:title' content='Mayor — and council — back the plan'>"
    meta = read_metadata(tree_of(page(head, h1="Mayor — and council — back the plan")))
    assert meta.title == "Mayor — and council — back the plan"


# --- authors ---------------------------------------------------------------------------------


def test_jsonld_author_list_in_order() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Bridge to close",
        "author": [
            {"@type": "Person", "name": "Dana Whitfield"},
            {"@type": "Person", "name": "Omar Haddad"},
        ],
    }
    assert read_metadata(tree_of(page(jsonld(data)))).authors == ("Dana Whitfield", "Omar Haddad")


def test_jsonld_author_reference_in_a_graph() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "headline": "Bridge", "author": {"@id": "#/person/1"}},
            {"@type": "Person", "@id": "#/person/1", "name": "Dana Whitfield"},
            {"@type": "WebSite", "name": "Riverton Courier"},
        ],
    }
    meta = read_metadata(tree_of(page(jsonld(data))))
    assert meta.authors == ("Dana Whitfield",)
    assert meta.site == "Riverton Courier"


def test_author_reference_with_a_name_takes_its_type_from_the_graph() -> None:
    # Yoast: the author is {"name", "@id"} without "@type"; the Person node, also the
    # publisher of a personal site, holds the type
    person = {"@type": ["Person", "Organization"], "@id": "#/person/1", "name": "Gabby Boucher"}
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "headline": "Travel insurance",
                "author": {"name": "Gabby Boucher", "@id": "#/person/1"},
                "publisher": {"@id": "#/person/1"},
            },
            person,
        ],
    }
    head = jsonld(data) + "<meta name='author' content='Gabby Boucher'>"
    assert read_metadata(tree_of(page(head))).authors == ("Gabby Boucher",)


def test_name_after_a_lone_written_by_label() -> None:
    byline = "<div><p>Written by</p><p>Edzel Tabing</p></div>"
    assert read_metadata(tree_of(page(before=byline))).authors == ("Edzel Tabing",)


@pytest.mark.parametrize(
    "byline",
    [
        "<h2>Article by</h2><div>Dana Whitfield</div>",
        "<p>Escrito por</p><p>Dana Whitfield</p>",
        "<p>About the Author:</p><p>Dana Whitfield is a transport reporter who has covered the"
        " city's bridges and tunnels for ten years.</p>",
    ],
)
def test_name_after_other_byline_labels(byline: str) -> None:
    assert read_metadata(tree_of(page(body=BODY + byline))).authors == ("Dana Whitfield",)


def test_a_long_text_after_a_label_is_no_name_unless_it_opens_a_bio() -> None:
    byline = "<p>Author</p><p>Many readers wrote in about the bridge closure this week.</p>"
    assert read_metadata(tree_of(page(body=BODY + byline))).authors == ()


def test_a_date_and_author_container_gives_its_author() -> None:
    byline = (
        "<div class='styles_dateAndAuthorContainer__JAvHP'><span>Dec 17, 2025</span>"
        "<span>Dana Whitfield</span></div>"
    )
    assert read_metadata(tree_of(page(before=byline))).authors == ("Dana Whitfield",)


def test_an_author_box_gives_its_name() -> None:
    box = (
        "<div class='blog_author-box'><div>Dana Whitfield</div><img alt='Dana Whitfield'>"
        "<p>Dana Whitfield is a transport reporter who has covered the city's bridges for ten"
        " years.</p></div>"
    )
    assert read_metadata(tree_of(page(body=BODY + box))).authors == ("Dana Whitfield",)


def test_a_subhead_and_a_paragraph_about_a_company_are_no_author_box() -> None:
    body = BODY + (
        "<h2>Harbour Moving</h2><p>Harbour Moving is a family business that has moved"
        " households across the river since 1990.</p>"
    )
    assert read_metadata(tree_of(page(body=body))).authors == ()


def test_name_in_a_link_after_a_by_label_in_the_same_element() -> None:
    byline = "<p class='meta'><span>By <a href='/producers/dw'>Dana Whitfield</a></span></p>"
    assert read_metadata(tree_of(page(before=byline))).authors == ("Dana Whitfield",)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Mike Marshall, Shipping Expert", ["Mike Marshall"]),
        ("Jane Doe, MD, RD", ["Jane Doe"]),
        ("Benjamin Johnson, Sr. Director of Operations", ["Benjamin Johnson"]),
        ("By Jane Doe | December 19, 2025 | 5 min read", ["Jane Doe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Maria Silva e João Souza", ["Maria Silva", "João Souza"]),
        ("Dr. Jane Doe", ["Jane Doe"]),
        ("jane@example.com", []),
        ("Staff", []),
        ("By", []),
        ("December 19, 2025", []),
        ("Riverton Courier", []),  # the site's own name
        ("Dana Whitfield Sponsored November 24, 2025", ["Dana Whitfield"]),
        ("Dec 17, 2025 · Dana Whitfield", ["Dana Whitfield"]),
        ("Dec 17, 2025", []),
        ("Dana Whitfield 4 August 2010", ["Dana Whitfield"]),
        (
            "By Dana Whitfield and Rob Teaser Monday, November 18, 2019",
            ["Dana Whitfield", "Rob Teaser"],
        ),
        ("Riverton Courier Sponsored", []),
        ("By submitting your phone number, you agree to receive texts", []),
        # buttons, links and topic labels of author-marked blocks
        ("Learn More", []),
        ("Member Login", []),
        ("HR Strategy", []),
        ("Dana Whitfield Content Marketing Coordinator", []),
    ],
)
def test_byline_cleaning(raw: str, names: list[str]) -> None:
    assert clean_authors(raw, structured=False, site_keys={"rivertoncourier"}) == names


def test_organisation_author_kept_only_when_structured_and_not_the_site() -> None:
    keys = {"rivertoncourier"}
    assert clean_authors("Everfit Team", structured=True, site_keys=keys) == ["Everfit Team"]
    assert clean_authors("Editorial Team", structured=True, site_keys=keys) == []
    assert clean_authors("Riverton Courier", structured=True, site_keys=keys) == []


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        # a personal site: the Person that JSON-LD names is the site's name and a person's
        ("Karl Voit", "https://karl-voit.example/x", ("Karl Voit",)),
        # a "Person" named as the site whose name is no person's: the byline names the author
        ("Riverton Heart Foundation", None, ("Dana Whitfield",)),
    ],
)
def test_a_jsonld_person_who_bears_the_site_name(
    name: str, url: str | None, expected: tuple[str, ...]
) -> None:
    data = {
        "@type": "BlogPosting",
        "headline": "Notes on bridges",
        "author": {"@type": "Person", "name": name},
    }
    head = jsonld(data) + f"<meta property='og:site_name' content='{name}'>"
    byline = "<p class='byline'>By <a href='/authors/dana-whitfield'>Dana Whitfield</a></p>"
    assert read_metadata(tree_of(page(head, before=byline)), url).authors == expected


def test_site_name_in_meta_author_is_rejected_for_a_visible_byline() -> None:
    head = (
        "<meta name='author' content='Riverton Courier'>"
        "<meta property='og:site_name' content='Riverton Courier'>"
    )
    byline = "<p class='byline'>By <a href='/authors/dana-whitfield'>Dana Whitfield</a></p>"
    meta = read_metadata(tree_of(page(head, before=byline)))
    assert meta.authors == ("Dana Whitfield",)


def test_byline_with_a_job_title_next_to_the_headline() -> None:
    before = "<div><span>By Dana Whitfield, Senior Transport Correspondent</span></div>"
    meta = read_metadata(tree_of(page("", before=before, h1="Bridge to close for repairs")))
    assert meta.authors == ("Dana Whitfield",)


def test_yoast_written_by_label() -> None:
    head = (
        "<meta name='twitter:label1' content='Written by'>"
        "<meta name='twitter:data1' content='Dana Whitfield'>"
    )
    assert read_metadata(tree_of(page(head))).authors == ("Dana Whitfield",)


# --- dates -----------------------------------------------------------------------------------


def fields_date(
    tree: HtmlElement, url: str | None = None, fetched_at: datetime | None = None
) -> tuple[FoundDate | None, str | None]:
    """The publication date a page's fields (or its url) state, as the HTML path reads it."""
    meta = read_metadata(tree, url)
    found, where = fields_published(meta.date_fields, fetched_at)
    if found is None and meta.page_url:
        found = field_date(meta.page_url, fetched_at, from_url=True)
        where = f"url: {found.matched}" if found else None
    return found, where


def test_published_wins_over_modified_and_keeps_its_zone() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "Bridge",
        "dateModified": "2024-03-01T09:00:00-05:00",
        "datePublished": "2024-02-12T14:30:00-05:00",
    }
    head = jsonld(data) + "<meta property='article:modified_time' content='2024-03-01'>"
    published, published_text = fields_date(tree_of(page(head)))
    assert published is not None
    assert published.value == datetime(2024, 2, 12, 19, 30, tzinfo=UTC)
    assert published.has_time
    assert published_text == "json-ld datePublished: 2024-02-12T14:30:00-05:00"


def test_meta_published_time_when_no_jsonld() -> None:
    head = (
        "<meta property='article:modified_time' content='2024-03-01T10:00:00Z'>"
        "<meta property='article:published_time' content='2024-02-12T14:30:00Z'>"
    )
    _published, published_text = fields_date(tree_of(page(head)))
    assert published_text == "meta article:published_time: 2024-02-12T14:30:00Z"


def test_date_only_in_the_url() -> None:
    url = "https://news.example.com/local/2024/02/12/bridge-closure"
    published, published_text = fields_date(tree_of(page("<title>Bridge</title>")), url)
    assert published is not None
    assert published.value == datetime(2024, 2, 12, tzinfo=UTC)
    assert not published.has_time
    assert published_text == "url: 2024/02/12"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/2024/02/12/slug", datetime(2024, 2, 12, tzinfo=UTC)),
        ("https://x.example/news/20240212/slug", datetime(2024, 2, 12, tzinfo=UTC)),
        ("https://x.example/2024-02-12-slug", datetime(2024, 2, 12, tzinfo=UTC)),
        ("https://x.example/2024/02/slug", None),  # no day: no date
        ("https://x.example/2024/13/45/slug", None),
        ("https://x.example/story/123456789012", None),
    ],
)
def test_url_dates(url: str, expected: datetime | None) -> None:
    found = url_date(url)
    assert (found.value if found else None) == expected


def test_no_date_after_the_crawl() -> None:
    head = "<meta property='article:published_time' content='2030-01-01T00:00:00Z'>"
    url = "https://news.example.com/2024/02/12/bridge"
    published, published_text = fields_date(
        tree_of(page(head)), url, fetched_at=datetime(2024, 2, 13, tzinfo=UTC)
    )
    assert published is not None
    assert published.value == datetime(2024, 2, 12, tzinfo=UTC)
    assert published_text == "url: 2024/02/12"


def test_date_written_next_to_the_headline() -> None:
    # the dates stand in a header outside the article, which trafilatura leaves out
    header = (
        "<header><h1>Bridge to close for repairs</h1><p class='meta'>By Dana Whitfield</p>"
        "<p>Updated March 3, 2024</p><p>Feb. 12, 2024</p></header>"
    )
    html = f"<!DOCTYPE html><html><body>{header}<article>{BODY}</article></body></html>"
    cleaned = extract_html(html)
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2024, 2, 12, tzinfo=UTC)
    assert cleaned.published_text == "near the headline: Feb. 12, 2024"


def _headed(header: str, head: str = "") -> str:
    """A page whose header block, outside the article, holds the headline and ``header``."""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"<header><h1>Bridge to close for repairs</h1>{header}</header>"
        f"<article>{BODY}</article></body></html>"
    )


REPUBLISHED = jsonld(
    {"@type": "NewsArticle", "headline": "Bridge", "datePublished": "2025-08-21T10:00:00Z"}
)


def test_the_original_date_by_the_headline_wins_over_a_later_field() -> None:
    # a page moved to a new system: its fields say 2025, its header shows when it appeared
    header = "<p>Published</p><p>Apr 26, 2023</p><p>Updated</p><p>Aug 21, 2025</p>"
    cleaned = extract_html(_headed(header, REPUBLISHED))
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2023, 4, 26, tzinfo=UTC)
    assert cleaned.published_text == "near the headline: Apr 26, 2023"


@pytest.mark.parametrize(
    "header",
    [
        "<p>Aug 20, 2025</p>",  # a day before the field's: a time zone apart, not another date
        "<p>Updated</p><p>Jan 2, 2024</p>",  # an earlier update is no publication
        "<p>Last updated: Jan 2, 2024</p>",
    ],
)
def test_the_fields_date_stays_without_an_earlier_publication_by_the_headline(
    header: str,
) -> None:
    cleaned = extract_html(_headed(header, REPUBLISHED))
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2025, 8, 21, 10, tzinfo=UTC)


def test_dates_before_the_headline_do_not_replace_the_fields_date() -> None:
    # a list of other stories above the headline, each with its date
    html = _headed("<p>By Dana Whitfield</p>", REPUBLISHED).replace(
        "<header>", "<header><ul><li>Council elects a mayor</li><li>Jan 5, 2024</li></ul>"
    )
    cleaned = extract_html(html)
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2025, 8, 21, 10, tzinfo=UTC)


def test_a_time_element_by_the_headline_gives_its_own_datetime() -> None:
    # "03/01/2017" could be March 1 or 3 January; the element's datetime says which
    header = "<time datetime='2017-03-01T12:00:00Z'>03/01/2017</time>"
    cleaned = extract_html(_headed(header))
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2017, 3, 1, 12, tzinfo=UTC)


def test_the_date_search_by_the_headline_stops_at_a_table() -> None:
    # the header gives only an update; the dates in a data table below are the body's
    header = (
        "<p>Last updated Nov 6, 2025</p><table><tr><td>1/31/2013</td><td>+13.1%</td></tr>"
        "<tr><td>2/28/2013</td><td>+12.9%</td></tr></table>"
    )
    cleaned = extract_html(_headed(header))
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2025, 11, 6, tzinfo=UTC)


def test_a_note_that_the_article_first_appeared_earlier_gives_the_original_date() -> None:
    note = "<p>This article was originally published on 26 Sep 2019 at 4:12pm by the Courier.</p>"
    cleaned = extract_html(_headed("<p>30 Sep 2022</p>", REPUBLISHED).replace(BODY, BODY + note))
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2019, 9, 26, 16, 12, tzinfo=UTC)
    assert cleaned.published_text == "originally published: 26 Sep 2019 at 4:12pm"


def test_a_date_later_in_the_sentence_is_not_the_original_one() -> None:
    note = (
        "<p>The bridge was originally built for horse carts and trams, and the city "
        "closed it once before, on March 3, 1998.</p>"
    )
    cleaned = extract_html(_headed("", REPUBLISHED).replace(BODY, BODY + note))
    assert cleaned is not None and cleaned.published is not None
    assert cleaned.published.value == datetime(2025, 8, 21, 10, tzinfo=UTC)


def test_meta_published() -> None:
    published, _ = fields_date(tree_of(page("<meta name='published' content='July 17, 2025'>")))
    assert published is not None
    assert published.value == datetime(2025, 7, 17, tzinfo=UTC)


def test_no_date_stays_null() -> None:
    cleaned = extract_html(page("<title>Bridge</title>"))
    assert cleaned is not None
    assert cleaned.published is None and cleaned.published_text is None


# --- the HTML path ---------------------------------------------------------------------------


def test_split_article_body_is_continued() -> None:
    part = "<div class='article-body'>{}</div>"
    second = (
        "<p>Residents can sign up for text alerts about the closure on the city's website, the "
        "transport department said in a statement on Wednesday morning.</p>"
        "<p>The bridge, built in 1931, carries about forty thousand vehicles a day, making it "
        "the busiest crossing in the county according to last year's traffic count.</p>"
    )
    body = (
        "<div class='grid'>"
        + part.format(BODY)
        + "<div class='ad'>Advertisement</div>"
        + part.format(second)
        + "</div>"
    )
    cleaned = extract_html(page("<title>Bridge</title>", body=body))
    assert cleaned is not None
    assert "forty thousand vehicles" in cleaned.text
    assert "Advertisement" not in cleaned.text


def test_page_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's text is parsed once, for trafilatura and our readers; only a page that states
    no date is parsed again, by htmldate."""
    import htmldate.utils
    import trafilatura.utils

    html = page("<title>Bridge</title>")  # no date: htmldate runs too
    parsed: list[str] = []
    for module in (trafilatura.utils, htmldate.utils):
        original = module.fromstring

        def counting(
            text: object,
            *args: object,
            _original: object = original,
            _name: str = module.__name__,
            **kw: object,
        ) -> object:
            # a parse of the page itself, not of an extractor's output: it holds the <title>
            if "<title>Bridge</title>" in str(text):
                parsed.append(_name)
            return _original(text, *args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(module, "fromstring", counting)
    import htmldate

    given: list[object] = []
    find_date = htmldate.find_date

    def spying(tree: object, *args: object, **kw: object) -> object:
        given.append(tree)
        return find_date(tree, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(htmldate, "find_date", spying)
    assert html_path.extract_html(html) is not None
    # a page that states no date is parsed once more, by htmldate, for its extensive search
    # of the markup whole (scripts included); a page with a date is parsed once
    assert parsed == ["trafilatura.utils", "htmldate.utils"]
    assert len(given) == 1 and isinstance(given[0], str)
    parsed.clear()
    given.clear()
    dated = page(
        "<title>Bridge</title><meta property='article:published_time' content='2024-02-12'>"
    )
    assert html_path.extract_html(dated) is not None
    assert parsed == ["trafilatura.utils"] and given == []


@pytest.mark.parametrize(
    ("script", "authors"),
    [
        ("{not json", ()),
        # a trailing comma is repaired; a list of names reads as its first
        ('{"@type": "NewsArticle", "author": {"name": ["Dana Whitfield"]},}', ("Dana Whitfield",)),
        ("[" * 5000 + "]" * 5000, ()),
        ('{"@type": ["NewsArticle", 3], "author": [null, 7, {"name": null}], "headline": 5}', ()),
    ],
)
def test_broken_jsonld_is_skipped_not_raised(script: str, authors: tuple[str, ...]) -> None:
    head = f"<script type='application/ld+json'>{script}</script><title>Bridge</title>"
    meta = read_metadata(tree_of(page(head)))
    assert meta.title == "Bridge"
    assert meta.authors == authors


def test_profile_link_to_a_social_network_is_not_an_author() -> None:
    before = (
        "<p><a href='https://bsky.app/profile/courier.example'>Bluesky</a></p>"
        "<p>Story by <a href='/authors/dana-whitfield'>Dana Whitfield</a></p>"
    )
    assert read_metadata(tree_of(page("", before=before))).authors == ("Dana Whitfield",)


def test_person_a_personal_site_is_named_after_in_its_meta_author() -> None:
    # meta author, site name and host all spell the same person: the author is that person
    head = (
        "<meta name='author' content='Paige Brunton'>"
        "<meta property='og:site_name' content='Paige Brunton'>"
    )
    url = "https://www.paigebrunton.example/blog/web-design"
    assert read_metadata(tree_of(page(head)), url).authors == ("Paige Brunton",)
    # the same name on a host that does not spell it is the site's name, not an author's
    other = "https://www.riverton-news.example/blog/web-design"
    assert read_metadata(tree_of(page(head)), other).authors == ()


@pytest.mark.parametrize(
    "markup",
    [
        "<span class='author'>Dana Whitfield</span>",
        "<div class='post-author-name'>Dana Whitfield</div>",
        "<a rel='author' href='/dana'>Dana Whitfield</a>",
        "<span itemprop='author name'>Dana Whitfield</span>",
        "<div data-testid='AuthorCard'>Dana Whitfield</div>",
        "<author>Dana Whitfield</author>",
        "<p class='byline'>By Dana Whitfield</p>",
        "<h4 id='zuozhe'>Dana Whitfield</h4>",
        "<span class='journalist-name'>Dana Whitfield</span>",
        "<section class='c-Byline'>Dana Whitfield</section>",
        "<b data-component='BylineBlock'>Dana Whitfield</b>",
        "<b id='storyAuthor'>Dana Whitfield</b>",
        # pruned before the search: comments, sidebars, dates, figures, share bars
        "<div class='comments'><span class='author'>Rob Reader</span></div>"
        "<span class='author'>Dana Whitfield</span>",
        "<div id='comment-list'><span class='author'>Rob Reader</span></div>",
        "<aside><div class='sidebar-box'><p class='byline'>Rob Teaser</p></div></aside>",
        "<p class='byline'>By Dana Whitfield <time>May 2, 2024</time></p>",
        "<figure><span class='author'>Photo Agency</span></figure>",
        "<span class='article-share'><a class='author-link'>Share</a></span>",
        "<p>No byline at all.</p>",
    ],
)
def test_the_last_resort_takes_the_byline_trafilatura_finds(markup: str) -> None:
    tree = tree_of(f"<html><body><article><h1>Bridge</h1>{markup}{BODY}</article></body></html>")
    found = extract_author(tree)
    names = trafilatura_authors.trafilatura_byline(tree, set())
    assert names == (["Dana Whitfield"] if "Dana Whitfield" in markup else [])
    assert names == ([found] if found == "Dana Whitfield" else [])


@pytest.mark.parametrize(
    ("url", "authors"),
    [
        # the host spells the person's name the ways personal sites do
        ("https://www.coryd.example/posts/git", ("Cory Dransfeldt",)),  # given name, initial
        ("https://cory.example/posts/git", ("Cory Dransfeldt",)),  # the given name alone
        ("https://dransfeldt.example/posts/git", ("Cory Dransfeldt",)),  # the family name
        ("https://corydransfeldt.example/posts/git", ("Cory Dransfeldt",)),
        # a host that spells another name: the site's name, not an author's
        ("https://corydevelopment.example/posts/git", ()),
    ],
)
def test_a_personal_site_host_may_spell_part_of_its_authors_name(
    url: str, authors: tuple[str, ...]
) -> None:
    head = (
        "<meta name='author' content='Cory Dransfeldt'>"
        "<meta property='og:site_name' content='Cory Dransfeldt'>"
    )
    assert read_metadata(tree_of(page(head)), url).authors == authors


@pytest.mark.parametrize(
    ("values", "authors"),
    [
        (["Roy, Aniruddha", "Patel, Jyoti"], ("Aniruddha Roy", "Jyoti Patel")),
        (["Kaufman, Jeff T."], ("Jeff T. Kaufman",)),
        (["Jane Doe, MD"], ("Jane Doe",)),  # a credential after the comma, not given names
    ],
)
def test_citation_authors_written_family_name_first(
    values: list[str], authors: tuple[str, ...]
) -> None:
    head = "".join(f"<meta name='citation_author' content='{v}'>" for v in values)
    assert read_metadata(tree_of(page(head))).authors == authors


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # the team a writer speaks for ends the names
        ("Dec. 19, 2025 · Niko Matsakis on behalf of the Vision Doc group", ["Niko Matsakis"]),
        # "Md" (Mohammad) opens a Bangladeshi byline; after a name it is a credential
        ("By Md Aynal Haque", ["Md Aynal Haque"]),
        ("By Dana Whitfield, MD", ["Dana Whitfield"]),
    ],
)
def test_visible_bylines(byline: str, authors: list[str]) -> None:
    assert clean_authors(byline, structured=False, site_keys=set()) == authors


@pytest.mark.parametrize(
    ("body_class", "wrapper"),
    [
        ("single-post has-sidebar comments-open", "content-sidebar-wrap"),
        ("", "grid md:[grid-area:sidebar]"),
    ],
)
def test_a_byline_is_read_whatever_the_layout_classes_around_it(
    body_class: str, wrapper: str
) -> None:
    # the page's own classes and layout wrappers name no comment thread or sidebar
    html = (
        f"<html><body class='{body_class}'><div class='{wrapper}'><article>"
        "<div><p>Written by</p><p>Dana Whitfield</p></div>"
        f"{BODY}</article></div></body></html>"
    )
    assert read_metadata(tree_of(html)).authors == ("Dana Whitfield",)


def test_a_block_that_holds_the_headline_is_no_sidebar_whatever_its_classes() -> None:
    link = "<a href='https://theconversation.example/profiles/dana-whitfield-1'>Dana Whitfield</a>"
    html = (
        "<html><body><div class='site-content cs-sidebar-enabled cs-sidebar-right'><article>"
        f"<h1>Bridge to close for repairs</h1>{BODY}<p>{link}, Professor of Engineering</p>"
        "</article><div class='sidebar'><p class='byline'>By Rob Teaser</p></div></div>"
        "</body></html>"
    )
    assert read_metadata(tree_of(html)).authors == ("Dana Whitfield",)
    # the sidebar itself holds no headline: its byline is another story's
    sidebar_only = html.replace(f"<p>{link}, Professor of Engineering</p>", "")
    assert read_metadata(tree_of(sidebar_only)).authors == ()


def test_a_byline_in_a_menu_or_a_consent_line_is_no_author() -> None:
    menu = "<div class='header-sub-menu-item'><h4>By Harbour Collective Hotels</h4></div>"
    consent = "<p>By submitting your phone number, you agree to receive texts from us.</p>"
    html = f"<html><body>{menu}<article>{BODY}{consent}</article></body></html>"
    assert read_metadata(tree_of(html)).authors == ()


def test_person_a_personal_site_is_named_after_in_its_visible_byline() -> None:
    head = "<meta property='og:site_name' content='Paige Brunton'>"
    byline = "<p>By <span class='entry-author-name'>Paige Brunton</span></p>"
    url = "https://www.paigebrunton.example/blog/web-design"
    assert read_metadata(tree_of(page(head, before=byline)), url).authors == ("Paige Brunton",)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        # a business word in the name
        ("Bluefin Strategies", "https://bluefinstrategies.example/blog/seo"),
        # a host that holds the company's name, not a person's given or family name
        ("Kneib Dentistry PC", "https://www.kneibdentistry.example/blog/implants"),
    ],
)
def test_a_business_named_site_is_no_person_even_when_its_host_spells_it(
    name: str, url: str
) -> None:
    head = f"<meta name='author' content='{name}'><meta property='og:site_name' content='{name}'>"
    assert read_metadata(tree_of(page(head)), url).authors == ()


def test_author_paragraph_with_its_date_is_read_as_a_last_resort() -> None:
    before = "<p class='author'>Andrew Gerrand<br> 4 August 2010</p>"
    meta = read_metadata(tree_of(page(before=before, h1="Defer, Panic, and Recover")))
    assert meta.authors == ("Andrew Gerrand",)


@pytest.mark.parametrize(
    ("name", "debris"),
    [
        ("Jane Doe Nov", True),  # the month of the date beside the byline
        ("Acme November", True),
        ("Wp-Block-Post-Author", True),
        ("Theresa May", False),  # months that are names
        ("April Ryan", False),
        ("June Carter Cash", False),
    ],
)
def test_debris_of_trafilatura_author_search(name: str, debris: bool) -> None:
    assert trafilatura_authors.xpath_debris(name) is debris


def test_a_wire_agency_named_as_an_author_is_the_agency() -> None:
    body = "".join(
        f"<p>The city council voted on Tuesday to close old bridge number {n} for eighteen "
        "months, after inspectors found corrosion in its steel beams.</p>"
        for n in range(5)
    )
    people = [{"@type": "Person", "name": n} for n in ("Jane Doe", "Reuters")]
    data = {"@type": "NewsArticle", "headline": "Bridge to close", "author": people}
    html = (
        "<html><head><title>Bridge to close</title>"
        "<meta property='og:site_name' content='Riverton Courier'>"
        f"<script type='application/ld+json'>{json.dumps(data)}</script></head>"
        f"<body><article><h1>Bridge to close</h1>{body}</article></body></html>"
    )
    record = process_page(html.encode(), "page.html", input_format="html")
    assert isinstance(record, Article)
    assert record.authors == ("Jane Doe",)
    assert record.agency == "Reuters"
