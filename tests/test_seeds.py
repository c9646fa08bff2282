"""The five sample dumps: golden files, the facts the seeds must give, and no sentence lost.

Golden files are regenerated with ``python tests/regenerate_golden.py`` and reviewed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from regenerate_golden import VERSION_FILE, golden_record, goldens_digest

from extractors.pipeline import process_page
from extractors.record import PIPELINE_VERSION, Article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# Lines of each dump that are not article text (read off the dumps by hand), and the metadata
# prefix of the first paragraph. Every other sentence of a dump must be in the article text.
NOT_ARTICLE: dict[str, set[str]] = {
    "000": set(),
    "001": {
        "___",
        "Lolita C. Baldor and Tara Copp contributed from Washington.",
        "Comply with the AP’s protection of the conflict at https://apnews.com/hub/russia-ukraine",
    },
    "002": {
        "Home |",
        "US will allow Ukraine to use antipersonnel land mines against Russian forces.",
        "Spacer",
    },
    "003": {
        "World",
        "Biden approves the provision of anti-personnel mines to Ukraine",
        "Published November 20, 2024 04:45PM EST",
        "Advertise With Us",
        "BVD Newsletters",
        "Sign up for free newsletters and get more BVD delivered to your inbox",
        "Get this delivered to your inbox, and more info about our products and services.",
        "© 2024 BVD LLC. All Rights Reserved.",
        "Data is a real-time snapshot *Data is delayed at least 15 minutes. Global Business and "
        "Financial News, Stock Quotes, and Market Data and Analysis.",
        "Market Data Terms of Use and Disclaimers",
        "Data also provided by REFINITY",
        "0",
        "Would love your thoughts, please comment.x",
        "()",
        "x",
    },
    "004": {"Biden approves anti-personnel mines for Ukraine, US official says"},
}
PREFIX = {
    "000": "date 2024-11-20 KYIV, Ukraine — (AP) — ",
    "001": "KYIV, Ukraine — ",
    "002": "KYIV, Ukraine—",
}


def _seed(prefix: str) -> Path:
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


def _clean(prefix: str) -> Article:
    path = _seed(prefix)
    record = process_page(path.read_bytes(), f"seeds/{path.name}", input_format="text")
    assert isinstance(record, Article), record
    return record


def test_there_are_five_seeds() -> None:
    assert [p.name[:3] for p in SEED_FILES] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_golden(path: Path) -> None:
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text())
    assert golden_record(path) == expected


def test_the_goldens_were_made_by_this_version() -> None:
    # Changed goldens under an unchanged version would let a rerun resume old parts with old
    # rows: tests/regenerate_golden.py records the version and refuses that.
    recorded = json.loads(VERSION_FILE.read_text())
    texts = {p.name: p.read_text() for p in sorted(GOLDEN.glob("0*.json"))}
    assert recorded["digest"] == goldens_digest(texts), "goldens edited by hand"
    assert recorded["pipeline_version"] == PIPELINE_VERSION


@pytest.mark.parametrize("prefix", list(NOT_ARTICLE))
def test_every_article_sentence_stays_and_no_chrome_does(prefix: str) -> None:
    article = _clean(prefix)
    lines = [line.strip() for line in _seed(prefix).read_text().split("\n")]
    lines = [line.replace("\u00a0", " ").strip() for line in lines]
    content = [line for line in lines if line]
    paragraphs = article.text.split("\n\n")
    for line in content:
        if line in NOT_ARTICLE[prefix]:
            assert line not in paragraphs
            assert len(line) < 20 or line not in article.text
            continue
        if prefix in PREFIX and line.startswith(PREFIX[prefix]):
            line = line[len(PREFIX[prefix]) :]
        for sentence in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", line):
            assert sentence in article.text, sentence
    assert len(paragraphs) == len(set(paragraphs)), "a paragraph is repeated"
    assert all(p == p.strip() and p for p in paragraphs)


def test_000() -> None:
    a = _clean("000")
    assert a.published_at == datetime(2024, 11, 20, tzinfo=UTC)
    assert a.published_text == "date 2024-11-20"
    assert (a.dateline, a.agency) == ("KYIV, Ukraine", "AP")
    assert a.text.startswith("The Biden administration said Wednesday")


def test_001() -> None:
    a = _clean("001")
    assert a.contributors == ("Lolita C. Baldor", "Tara Copp")
    assert a.dateline == "KYIV, Ukraine"
    for chrome in (
        "___",
        "contributed from Washington",
        "apnews.com",
        "protection of the conflict",
    ):
        assert chrome not in a.text


def test_002() -> None:
    a = _clean("002")
    assert a.title == "US will allow Ukraine to use antipersonnel land mines against Russian forces"
    assert "Home" not in a.text.split("\n\n")[0]
    assert "Spacer" not in a.text
    speaking = "Speaking to reporters on a trip to Laos"
    assert a.text.count(speaking) == 1
    assert a.text.count("Antipersonnel land mines have long been condemned") == 1


def test_003() -> None:
    a = _clean("003")
    assert a.section == "World"
    assert a.title == "Biden approves the provision of anti-personnel mines to Ukraine"
    assert a.published_at == datetime(2024, 11, 20, 21, 45, tzinfo=UTC)
    assert a.published_text == "Published November 20, 2024 04:45PM EST"
    assert a.text.endswith("the Kremlin has vowed to respond.")


def test_004() -> None:
    a = _clean("004")
    assert a.title == "Biden approves anti-personnel mines for Ukraine, US official says"
    assert a.text.startswith("US President Joe Biden has approved")


@pytest.mark.parametrize("prefix", list(NOT_ARTICLE))
def test_all_seeds_are_english(prefix: str) -> None:
    a = _clean(prefix)
    assert a.language == "en"
    assert a.language_score is not None and a.language_score > 0.9
    assert a.word_count == len(a.text.split())
