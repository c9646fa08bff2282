"""Metadata repair from text: dates, date lines, datelines, bylines, contributor lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extractors.language import detect_language
from extractors.meta.dateline import parse_dateline
from extractors.meta.dates import find_date, parse_date_line
from extractors.meta.people import parse_byline, parse_contributor_line
from extractors.text.clean import clean_text_dump


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published November 20, 2024 04:45PM EST", datetime(2024, 11, 20, 21, 45, tzinfo=UTC)),
        ("date 2024-11-20", datetime(2024, 11, 20, tzinfo=UTC)),
        ("2024-03-10T08:30:00+02:00", datetime(2024, 3, 10, 6, 30, tzinfo=UTC)),
        ("Posted 5 June 2023, 14:05 BST", datetime(2023, 6, 5, 13, 5, tzinfo=UTC)),
        ("Updated Jan. 3, 2022 at 11:59 p.m. PST", datetime(2022, 1, 4, 7, 59, tzinfo=UTC)),
        ("March 1st, 2021", datetime(2021, 3, 1, tzinfo=UTC)),
        ("12:30 AM EDT, Sun July 7, 2019", datetime(2019, 7, 7, 4, 30, tzinfo=UTC)),
        ("Updated 3:15 p.m. Nov. 4, 2023", datetime(2023, 11, 4, 15, 15, tzinfo=UTC)),
        # numbers only: dots put the day first; slashes are read when one number is a day
        ("17.05.2021", datetime(2021, 5, 17, tzinfo=UTC)),
        ("23.07.2025 · 6 min read", datetime(2025, 7, 23, tzinfo=UTC)),
        ("12.05.2023 14:30", datetime(2023, 5, 12, 14, 30, tzinfo=UTC)),
        ("2/24/2026", datetime(2026, 2, 24, tzinfo=UTC)),
        ("24/2/2026", datetime(2026, 2, 24, tzinfo=UTC)),
        ("4/24/2000 12:00 AM", datetime(2000, 4, 24, tzinfo=UTC)),
    ],
)
def test_find_date_reads_time_and_zone(text: str, expected: datetime) -> None:
    found = find_date(text)
    assert found is not None
    assert found.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-13-45",
        "February 30, 2023",
        "no date here",
        "1850-01-01",
        "3/4/2024",  # March 4 or 3 April: stays unread
        "v1.2.2024",  # a version number
        "10.5.2021.3",
        "31.02.2024",
    ],
)
def test_find_date_refuses_what_is_not_a_date(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    "line", ["1/1/2024 +13.1%", "17.05.2021 1,204 4.2%", "29 November 2018 | 20 January 2019"]
)
def test_a_date_beside_other_numbers_is_no_date_line(line: str) -> None:
    # a data table's row, or the dates of an event: the article's, not its publication's
    assert parse_date_line(line) is None


def test_date_line_is_a_line_with_only_a_date() -> None:
    parsed = parse_date_line("Updated Jan. 3, 2022 at 11:59 p.m. PST")
    assert parsed is not None and parsed[1] == "updated"
    assert parse_date_line("The treaty was signed on November 20, 2024 in Geneva.") is None


@pytest.mark.parametrize(
    ("line", "expected", "label"),
    [
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", datetime(2018, 1, 22, 0, 13), None),
        ("Publicado el 3 de mayo de 2024", datetime(2024, 5, 3), "publicado"),
        ("Mis à jour le 12 juillet 2023 à 18h05", datetime(2023, 7, 12, 18, 5), "mis à jour"),
        ("Montag, 3. März 2024 um 14:30 Uhr", datetime(2024, 3, 3, 14, 30), None),
        ("mercoledì 5 giugno 2024, 10:20", datetime(2024, 6, 5, 10, 20), None),
        ("zaterdag 2 maart 2024", datetime(2024, 3, 2), None),
    ],
)
def test_date_lines_in_other_languages(line: str, expected: datetime, label: str | None) -> None:
    parsed = parse_date_line(line)
    assert parsed is not None
    assert parsed[0].value == expected.replace(tzinfo=UTC)
    assert parsed[1] == label


def test_a_foreign_month_inside_a_sentence_is_no_date_line() -> None:
    assert parse_date_line("Marco Polo partit le 12 mars 1271 pour la Chine.") is None
    assert parse_date_line("Amsterdam, 3 maart 2024") is None


def test_a_portuguese_date_line_leaves_the_text() -> None:
    body = (
        "O calendário da temporada foi divulgado pela categoria nesta segunda-feira, em São Paulo."
    )
    result = clean_text_dump(f"Calendário 2018\n\nsegunda-feira, 22 de janeiro de 2018\n\n{body}\n")
    assert result.paragraphs == [body]
    assert result.published is not None
    assert result.published.value == datetime(2018, 1, 22, tzinfo=UTC)


def test_publication_date_wins_over_update() -> None:
    body = "The council met on Tuesday and voted for the plan after a long debate, officials said."
    dump = f"Council votes\n\nUpdated May 3, 2024\n\nPublished May 1, 2024\n\n{body}\n"
    result = clean_text_dump(dump)
    assert result.published is not None
    assert result.published.value == datetime(2024, 5, 1, tzinfo=UTC)
    assert result.published_text == "Published May 1, 2024"


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "rest"),
    [
        ("KYIV, Ukraine — (AP) — The Biden administration", "KYIV, Ukraine", "AP", "The Biden"),
        ("LONDON (Reuters) - British inflation rose", "LONDON", "Reuters", "British"),
        ("WASHINGTON — The Senate voted", "WASHINGTON", None, "The Senate"),
        ("NEW YORK, Nov 20 (Reuters) - Stocks fell", "NEW YORK, Nov 20", "Reuters", "Stocks"),
        ("PARIS (AFP) – France said", "PARIS", "AFP", "France"),
        ("SAN JUAN, Puerto Rico—A storm", "SAN JUAN, Puerto Rico", None, "A storm"),
    ],
)
def test_dateline_is_parsed_off(paragraph: str, place: str, agency: str | None, rest: str) -> None:
    found = parse_dateline(paragraph)
    assert found is not None
    assert (found.place, found.agency) == (place, agency)
    assert found.rest.startswith(rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "NATO — the alliance said on Monday that it would meet.",
        "The Biden administration said Wednesday — in a surprise — that it would act.",
        "US officials said the mines would be used only on Ukrainian soil.",
        "I — and many others — disagree with this decision, he said.",
    ],
)
def test_no_dateline_in_ordinary_sentences(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "names", "agency"),
    [
        ("By Jane Doe and John Roe, Associated Press", ("Jane Doe", "John Roe"), "AP"),
        ("By JANE DOE", ("Jane Doe",), None),
        ("By Maria Lopez, Staff Writer", ("Maria Lopez",), None),
        ("Written by Ana María García | Reuters", ("Ana María García",), "Reuters"),
        ("By Sam O'Neil, Lee Chen & Priya Patel", ("Sam O'Neil", "Lee Chen", "Priya Patel"), None),
        ("By Tom Smith, Senior Political Correspondent", ("Tom Smith",), None),
        ("By Jane Doe jane.doe@example.com", ("Jane Doe",), None),
    ],
)
def test_byline(line: str, names: tuple[str, ...], agency: str | None) -> None:
    credit = parse_byline(line)
    assert credit is not None
    assert (credit.names, credit.agency) == (names, agency)


@pytest.mark.parametrize(
    "name",
    [
        "Jack White",
        "Emily Post",
        "Amy Wood",
        "Tom Hall",
        "Grace Church",
        "John Major",
        "Summer Rivers",
    ],
)
def test_names_that_hold_common_words_are_names(name: str) -> None:
    for line in (f"By {name}", f"By {name}, Staff Writer"):
        credit = parse_byline(line)
        assert credit is not None and credit.names == (name,), line
    credit = parse_byline(f"By {name} and Jane Doe")
    assert credit is not None and credit.names == (name, "Jane Doe")


@pytest.mark.parametrize(
    "line",
    ["By White House Staff", "By Post Staff", "By The Post", "By Sports Desk", "By Staff Writer"],
)
def test_desks_roles_and_outlets_are_still_no_names(line: str) -> None:
    credit = parse_byline(line)
    assert credit is None or credit.names == ()


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the troops had withdrawn from the city.",
        "By the end of the year, prices had doubled.",
        "By contrast, exports grew.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "Lolita C. Baldor and Tara Copp contributed from Washington.",
            ("Lolita C. Baldor", "Tara Copp"),
        ),
        (
            "Associated Press writer Jill Lawless in London contributed to this report.",
            ("Jill Lawless",),
        ),
        ("Reporting by Jane Doe in Kyiv; Editing by John Roe", ("Jane Doe", "John Roe")),
        ("Contributing: Amy Li, Ben Ross", ("Amy Li", "Ben Ross")),
    ],
)
def test_contributor_line(line: str, names: tuple[str, ...]) -> None:
    credit = parse_contributor_line(line)
    assert credit is not None
    assert credit.names == names


@pytest.mark.parametrize(
    "line",
    [
        "Several countries contributed troops to the mission.",
        "Officials contributed $5 million to the fund.",
        "Rising costs contributed to the decline.",
    ],
)
def test_sentences_with_contributed_are_not_contributor_lines(line: str) -> None:
    assert parse_contributor_line(line) is None


def test_byline_in_a_dump_becomes_authors_and_leaves_the_text() -> None:
    body = "The council met on Tuesday and voted for the plan after a long debate, officials said."
    result = clean_text_dump(f"Council votes for plan\n\nBy Jane Doe and John Roe, AP\n\n{body}\n")
    assert result.authors == ["Jane Doe", "John Roe"]
    assert result.agency == "AP"
    assert result.text == body


def test_language_is_deterministic_and_iso_639_1() -> None:
    text = "Der Bundestag hat am Donnerstag ein neues Gesetz zur Energiepolitik beschlossen."
    assert detect_language(text) == detect_language(text)
    assert detect_language(text)[0] == "de"
    assert detect_language("新华社北京电 国家统计局今天发布了最新的经济数据。")[0] == "zh"
    assert detect_language("12345 !!!") == (None, None)


def test_chinese_and_japanese_words_are_counted_by_character() -> None:
    from extractors.words import word_count

    assert word_count("The quick brown fox") == 4
    assert word_count("商標権侵害になるのでしょうか") == 14
    assert word_count("iPhoneを販売") == 4
    # every kind of space parts words, as it does between Chinese characters
    assert word_count("a\u00a0b\u2009c\u3000d\x1fe\u2028f  g") == 7
    assert word_count("a\u00a0中\u3000b") == 3


def test_a_short_japanese_article_is_not_too_short() -> None:
    from extractors.pipeline import process_page
    from extractors.record import Article

    text = (
        "先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕された"
        "というニュースを耳にしました。\n\n報道によると、今回販売されたのは、いわゆる「脱獄」した"
        "iPhone。\n"
    )
    record = process_page(text.encode(), "ja.txt", input_format="text")
    assert isinstance(record, Article)
    assert record.language == "ja"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe, Nurse Practitioner", ("Jane Doe",)),
        ("By Jane Doe and Omar Haddad, Software Engineer", ("Jane Doe", "Omar Haddad")),
        ("By Jane Doe, Chief Nursing Officer", ("Jane Doe",)),
        ("By Associated Press writers Jane Doe and Omar Haddad", ("Jane Doe", "Omar Haddad")),
        ("By Jane Doe, Staff Writer", ("Jane Doe",)),
    ],
)
def test_both_paths_know_the_same_role_words(byline: str, names: tuple[str, ...]) -> None:
    from extractors.meta.people import clean_authors

    credit = parse_byline(byline)  # the text path's byline line
    assert credit is not None and credit.names == names
    # the HTML path's visible byline
    assert tuple(clean_authors(byline, structured=False, site_keys=set())) == names
