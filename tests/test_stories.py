"""Copies of one story, on texts built here: each signature, each role, the spun signal,
union-find over chained pairs, stable ids, and the stories step over an output."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from extractors.record import Signature, signatures_table
from extractors.stories.group import compare, group, spun_against, story_rows
from extractors.stories.signatures import signature_of
from flows.parquet_io import write_part
from flows.stories import build_stories

ROOT = Path(__file__).resolve().parents[1]

PARAGRAPHS = [
    "Riverton Mayor Anna Kowalski said on Monday that the Harbour Bridge will close for "
    "eighteen months from March 3, after engineers from Delta Structures found corrosion in "
    "its steel beams.",
    "The repairs will cost about 60 million dollars, paid by the Ohio Transport Fund and by "
    "the city, which approved 12 million dollars last week.",
    "Commuters will be sent over the Mill Street and Canal Road crossings, which the Riverton "
    "Transit Authority expects to add 15 minutes to a morning trip.",
    "Shops near the bridge told the Riverton Chamber of Commerce that they fear losing half "
    "their customers, and asked Kowalski to keep one lane open.",
    "Kowalski said the Ohio Department of Transportation would review that request with Delta "
    "Structures before the closure begins on March 3.",
]
ORIGINAL = "\n\n".join(PARAGRAPHS)
# one-for-one swaps of common words: a spinner's synonyms
SWAPS = {
    "said": "mentioned",
    "will": "shall",
    "close": "shut",
    "found": "discovered",
    "repairs": "fixes",
    "cost": "price",
    "about": "roughly",
    "expects": "anticipates",
    "trip": "journey",
    "fear": "dread",
    "losing": "shedding",
    "asked": "requested",
    "review": "examine",
    "request": "demand",
    "begins": "starts",
    "sent": "routed",
    "told": "informed",
}
OTHER = (
    "A new library opened in Springfield on Saturday, with 40,000 books and a hall for "
    "concerts. Librarian Maria Gomez said the building took three years to finish. The "
    "Springfield Council paid 8 million dollars for it, and a school district gave the rest."
)


def _spun(text: str) -> str:
    return " ".join(SWAPS.get(w, w) for w in text.split(" "))


def _sig(doc_id: str, text: str, published: datetime | None = None) -> Signature:
    return signature_of(doc_id, text, published_at=published)


def test_an_exact_copy_has_the_same_text_hash_whatever_its_layout() -> None:
    relaid = "\n".join(p.upper().replace(",", " ,") for p in PARAGRAPHS)
    a, b = _sig("a", ORIGINAL), _sig("b", relaid)
    assert a.text_hash == b.text_hash
    assert compare(a, b) is not None and compare(a, b).kind == "exact"  # type: ignore[union-attr]


def test_signatures_are_the_same_on_every_run() -> None:
    code = (
        "from extractors.stories.signatures import signature_of;"
        f"print(signature_of('a', {ORIGINAL!r}).word_minhash[:5])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
    assert runs == {f"{_sig('a', ORIGINAL).word_minhash[:5]}\n"}


def test_a_text_is_read_into_words_sentences_and_names() -> None:
    text = (
        "The U.S. Army paid 1,000 dollars, 3.5x more, to Anna’s firm in İstanbul.\n"
        "NATO agreed... Kyiv 𝔘nits waited!  Then it rained"
    )
    signature = _sig("a", text)
    # an abbreviation's and a figure's stops end no sentence; a run of stops, a line break do
    assert signature.sentence_words == (13, 2, 3, 3)
    assert signature.word_count == 21
    # names and figures: "U.S.", "Army", "1,000", "3.5x", "Anna", "İstanbul"; a sentence's
    # first word only in capitals ("NATO", not "Then")
    assert signature.sentence_keys[0] != 0
    assert signature.sentence_keys[1:] == (0, 0, 0)
    # names are compared without their possessive, words in any case, any apostrophe
    same = _sig(
        "b",
        "the u.s. army paid 1,000 dollars , 3.5X more , to anna's firm in İSTANBUL .\n"
        "NATO agreed ... kyiv 𝔘nits waited ! then it rained",
    )
    assert same.text_hash == signature.text_hash
    assert same.sentence_hashes == signature.sentence_hashes
    possessive = _sig("c", "Anna’s firm paid Delta Structures in Kyiv.")
    plain = _sig("d", "Anna firm paid Delta Structures in Kyiv.")
    assert possessive.entity_minhash == plain.entity_minhash
    assert possessive.word_minhash != plain.word_minhash


def test_an_empty_text_has_an_empty_signature() -> None:
    for text in ("", "  \n ", "... !"):
        signature = _sig("a", text)
        assert signature.word_count == 0
        assert signature.sentence_hashes == signature.word_minhash == ()
        assert signature.text_hash == _sig("b", "").text_hash


def test_a_wire_copy_trimmed_and_retitled_is_a_near_copy() -> None:
    wire = "\n\n".join(
        ["Bridge to shut for a year and a half", *PARAGRAPHS[:4], "Reprinted by permission."]
    )
    verdict = compare(_sig("a", ORIGINAL), _sig("b", wire))
    assert verdict is not None and verdict.kind == "near"


def test_a_spun_copy_is_a_rewrite_flagged_spun() -> None:
    original, spun = _sig("a", ORIGINAL), _sig("b", _spun(ORIGINAL))
    verdict = compare(original, spun)
    assert verdict is not None and verdict.kind == "rewrite"
    assert spun_against(spun, original)
    rows = {r.doc_id: r for r in group([original, spun], [(0, 1)])}
    assert rows["a"].role == "canonical" and rows["a"].flags == ()
    assert rows["b"].role == "rewrite" and rows["b"].flags == ("spun",)


def test_a_reordered_rewrite_is_not_flagged_spun() -> None:
    rewrite = " ".join(
        [
            PARAGRAPHS[2],
            PARAGRAPHS[0].replace("said on Monday that", "announced Monday"),
            PARAGRAPHS[1].replace("about", "some").replace(", paid by", " from"),
        ]
    )
    assert not spun_against(_sig("b", rewrite), _sig("a", ORIGINAL))


# prose with few names: a spinner changes the sentences that name nobody as much as the others
ESSAY = (
    "Riverton will close its Harbour Bridge for repairs. The closure will cost commuters "
    "about a quarter of an hour each morning. Most of them said they would drive anyway. "
    "Some asked for a ferry while the work goes on. Others fear losing the shops they "
    "visit on the way home. Engineers found that the steel was weaker than expected. "
    "The repairs will begin once the weather turns warm. The work goes to Delta Structures."
)


def test_a_spun_copy_is_aligned_sentence_by_sentence_names_or_none() -> None:
    original = _sig("a", ESSAY)
    # the sentences with names stay word for word: only those that name nobody change
    assert sum(1 for key in original.sentence_keys if key) <= 3
    spun = _sig("b", _spun(ESSAY))
    changed = zip(spun.sentence_hashes, original.sentence_hashes, strict=True)
    assert sum(a != b for a, b in changed) >= 5
    assert spun_against(spun, original)
    # a copy with one sentence corrected, and a copy cut short, are not spun
    corrected = ESSAY.replace("a quarter of an hour", "twenty minutes")
    assert not spun_against(_sig("c", corrected), original)
    cut = ESSAY.rsplit(". ", 3)[0] + "."
    assert not spun_against(_sig("d", cut), original)


def test_another_story_is_not_a_copy() -> None:
    assert compare(_sig("a", ORIGINAL), _sig("b", OTHER)) is None


def test_copies_published_far_apart_are_two_stories() -> None:
    day = datetime(2024, 3, 1, tzinfo=UTC)
    spun = _spun(ORIGINAL)
    assert compare(_sig("a", ORIGINAL, day), _sig("b", spun, day.replace(day=2))) is not None
    assert compare(_sig("a", ORIGINAL, day), _sig("b", spun, day.replace(day=20))) is None


def test_chained_pairs_make_one_story_with_stable_ids() -> None:
    wire = "\n\n".join(PARAGRAPHS[:4])
    sigs = [_sig("c", wire), _sig("a", ORIGINAL), _sig("b", _spun(ORIGINAL)), _sig("d", OTHER)]
    rows = group(sigs, [(0, 1), (1, 2)])
    story = {r.doc_id: r.story_id for r in rows}
    assert story["a"] == story["b"] == story["c"] != story["d"]
    assert {r.doc_id: r.story_size for r in rows} == {"a": 3, "b": 3, "c": 3, "d": 1}
    # a rerun, in another order, gives the same ids
    again = group(list(reversed(sigs)), [(3 - 0, 3 - 1), (3 - 1, 3 - 2)])
    assert {r.doc_id: r.story_id for r in again} == story


def test_a_text_with_repeated_paragraphs_is_flagged() -> None:
    doubled = "\n\n".join([*PARAGRAPHS, PARAGRAPHS[1], PARAGRAPHS[2]])
    (row,) = group([_sig("a", doubled)], [])
    assert row.flags == ("repeated_paragraphs",)


def test_the_stories_step_over_an_output(tmp_path: Path) -> None:
    sigs = [
        _sig("a", ORIGINAL),
        _sig("b", ORIGINAL),
        _sig("c", _spun(ORIGINAL)),
        _sig("d", OTHER),
        _sig("e", "\n\n".join([*PARAGRAPHS, PARAGRAPHS[1], PARAGRAPHS[2]]).replace("Ohio", "Iowa")),
    ]
    write_part(signatures_table(sigs[:3]), tmp_path / "signatures" / "part-1.parquet")
    write_part(signatures_table(sigs[3:]), tmp_path / "signatures" / "part-2.parquet")
    summary = build_stories(tmp_path)
    (part,) = (tmp_path / "stories").glob("part-*.parquet")
    rows = {r["doc_id"]: r for r in pq.read_table(part).to_pylist()}
    assert set(rows) == {"a", "b", "c", "d", "e"}
    assert rows["a"]["story_id"] == rows["b"]["story_id"] == rows["c"]["story_id"]
    assert {rows[k]["role"] for k in "bc"} == {"exact_copy", "rewrite"}
    assert rows["d"]["story_size"] == 1 and rows["d"]["role"] == "canonical"
    # a near copy with two paragraphs written twice
    assert rows["e"]["story_id"] == rows["a"]["story_id"] and rows["e"]["role"] == "near_copy"
    assert rows["e"]["flags"] == ["repeated_paragraphs"]
    assert summary["stories"] == 2
    assert summary["roles"] == {"canonical": 2, "exact_copy": 1, "near_copy": 1, "rewrite": 1}
    # a rerun replaces the part with the same rows
    build_stories(tmp_path)
    (again,) = (tmp_path / "stories").glob("part-*.parquet")
    assert pq.read_table(again).to_pylist() == pq.read_table(part).to_pylist()


def test_the_command_recomputes_an_outputs_stories(tmp_path: Path) -> None:
    write_part(
        signatures_table([_sig("a", ORIGINAL), _sig("b", ORIGINAL)]),
        tmp_path / "signatures" / "part-1.parquet",
    )
    done = subprocess.run(
        [sys.executable, "-m", "flows.stories", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "2 articles in 1 stories" in done.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "flows.stories", str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert missing.returncode == 2 and "no signatures folder" in missing.stderr


def test_an_output_with_no_articles_gets_an_empty_stories_table(tmp_path: Path) -> None:
    (tmp_path / "signatures").mkdir()
    assert build_stories(tmp_path)["stories"] == 0
    (part,) = (tmp_path / "stories").glob("part-*.parquet")
    assert pq.read_table(part).num_rows == 0


def test_an_excerpt_of_a_long_article_is_found_by_its_lead(tmp_path: Path) -> None:
    # a wire copy that keeps the first paragraphs of a long article: too few of its 5-grams
    # for a MinHash band, all of its lead sentences
    filler = [
        f"Section {n} of the council's report lists the {n * 7} repairs the Riverton bridges "
        f"need before {2030 + n}, and what each of them will cost the city."
        for n in range(1, 60)
    ]
    long_text = "\n\n".join([*PARAGRAPHS, *filler])
    excerpt = "\n\n".join(["From the Riverton Courier:", *PARAGRAPHS[:3]])
    write_part(
        signatures_table([_sig("a", long_text), _sig("b", excerpt)]),
        tmp_path / "signatures" / "part-1.parquet",
    )
    build_stories(tmp_path)
    (part,) = (tmp_path / "stories").glob("part-*.parquet")
    rows = {r["doc_id"]: r for r in pq.read_table(part).to_pylist()}
    assert rows["a"]["story_id"] == rows["b"]["story_id"]
    assert rows["b"]["role"] == "near_copy"


def test_a_story_of_hundreds_of_copies_is_grouped_at_once() -> None:
    # a press release on 1,200 sites, each with a line of its own, and a spun copy of it
    sigs = [_sig(f"site-{n:04d}", f"{ORIGINAL}\n\nSent to site {n}.") for n in range(1200)]
    sigs.append(_sig("zz", _spun(ORIGINAL)))
    started = time.monotonic()
    rows = group(sigs, [(n, n + 1) for n in range(len(sigs) - 1)])
    assert time.monotonic() - started < 5
    assert {r.story_size for r in rows} == {1201}
    assert len({r.canonical_doc_id for r in rows}) == 1
    assert next(r for r in rows if r.doc_id == "zz").flags == ("spun",)


def test_a_story_of_one_is_written_as_the_grouping_would_write_it(tmp_path: Path) -> None:
    # the stories of one article come out of DuckDB: the same id and flags as group() gives
    doubled = "\n\n".join([*PARAGRAPHS, PARAGRAPHS[1], PARAGRAPHS[2]])
    sigs = [_sig("lone", doubled), _sig("other", OTHER)]
    write_part(signatures_table(sigs), tmp_path / "signatures" / "part-1.parquet")
    build_stories(tmp_path)
    (part,) = (tmp_path / "stories").glob("part-*.parquet")
    written = pq.read_table(part).to_pylist()
    expected = group(sigs, [])
    assert [(r["doc_id"], r["story_id"], tuple(r["flags"])) for r in written] == [
        (r.doc_id, r.story_id, r.flags) for r in expected
    ]
    assert written[0]["flags"] == ["repeated_paragraphs"]


def test_the_original_is_canonical_over_a_light_spin_as_closely_copied() -> None:
    # three members, none dated, each copying the two others: the spun one (a word swapped)
    # is further from each than the original and its exact copy are from each other
    light = "\n\n".join([PARAGRAPHS[0].replace("said", "mentioned"), *PARAGRAPHS[1:]])
    members = [_sig("a-spun", light), _sig("b-original", ORIGINAL), _sig("c-copy", ORIGINAL)]
    assert all(compare(m, o) is not None for m in members for o in members if o is not m)
    rows = {r.doc_id: r for r in story_rows(members)}
    assert rows["a-spun"].canonical_doc_id == "b-original"
    assert rows["c-copy"].role == "exact_copy"
    assert rows["a-spun"].role == "near_copy"
