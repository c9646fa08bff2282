"""An article's signature: what finds its copies among many without reading them again.

- ``text_hash``: the hash of its words, lower-cased, punctuation and spacing aside: an exact
  copy has the same one whatever its layout.
- ``word_minhash``: a MinHash of its word 5-grams (as datatrove and NeMo Curator sign their
  documents), whose values two texts share in the share their 5-grams are shared: a wire copy,
  trimmed and retitled, shares most of them.
- ``entity_minhash``: a MinHash of the pairs of consecutive names and figures in it
  ("Kyiv", "Zelenskyy", "2024", "3.5"): a copy whose words were swapped for synonyms, or a
  rewrite, keeps most of its names and figures in their order when it keeps few 5-grams.
- For each sentence: a hash of its words, a key of the names and figures in it, and its
  length; two copies are aligned sentence by sentence on them (``extractors.stories.group``).

Every hash is the same in every process and on every machine (no ``hash()`` of a string).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt

from extractors.record import Article, Signature

# Words of a shingle, and MinHash values per signature, cut into bands for the candidate
# search (flows/stories.py). Word 5-grams: 20 bands of 3 rows, which makes two texts sharing
# 60% of their 5-grams candidates with a chance of 0.99 (1 - (1 - 0.6^3)^20), and two
# sharing 10% with 0.02. Pairs of names: 30 bands of 2, which makes two rewrites sharing 30%
# of them (the seeds' AP copies share 35 to 40%) candidates with a chance of 0.94, and two
# stories sharing 10% with 0.26 (verification, at 20%, parts those).
SHINGLE_WORDS = 5
MINHASH_PERMUTATIONS = 60
WORD_BAND_ROWS = 3
ENTITY_BAND_ROWS = 2
# The MinHash hash functions h(x) = (a x + b) >> 32 over 64-bit words (multiply-shift, with
# a odd: a universal family, cheaper than datasketch's modulo a prime); fixed by a seed, so
# that every batch signs alike.
_MAX_HASH = np.uint64((1 << 32) - 1)
_RANDOM = np.random.RandomState(20240601)
_A = _RANDOM.randint(0, 1 << 63, size=(2, MINHASH_PERMUTATIONS), dtype=np.uint64) * np.uint64(
    2
) + np.uint64(1)
_B = _RANDOM.randint(0, 1 << 63, size=(2, MINHASH_PERMUTATIONS), dtype=np.uint64)
_WORDS_FAMILY, _ENTITIES_FAMILY = 0, 1
# Odd multipliers that mix a shingle's word hashes into one 32-bit value.
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)

# The tokens of a text, read in one pass: an abbreviation ("U.S."), a figure ("1,000", "3.5"),
# a word ("Russia's"), and the marks that end a sentence (a stop, a question or exclamation
# mark, a line break).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d[\d,.]*\d|\w+(?:['’]\w+)*|[.!?…]+|\n")
_STOPS = frozenset(".!?…\n")
_HASH_BITS = (1 << 63) - 1


def _hash64(text: str) -> int:
    """A stable 63-bit hash of a string (fits Parquet's int64)."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") & _HASH_BITS


def _word_hashes(words: Sequence[str]) -> npt.NDArray[np.uint64]:
    """Each word's stable 32-bit hash."""
    table = {w: zlib.crc32(w.encode("utf-8")) for w in set(words)}
    return np.array([table[w] for w in words], dtype=np.uint64)


def _shingles(hashes: npt.NDArray[np.uint64], size: int) -> npt.NDArray[np.uint64]:
    """The 32-bit hashes of every run of ``size`` consecutive items (the whole, if shorter),
    repeats kept: a MinHash, a minimum, is the same over a set and over its repeats."""
    n = len(hashes)
    if n == 0:
        return hashes
    size = min(size, n)
    mixed = np.zeros(n - size + 1, dtype=np.uint64)
    for k in range(size):
        mixed = mixed * _MIX[k % len(_MIX)] + hashes[k : n - size + 1 + k]
    return (mixed ^ (mixed >> np.uint64(29))) & _MAX_HASH


def minhash(shingles: npt.NDArray[np.uint64], family: int) -> tuple[int, ...]:
    """The MinHash of a set of 32-bit shingle hashes: MINHASH_PERMUTATIONS values, or none
    for an empty set."""
    if len(shingles) == 0:
        return ()
    a, b = _A[family][:, None], _B[family][:, None]
    with np.errstate(over="ignore"):
        # multiply-shift hashing: the high 32 bits of a x + b (mod 2^64), a odd
        values = (a * shingles[None, :] + b) >> np.uint64(32)
    return tuple(values.min(axis=1).tolist())


def _is_name(token: str, *, first: bool) -> bool:
    """Whether a token is a name or a figure; a sentence's first word only when a figure or
    written in capitals ("NATO")."""
    head = token[0]
    if head.isdigit():
        return True
    return head.isupper() and len(token) > 1 and (not first or token.isupper())


def _name(lowered: str) -> str:
    """A name as compared: lower-cased, without its possessive or its abbreviation's stop."""
    name = lowered.replace("’", "'")
    return (name[:-2] if name.endswith("'s") else name).rstrip(".")


def signature_of(
    doc_id: str,
    text: str,
    *,
    site: str | None = None,
    published_at: datetime | None = None,
    agency: str | None = None,
    dateline: str | None = None,
) -> Signature:
    """An article's signature (see the module's docstring)."""
    tokens = _TOKEN.findall(text)
    # every token lower-cased at once (a token holds no NUL: \w and marks only)
    lowered = "\0".join(tokens).lower().split("\0")
    # the sentences: the runs of words between two stops (an index past the end closes the
    # last)
    stops = [i for i, t in enumerate(tokens) if t[0] in _STOPS]
    stops.append(len(tokens))
    sentence_hashes: list[int] = []
    sentence_keys: list[int] = []
    sentence_words: list[int] = []
    words: list[str] = []
    entities: list[str] = []
    # the tokens that may be names or figures: a capital or a digit first
    capitals = [i for i, t in enumerate(tokens) if t[0].isupper() or t[0].isdigit()]
    capitals.append(len(tokens))
    begin = at = 0
    for stop in stops:
        if stop > begin:
            said = lowered[begin:stop]
            words += said
            names = []
            while capitals[at] < stop:
                i = capitals[at]
                at += 1
                if _is_name(tokens[i], first=i == begin):
                    names.append(_name(lowered[i]))
            entities += names
            distinct = set(names)
            sentence_hashes.append(_hash64(" ".join(said)))
            sentence_keys.append(_hash64("\x1f".join(sorted(distinct))) if len(distinct) > 1 else 0)
            sentence_words.append(len(said))
        begin = stop + 1
    return Signature(
        doc_id=doc_id,
        site=site,
        published_at=published_at,
        agency=agency,
        dateline=dateline,
        word_count=len(words),
        text_hash=hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest(),
        word_minhash=minhash(_shingles(_word_hashes(words), SHINGLE_WORDS), _WORDS_FAMILY),
        entity_minhash=(
            minhash(_shingles(_word_hashes(entities), 2), _ENTITIES_FAMILY)
            if len(entities) > 1
            else ()
        ),
        sentence_hashes=tuple(sentence_hashes),
        sentence_keys=tuple(sentence_keys),
        sentence_words=tuple(sentence_words),
    )


def article_signature(article: Article) -> Signature:
    """An article's signature, as the batch that cleans it writes it."""
    return signature_of(
        article.doc_id,
        article.text,
        site=article.site,
        published_at=article.published_at,
        agency=article.agency,
        dateline=article.dateline,
    )
