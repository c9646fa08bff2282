"""The publication date of HTML pages built here, one class of miss each: a range of days and a
date inside a sentence by the headline, the day-month order of the page's locale, a url date
against a page date, a UTC instant whose writer's day differs, a date only htmldate's search
finds, a JSON-LD block that does not parse, a video's upload date, and a headline in an h2
with a date whose offset is written "GMT+10"."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from extractors.pipeline import process_page
from extractors.record import Article

BODY = "".join(
    f"<p>The city council voted on Tuesday to close old bridge number {n} for eighteen months, "
    "after inspectors found corrosion in its steel beams during a routine check.</p>"
    for n in range(5)
)


def _page(lang: str = "en", near: str = "", head: str = "", extra: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>Bridge to close</title>{head}</head><body><main><article>"
        f"<h1>Bridge to close</h1>{near}{BODY}{extra}</article></main></body></html>"
    )


def _article(html: str, url: str | None = None) -> Article:
    record = process_page(html.encode(), "page.html", input_format="html", url=url)
    assert isinstance(record, Article)
    return record


def _jsonld(**fields: str) -> str:
    data = {"@type": "NewsArticle", "headline": "Bridge to close", **fields}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def test_a_range_of_days_by_the_headline_is_not_the_publication() -> None:
    near = "<p>Festival: 12.10. - 15.10.2023</p><p>Veröffentlicht am 01.09.2023</p>"
    assert _article(_page("de", near)).published_date == date(2023, 9, 1)
    near = "<p>The fair runs 12 October 2023 – 15 October 2023</p><p>Posted 1 September 2023</p>"
    assert _article(_page("en", near)).published_date == date(2023, 9, 1)


def test_a_date_inside_a_sentence_by_the_headline_is_not_the_publication() -> None:
    near = (
        "<p>The council will meet on 12 March 2024 to vote on the plan, the mayor said.</p>"
        "<p>Published 2 March 2024</p>"
    )
    record = _article(_page("en", near))
    assert record.published_date == date(2024, 3, 2)
    assert record.published_precision == "day"


def test_day_and_month_come_in_the_order_of_the_pages_locale() -> None:
    near = "<p>01-11-2023</p>"
    assert _article(_page("de-AT", near)).published_date == date(2023, 11, 1)
    assert _article(_page("en-US", near)).published_date == date(2023, 1, 11)
    # a country domain tells the order when the language tag does not
    at = _article(_page("en", "<p>3/4/2024</p>"), "https://zeitung.example.at/x")
    assert at.published_date == date(2024, 4, 3)


def test_a_full_date_in_the_url_wins_over_a_page_date_days_away() -> None:
    record = _article(_page("pt-BR", "<p>16/06/2020</p>"), "https://x.example/2020/06/23/slug")
    assert record.published_date == date(2020, 6, 23)
    assert record.published_text == "url: 2020/06/23"
    # within a day, the page's own statement (with its time) stays
    head = _jsonld(datePublished="2020-06-23T09:30:00+02:00")
    record = _article(_page("de", head=head), "https://x.example/2020/06/23/slug")
    assert record.published_at == datetime(2020, 6, 23, 7, 30, tzinfo=UTC)
    assert record.published_precision == "second"


def test_a_utc_instant_keeps_the_writers_day_that_the_url_states() -> None:
    head = _jsonld(datePublished="2023-11-09T03:28:35Z")
    record = _article(_page("en", head=head), "https://x.example/2023/11/08/bridge")
    assert record.published_at == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)
    assert record.published_date == date(2023, 11, 8)
    # 10:04 UTC is the 9th in every newsroom's zone: a url written the day before is not it
    head = _jsonld(datePublished="2020-07-09T10:04:04Z")
    record = _article(_page("en", head=head), "https://x.example/2020/07/08/bridge")
    assert record.published_date == date(2020, 7, 9)


def test_an_offset_instant_keeps_its_own_day() -> None:
    record = _article(_page("en", head=_jsonld(datePublished="2024-02-12T22:30:00-05:00")))
    assert record.published_at == datetime(2024, 2, 13, 3, 30, tzinfo=UTC)
    assert record.published_date == date(2024, 2, 12)


def test_a_date_only_htmldates_search_finds() -> None:
    script = '<script>var story = {"publishDate": "2020-04-17 10:22"};</script>'
    record = _article(_page("en", extra=script))
    assert record.published_date == date(2020, 4, 17)
    assert (record.published_text or "").startswith("htmldate")


def test_a_json_ld_block_that_does_not_parse_still_gives_its_date() -> None:
    broken = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"datePublished": "2020-10-26T18:10:00+01:00"}}</script>'
    )
    record = _article(_page("bs", head=broken))
    assert record.published_date == date(2020, 10, 26)
    assert record.published_text == "json-ld datePublished (unparsed): 2020-10-26T18:10:00+01:00"


def test_a_videos_upload_date_gives_way_to_the_pages_own() -> None:
    video = (
        "<script type='application/ld+json'>"
        + json.dumps(
            {"@type": "VideoObject", "name": "Clip", "uploadDate": "2020-09-29T22:40:00-07:00"}
        )
        + "</script><meta property='article:published_time' content='2020-09-30T02:00:07-07:00'>"
    )
    assert _article(_page("en", head=video)).published_date == date(2020, 9, 30)


def test_no_date_anywhere_is_null() -> None:
    record = _article(_page("en"))
    assert record.published_date is None and record.published_precision is None


def test_the_date_of_another_story_listed_after_the_headline_is_not_the_publication() -> None:
    # a teaser inside the article: another story's headline as a link, then its date; and a
    # byline linked to the author's page beside the article's own date
    teaser = (
        "<div class='related'><div><span>Region</span>"
        "<a href='/other-story'>Two more bridges will close for repairs next spring</a>"
        "<div><span>09.08.2020 u 10:52</span></div></div></div>"
    )
    html = _page("bs", extra=teaser, head=_jsonld(datePublished="2020-10-26T18:10:00+01:00"))
    assert _article(html).published_date == date(2020, 10, 26)
    byline = (
        "<div class='meta'><a href='/authors/jane'>By Jane Doe, Co-Founder and Editor</a>"
        "<span>2 March 2024</span></div>"
    )
    record = _article(_page("en", byline))
    assert record.published_date == date(2024, 3, 2)


def test_without_a_language_tag_the_articles_language_tells_the_order() -> None:
    body = "".join(
        f"<p>Der Gemeinderat hat am Dienstag beschlossen, die alte Brücke Nummer {n} für "
        "achtzehn Monate zu sperren, nachdem Prüfer Rost an den Stahlträgern gefunden hatten."
        "</p>"
        for n in range(5)
    )
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Brücke wird gesperrt</title>"
        "</head><body><main><article><h1>Brücke wird gesperrt</h1><p>11-01-2023</p>"
        f"{body}</article></main></body></html>"
    )
    record = _article(html, "https://zeitung.example.com/bruecke")
    assert record.language == "de"
    assert record.published_date == date(2023, 1, 11)
    assert record.published_text == "near the headline: 11-01-2023"


def test_a_content_language_header_in_the_markup_gives_the_pages_locale() -> None:
    head = "<meta http-equiv='content-language' content='de-AT'>"
    html = _page("", "<p>11-01-2023</p>", head).replace(" lang=''", "")
    record = _article(html)
    assert record.published_date == date(2023, 1, 11)
    assert record.published_text == "near the headline: 11-01-2023"


def test_a_date_by_a_headline_in_an_h2_with_its_zone() -> None:
    # the page's top heading is the site's name; the headline is an h2, its date a line after
    html = _page("en").replace(
        "<h1>Bridge to close</h1>",
        "<h1>Riverton Courier</h1><h2>Bridge to close</h2>"
        "<p>Courier<br>13 Jan 2020, 22:11 GMT+10</p>",
    )
    record = _article(html)
    assert record.published_date == date(2020, 1, 13)
    assert record.published_at == datetime(2020, 1, 13, 12, 11, tzinfo=UTC)


def test_the_date_by_the_headline_comes_before_a_date_line_further_down() -> None:
    near = "<p>By Jane Doe</p><p>Updated on December 11, 2025</p>"
    extra = "<h2>Prices</h2><p>Updated October 17, 2025</p>" + BODY
    record = _article(_page("en", near, extra=extra))
    assert record.published_date == date(2025, 12, 11)
    assert (record.published_text or "").startswith("near the headline")


def test_a_revision_dated_by_the_headline_with_the_fields_and_htmldate_agreeing() -> None:
    fields = _jsonld(
        datePublished="2021-08-12T19:35:44+00:00", dateModified="2025-02-22T22:13:14+00:00"
    )
    modified = "<meta property='article:modified_time' content='2025-02-22T22:13:14+00:00'>"
    shown = "<p>By Jane Doe</p><p>Last Updated: February 22, 2025</p>"
    # the headline shows the revision's day, the fields name it, htmldate reads it: taken
    record = _article(_page("en", shown, head=fields + modified))
    assert record.published_date == date(2025, 2, 22)
    assert record.published_text == "near the headline: Last Updated: February 22, 2025"
    # the page shows readers no date: the fields' publication stays
    assert _article(_page("en", head=fields + modified)).published_date == date(2021, 8, 12)
    # htmldate reads the publication (a published_time meta): it stays
    published = "<meta property='article:published_time' content='2021-08-12T19:35:44+00:00'>"
    record = _article(_page("en", shown, head=fields + published + modified))
    assert record.published_date == date(2021, 8, 12)
