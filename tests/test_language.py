"""Language identification: langdetect's answers, from the faster detector."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import language
from extractors.language import detect_language

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
TEXTS = [
    "Die Stadt hat am Dienstag beschlossen, die alte Brücke für achtzehn Monate zu schließen.",
    "Le conseil municipal a voté mardi la fermeture du vieux pont pendant dix-huit mois.",
    "El ayuntamiento votó el martes cerrar el viejo puente durante dieciocho meses.",
    "Городской совет во вторник проголосовал за закрытие старого моста на полтора года.",
    "市议会周二投票决定关闭这座旧桥十八个月。",
    "東京都は火曜日、古い橋を十八か月間閉鎖すると発表した。",
    "USA TODAY and the AP REPORTED that NEW YORK officials met on Tuesday.",
    "See https://example.com/a?b=c and write to desk@example.com   for   more.",
    "Mặc dù trời mưa, người dân vẫn đến dự lễ hội ở Hà Nội.",
    # Latin letters among Cyrillic ones go before the n-grams are read (langdetect's cleaning)
    "Городской совет (City Council, OK) во вторник проголосовал за закрытие моста [sic].",
    "ÉCOLE NORMALE SUPÉRIEURE: les élèves de l'ÉNS ont voté. ЦСКА и IBM — ПАО «Газпром».",
    "ok",
]


def _langdetect(text: str) -> tuple[str | None, float | None]:
    """What langdetect's own detector answers, with the same profiles, seed and cap."""
    return language.language_of(text, language._factory().create())


@pytest.mark.parametrize(
    "text", [p.read_text(encoding="utf-8") for p in SEEDS] + TEXTS, ids=lambda t: t[:20]
)
def test_the_same_answer_as_langdetect(text: str) -> None:
    assert detect_language(text) == _langdetect(text)


@pytest.mark.parametrize("text", TEXTS[:-1], ids=lambda t: t[:20])
def test_every_language_probability_is_langdetects_to_the_last_bit(text: str) -> None:
    factory = language._factory()
    ours, theirs = language._Detector(factory), factory.create()
    ours.append(text)
    theirs.append(text)
    assert [(p.lang, float(p.prob)) for p in ours.get_probabilities()] == [
        (p.lang, p.prob) for p in theirs.get_probabilities()
    ]


def test_language_of_a_text_without_letters_is_unknown() -> None:
    assert detect_language("12 345 — 678") == (None, None)


def test_the_same_n_grams_as_langdetect() -> None:
    factory = language._factory()
    for text in TEXTS:
        ours, theirs = language._Detector(factory), factory.create()
        ours.append(text)
        theirs.append(text)
        ours.cleaning_text()
        theirs.cleaning_text()
        assert ours.text == theirs.text
        assert ours._extract_ngrams() == theirs._extract_ngrams()
