"""Stories from candidate pairs: each pair verified on the two signatures, the verified pairs
joined with union-find, and each story's canonical copy chosen and its members' roles told.

Pure functions over ``Signature`` records: the candidate pairs come from the caller (the band
keys of ``flows.stories``, or any other index).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from extractors.record import Signature, StoryRow

# Two copies of one story are published within this many days of each other, when both
# state a date: a later story on the same people and places is another story.
STORY_MAX_DAYS = timedelta(days=3)
# A near copy shares at least this share of its word 5-grams (MinHash estimate) with the
# other, or this share of the shorter one's sentences word for word (a wire copy trimmed,
# retitled, with a header and a footer of its own).
NEAR_MIN_WORD_SIMILARITY = 0.5
NEAR_MIN_SENTENCE_SHARE = 0.6
# A rewrite (or a spun copy) shares at least this share of its pairs of consecutive names and
# figures. On the seeds, the AP story and its spun and paraphrased copies share 0.30 to 0.33
# of them; another outlet's story of the same event 0.05 to 0.10.
REWRITE_MIN_ENTITY_SIMILARITY = 0.2
# A spun copy: at least SPUN_MIN_ALIGNED of its sentences align with the other copy's (see
# ``aligned_sentences``); at least SPUN_MIN_CHANGED of those differ in their words, and at
# least SPUN_MIN_SAME_LENGTH of the ones that differ keep their length within
# SPUN_LENGTH_SLACK words (words swapped one for one, a phrase here and there). On the
# seeds, the spun copy 001 aligns 12 sentences with the AP story, all changed, 7 within 2
# words of their length; the paraphrase 002 aligns 4. Set on the seeds; on the stories
# benchmark (seeds 20250601, 7, 11 and 13, each half of its sites) they flag 0.88 to 0.93 of
# the spun copies and none of the rest.
SPUN_MIN_ALIGNED = 5
SPUN_MIN_CHANGED = 0.3
SPUN_MIN_SAME_LENGTH = 0.55
SPUN_LENGTH_SLACK = 2
# Up to this many members, a story's canonical copy is told by comparing every pair of them;
# a larger story (a press release copied by hundreds of sites) counts exact copies alone.
SUPPORT_MAX_MEMBERS = 50
# A text with at least this share of its sentences written twice or more repeats paragraphs.
REPEATED_MIN_SHARE = 0.1
REPEATED_MIN_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class Verdict:
    """How two articles relate: ``kind`` is ``exact``, ``near`` or ``rewrite``."""

    kind: str
    similarity: float


def _share_equal(a: Sequence[int], b: Sequence[int]) -> float:
    """The share of two MinHashes' values that are equal: their sets' Jaccard estimate."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def _containment(a: Sequence[int], b: Sequence[int]) -> float:
    """The share of the smaller set of non-zero values that the other holds."""
    sa, sb = {x for x in a if x}, {x for x in b if x}
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _far_apart(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and abs(a - b) > STORY_MAX_DAYS


def compare(a: Signature, b: Signature) -> Verdict | None:
    """How two articles relate, or None when they are not copies of one story."""
    if a.text_hash == b.text_hash and a.word_count:
        return Verdict("exact", 1.0)
    if _far_apart(a.published_at, b.published_at):
        return None
    words = _share_equal(a.word_minhash, b.word_minhash)
    sentences = _containment(a.sentence_hashes, b.sentence_hashes)
    if words >= NEAR_MIN_WORD_SIMILARITY or sentences >= NEAR_MIN_SENTENCE_SHARE:
        return Verdict("near", round(max(words, sentences), 4))
    entities = _share_equal(a.entity_minhash, b.entity_minhash)
    if entities >= REWRITE_MIN_ENTITY_SIMILARITY:
        return Verdict("rewrite", round(entities, 4))
    return None


def aligned_sentences(copy: Signature, other: Signature) -> list[tuple[int, int]]:
    """The pairs (a sentence of ``copy``, one of ``other``) that stand for each other: the
    sentences written word for word alike or naming the same names and figures; and, between
    two of those that come in order on both sides with as many sentences between them on
    each side, those sentences one for one where each is about as long as the other (a
    spinner rewrites each sentence in its place, whether it names anyone or not)."""
    by_hash: dict[int, int] = {}
    by_key: dict[int, int] = {}
    for j, (key, sentence) in enumerate(
        zip(other.sentence_keys, other.sentence_hashes, strict=True)
    ):
        by_hash.setdefault(sentence, j)
        if key:
            by_key.setdefault(key, j)
    matched: list[tuple[int, int]] = []
    for i, (key, sentence) in enumerate(zip(copy.sentence_keys, copy.sentence_hashes, strict=True)):
        found = by_hash.get(sentence)
        if found is None and key:
            found = by_key.get(key)
        if found is not None:
            matched.append((i, found))
    pairs = list(matched)
    anchors: list[tuple[int, int]] = []
    for i, j in matched:  # the matches in order on both sides
        if not anchors or j > anchors[-1][1]:
            anchors.append((i, j))
    for (i0, j0), (i1, j1) in pairwise(anchors):
        if i1 - i0 == j1 - j0:  # in its place, and about as long
            pairs += (
                (i0 + k, j0 + k)
                for k in range(1, i1 - i0)
                if abs(copy.sentence_words[i0 + k] - other.sentence_words[j0 + k])
                <= SPUN_LENGTH_SLACK
            )
    return pairs


def spun_against(copy: Signature, other: Signature) -> bool:
    """Whether ``copy`` reads as ``other`` with its words swapped one for one: its sentences
    align with the other's in order, keep their lengths, and differ."""
    aligned = changed = same_length = 0
    for i, j in aligned_sentences(copy, other):
        aligned += 1
        if copy.sentence_hashes[i] != other.sentence_hashes[j]:
            changed += 1
            same_length += (
                abs(copy.sentence_words[i] - other.sentence_words[j]) <= SPUN_LENGTH_SLACK
            )
    return (
        aligned >= SPUN_MIN_ALIGNED
        and changed >= SPUN_MIN_CHANGED * aligned
        and same_length >= SPUN_MIN_SAME_LENGTH * changed
    )


def repeats_paragraphs(signature: Signature) -> bool:
    """Whether a text holds some of its sentences twice or more."""
    # the copies beyond the first (the stories step counts them so in DuckDB too)
    repeated = len(signature.sentence_hashes) - len(set(signature.sentence_hashes))
    return repeated >= REPEATED_MIN_SENTENCES and repeated >= REPEATED_MIN_SHARE * len(
        signature.sentence_hashes
    )


class UnionFind:
    """Disjoint sets over 0..n-1, by size, with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


# A story's id: the first STORY_ID_CHARS hex digits of the MD5 of its smallest doc id (the
# stories step computes the same in DuckDB for the stories of one article).
STORY_ID_CHARS = 16


def story_id(doc_ids: Iterable[str]) -> str:
    """A story's id: from its smallest doc id, so that a rerun gives the same one."""
    return hashlib.md5(min(doc_ids).encode("utf-8")).hexdigest()[:STORY_ID_CHARS]


def _canonical_rank(signature: Signature, support: int, closeness: float) -> tuple[object, ...]:
    """The canonical copy sorts first: with an agency or a dateline, copied word for word
    by the most members (``support``: a spinner or a rewriter copies the original, seldom
    another's spin), published first, copied the most closely (``closeness``, the sum of
    those members' similarities: a spun copy is further from each than the original is),
    the most complete (its repeated sentences counted once), then by doc id."""
    published = signature.published_at.timestamp() if signature.published_at else float("inf")
    return (
        not (signature.agency or signature.dateline),
        -support,
        published,
        -round(closeness, 6),
        -_distinct_words(signature),
        signature.doc_id,
    )


def _distinct_words(signature: Signature) -> int:
    """A text's words, its repeated sentences counted once: how complete it is."""
    seen: dict[int, int] = dict(
        zip(signature.sentence_hashes, signature.sentence_words, strict=True)
    )
    return sum(seen.values())


_ROLES = {"exact": "exact_copy", "near": "near_copy", "rewrite": "rewrite"}
_COPIES = frozenset({"exact", "near"})


def story_rows(members: Sequence[Signature]) -> list[StoryRow]:
    """The rows of one story's members (a story of one included)."""
    sid = story_id(m.doc_id for m in members)
    if len(members) == 1:
        only = members[0]
        alone = ("repeated_paragraphs",) if repeats_paragraphs(only) else ()
        return [StoryRow(only.doc_id, sid, only.doc_id, "canonical", 1.0, alone, 1)]
    # a spun copy aligns with its original as the original aligns with it: which is which
    # is told by the members that copy one of them word for word (exact and near copies)
    # (how many copy it, and how closely: the sum of their similarities)
    support: dict[str, tuple[int, float]] = {}
    if len(members) <= SUPPORT_MAX_MEMBERS:
        for m in members:
            verdicts = [compare(m, o) for o in members if o is not m]
            close = [v.similarity for v in verdicts if v is not None and v.kind in _COPIES]
            support[m.doc_id] = (len(close), sum(close))
    else:  # a press release on a thousand sites: its exact copies alone, counted in one pass
        copies = Counter(m.text_hash for m in members)
        support = {m.doc_id: (copies[m.text_hash] - 1, 0.0) for m in members}
    canonical = min(members, key=lambda m: _canonical_rank(m, *support[m.doc_id]))
    rows = []
    for member in members:
        flags: list[str] = []
        if member is canonical:
            role, similarity = "canonical", 1.0
        else:
            verdict = compare(member, canonical)
            role = _ROLES[verdict.kind] if verdict else "rewrite"
            similarity = (
                verdict.similarity
                if verdict
                else _share_equal(member.entity_minhash, canonical.entity_minhash)
            )
            if member.text_hash != canonical.text_hash and spun_against(member, canonical):
                flags.append("spun")
        if repeats_paragraphs(member):
            flags.append("repeated_paragraphs")
        rows.append(
            StoryRow(
                member.doc_id,
                sid,
                canonical.doc_id,
                role,
                float(similarity),
                tuple(flags),
                len(members),
            )
        )
    return rows


def group(signatures: Sequence[Signature], pairs: Iterable[tuple[int, int]]) -> list[StoryRow]:
    """Every article's story row: the candidate ``pairs`` (indexes into ``signatures``) that
    ``compare`` verifies, joined into stories."""
    sets = UnionFind(len(signatures))
    for i, j in pairs:
        if i != j and sets.find(i) != sets.find(j) and compare(signatures[i], signatures[j]):
            sets.union(i, j)
    stories: dict[int, list[Signature]] = {}
    for i, signature in enumerate(signatures):
        stories.setdefault(sets.find(i), []).append(signature)
    rows: list[StoryRow] = []
    for members in stories.values():
        rows += story_rows(sorted(members, key=lambda m: m.doc_id))
    return sorted(rows, key=lambda r: r.doc_id)
