"""The date-annotation audit counts only annotations the date rules put out of reach."""

from __future__ import annotations

import pytest

from benchmarks.date_annotations import MODIFIED_ONLY, NOT_STATED, classify, mentions


def page(head: str = "", body: str = "") -> str:
    """A small HTML page with the given head and body markup."""
    return f"<html><head><title>A post</title>{head}</head><body>{body}</body></html>"


PUBLISHED_META = '<meta property="article:published_time" content="2025-01-29T20:47:55+00:00" />'
MODIFIED_META = '<meta property="article:modified_time" content="2025-08-19T13:25:59+00:00" />'
JSON_LD = (
    '<script type="application/ld+json">{"@type":"BlogPosting",'
    '"datePublished":"2025-01-29T20:47:55+00:00","dateModified":"2025-08-19T13:25:59+00:00"}'
    "</script>"
)


@pytest.mark.parametrize(
    "written",
    [
        "2025-08-19",
        "2025-08-19T13:25:59",
        "2025/08/19",
        "2025.08.19",
        "20250819",
        "08/19/2025",
        "8/19/2025",
        "19/08/2025",
        "19.08.2025",
        "19.8.2025",
        "08-19-2025",
        "19-08-2025",
        "August 19, 2025",
        "Aug. 19th, 2025",
        "aug 19 2025",
        "19 August 2025",
        "19th of Aug 2025",
        "19 AUG 2025",
    ],
)
def test_each_common_form_states_the_day(written: str) -> None:
    assert classify(page(body=f"<p>{written}</p>"), "2025-08-19").reason is None


def test_a_day_stated_nowhere_is_out_of_reach() -> None:
    html = page(PUBLISHED_META, "<p>Posted on January 29, 2025. Prices as of 2025-08-18.</p>")
    finding = classify(html, "2025-08-19")
    assert finding.reason == NOT_STATED
    assert "2025-08-18" in finding.detail


def test_a_day_stated_only_as_the_modification_date_is_out_of_reach() -> None:
    html = page(
        PUBLISHED_META + MODIFIED_META + JSON_LD,
        '<p>Last updated:</p><div class="meta"><span class="post-info__item">August 19, 2025'
        "</span></div><p>The article.</p>",
    )
    finding = classify(html, "2025-08-19")
    assert finding.reason == MODIFIED_ONLY
    assert "article:modified_time" in finding.detail
    assert "dateModified" in finding.detail
    assert "2025-01-29" in finding.detail


@pytest.mark.parametrize(
    "visible",
    [
        "<p>Updated Aug 19, 2025</p>",
        "<p>Last reviewed: 19 August 2025</p>",
        '<p>Modified: <time class="x" datetime="2025-08-19">Aug 19, 2025</time></p>',
    ],
)
def test_visible_modification_labels(visible: str) -> None:
    html = page(PUBLISHED_META, visible)
    assert classify(html, "2025-08-19").reason == MODIFIED_ONLY


def test_a_day_both_modified_and_unlabelled_is_within_reach() -> None:
    html = page(PUBLISHED_META + MODIFIED_META, '<div class="byline">August 19, 2025</div>')
    finding = classify(html, "2025-08-19")
    assert finding.reason is None
    assert "unlabelled" in finding.detail


def test_a_day_labelled_as_published_anywhere_is_within_reach() -> None:
    html = page(MODIFIED_META + '<meta name="pubdate" content="2025-08-19" />')
    assert classify(html, "2025-08-19").reason is None


def test_a_modification_date_without_any_publication_date_is_within_reach() -> None:
    html = page(MODIFIED_META, "<p>Updated August 19, 2025</p>")
    finding = classify(html, "2025-08-19")
    assert finding.reason is None
    assert "no other publication date" in finding.detail


def test_a_label_followed_by_a_date_of_another_day_labels_that_date() -> None:
    html = page(PUBLISHED_META, "<p>Updated Jan 5, 2025 · Aug 19, 2025</p>")
    assert classify(html, "2025-08-19").reason is None


def test_a_site_deployment_comment_is_no_publication_date() -> None:
    html = "<!-- Last Published: Thu Dec 18 2025 13:44:18 GMT+0000 -->" + page(
        body="<p>Last updated: Dec 12, 2025</p>"
    )
    assert classify(html, "2025-12-12").reason is None


def test_a_utc_datetime_states_the_neighbouring_local_day() -> None:
    # 02:41 UTC on the 19th is still the 18th from UTC-12 to UTC-03, and never the 17th or 20th.
    html = page('<meta property="article:published_time" content="2025-12-19T02:41:41+00:00" />')
    assert classify(html, "2025-12-18").reason is None
    assert classify(html, "2025-12-19").reason is None
    assert classify(html, "2025-12-17").reason == NOT_STATED
    assert classify(html, "2025-12-20").reason == NOT_STATED


def test_utc_offsets_bound_the_local_days() -> None:
    # 22:30 at UTC-05 is 03:30 UTC on the 20th: the 21st from UTC+14 is not yet reached.
    late = page(body='<time datetime="2025-12-19T22:30:00-05:00"></time>')
    assert classify(late, "2025-12-20").reason is None
    assert classify(late, "2025-12-21").reason == NOT_STATED
    assert classify(page(body="<p>2025-12-19T23:30:00Z</p>"), "2025-12-20").reason is None
    # a datetime without an offset states its own day only
    assert classify(page(body="<p>2025-12-19T23:30:00</p>"), "2025-12-20").reason == NOT_STATED


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<p>Published November 2003</p>", None),
        ("<p>Report, Nov. 2003</p>", None),
        ("<p>2003-11</p>", None),
        ("<p>5 November 2003</p>", None),
        ("<p>Published December 2003; revised 2003-10-30</p>", NOT_STATED),
    ],
)
def test_a_month_annotation(body: str, reason: str | None) -> None:
    assert classify(page(body=body), "2003-11").reason == reason


def test_numbers_read_both_ways_stand_for_both_days() -> None:
    (mention,) = mentions("on 08/09/2025")
    assert mention.days == {(2025, 8, 9), (2025, 9, 8)}
    assert mentions("version 1.19.08.2025") == []
    assert mentions("2025-02-30 and 13/13/2025") == []


def test_a_publication_date_only_in_a_script_s_data_leaves_the_update_within_reach() -> None:
    # an app's state blob holds the publication date; the fields and the text show only the
    # update, which an extractor that finds no publication date may fall back to
    blob = '<script>self.__data={"datePublished":"2025-01-29T20:47:55+00:00"}</script>'
    html = page(MODIFIED_META + blob, "<p>Updated: August 19, 2025</p>")
    assert classify(html, "2025-08-19").reason is None
    json_ld = '<script type="application/ld+json">{"datePublished":"2025-01-29"}</script>'
    assert classify(page(MODIFIED_META + json_ld), "2025-08-19").reason == MODIFIED_ONLY
