"""The stories benchmark's corpus: each kind of copy changes its original as the benchmark
says, and a seed gives the same corpus (its figures are for the command to print, not for a
test to judge)."""

from __future__ import annotations

import importlib
import random
from datetime import UTC, datetime

import pytest

from benchmarks import stories
from benchmarks.bench_data import DEFAULT_BENCH_DIR
from benchmarks.stories import (
    COPY_KINDS,
    ORIGINAL,
    SYNONYMS,
    Page,
    build_corpus,
    light_rewrite,
    paragraphs_of,
    sentences_of,
    spun_copy,
    wire_copy,
)

PARAGRAPHS = [
    "The city council said on Monday that the new bridge would open early next year. "
    "Officials told reporters that the project had cost more than expected. "
    "Many people in the area have waited a long time for it.",
    "Work on the bridge started three years ago, when the government found money for it. "
    "The main problem was the weather, which made the job very hard. "
    "Several companies helped to build the structure.",
    "Local businesses hope the bridge will bring more customers to the old town. "
    "A small shop owner said she expected a big increase in trade. "
    "Others said the change would take time.",
    "Experts said the bridge is important for the whole region. "
    "They also said it would reduce traffic on the main road. "
    "The council plans to hold a public event when it opens.",
    "Children from the local school will be the first to cross it. "
    "Their teachers said the students were very happy about the news. "
    "The mayor thanked every member of the team.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def _page(title: str = "Council says new bridge opens next year", text: str = TEXT) -> Page:
    return Page(
        title=title,
        text=text,
        site="news.example",
        published_at=datetime(2025, 3, 1, tzinfo=UTC),
    )


def _sentences(text: str) -> list[str]:
    return [s for p in paragraphs_of(text) for s in sentences_of(p)]


def test_the_synonym_table_swaps_one_lower_case_word_for_another() -> None:
    assert len(SYNONYMS) >= 200
    for word, synonym in SYNONYMS.items():
        assert word.isalpha() and word.islower(), word
        assert synonym.isalpha() and synonym.islower(), synonym
        assert word != synonym


def test_a_wire_copy_keeps_a_prefix_of_the_paragraphs_and_changes_the_headline() -> None:
    original = _page()
    for seed in range(20):
        copy = wire_copy(original, random.Random(seed))
        header, *body, footer = paragraphs_of(copy.text)
        assert 3 <= len(body) <= 4  # 60 to 80% of five paragraphs
        assert body == PARAGRAPHS[: len(body)]
        assert header not in PARAGRAPHS and footer not in PARAGRAPHS
        assert copy.title != original.title
        assert original.title in copy.title
        assert copy.site != original.site
        assert copy.published_at is not None and original.published_at is not None
        assert copy.published_at > original.published_at


def test_a_spun_copy_keeps_its_sentences_and_their_lengths_and_swaps_most_words() -> None:
    original = _page()
    copy = spun_copy(original, random.Random(3))
    old, new = _sentences(original.text), _sentences(copy.text)
    assert len(new) == len(old)
    assert [len(s.split()) for s in new] == [len(s.split()) for s in old]
    swapped = [
        (a, b)
        for s, t in zip(old, new, strict=True)
        for a, b in zip(s.split(), t.split(), strict=True)
        if a != b
    ]
    assert swapped
    assert all(SYNONYMS[a.strip(".,")] == b.strip(".,") for a, b in swapped)
    # a spinner swaps most of the words it has a synonym for (stories.SPIN_RATE)
    replaceable = sum(w.strip(".,") in SYNONYMS for w in original.text.split())
    assert replaceable * stories.SPIN_RATE[0] * 0.8 <= len(swapped) <= replaceable


def test_only_lower_case_words_are_swapped() -> None:
    # a capitalised word may be a name, which a spinner keeps
    swapped = stories.swap_synonyms("People said the Team would help.", 1.0, random.Random(0))
    assert swapped == "People stated the Team would assist."


def test_a_light_rewrite_drops_sentences_and_keeps_the_rest() -> None:
    original = _page()
    copy = light_rewrite(original, random.Random(1))
    old, new = _sentences(original.text), _sentences(copy.text)
    assert 0 < len(new) < len(old)
    assert new != [s for s in old if s in new]  # some sentence moved or changed


def test_the_corpus_holds_each_kind_of_copy_of_the_chosen_originals() -> None:
    originals = [_page(f"Story {i}", TEXT.replace("bridge", f"bridge {i}")) for i in range(6)]
    corpus = build_corpus(originals, copied=2, seed=5, min_words=10)
    assert len(corpus) == 6 + 2 * len(COPY_KINDS)
    by_id = {doc.doc_id: doc for doc in corpus}
    assert len(by_id) == len(corpus)
    copies = [doc for doc in corpus if doc.kind != ORIGINAL]
    assert sorted(doc.kind for doc in copies) == sorted(COPY_KINDS * 2)
    for doc in copies:
        assert by_id[doc.original_id].kind == ORIGINAL
    exact = [doc for doc in copies if doc.kind == "exact"]
    assert all(doc.page.text == by_id[doc.original_id].page.text for doc in exact)


def test_the_corpus_is_the_same_for_a_seed() -> None:
    originals = [_page(f"Story {i}", TEXT.replace("bridge", f"bridge {i}")) for i in range(6)]
    first = build_corpus(originals, copied=3, seed=11, min_words=10)
    assert build_corpus(originals, copied=3, seed=11, min_words=10) == first
    assert build_corpus(originals, copied=3, seed=12, min_words=10) != first


def test_short_originals_are_not_copied() -> None:
    originals = [_page(text="Too short to copy."), _page()]
    corpus = build_corpus(originals, copied=2, seed=1, min_words=50)
    assert len(corpus) == 2 + len(COPY_KINDS)
    copied = {doc.original_id for doc in corpus if doc.kind != ORIGINAL}
    (only,) = copied
    assert {d.doc_id: d for d in corpus}[only].page.text == TEXT


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


@pytest.mark.skipif(
    not DEFAULT_BENCH_DIR.is_dir(),
    reason=f"benchmark pages not found at {DEFAULT_BENCH_DIR}: the quality run cannot run",
)
@pytest.mark.skipif(
    not _importable("flows.stories"), reason="flows.stories cannot be imported: no step to run"
)
def test_the_quality_run_gives_shares() -> None:
    report, corpus, _ = stories.run_quality(originals=20, limit=120)
    assert sum(doc.kind != ORIGINAL for doc in corpus) == 20 * len(COPY_KINDS)
    assert report.counts["missing rows"] == 0
    for name, value in report.figures.items():
        assert isinstance(value, float), name
        assert 0.0 <= value <= 1.0, name
